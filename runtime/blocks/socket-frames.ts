// Wire format of the direct block socket: frames `[u32 length][u8 type][payload]` (length counts type
// and payload), except that a BLOCK frame is followed by the block's raw bytes, unframed, so a block
// is written with one socket.write of the stored buffer and read with one copy into its final buffer.
import { EngineError, ErrorCode } from '../../common/index.js';

export const FrameType = {
  /** server → client: [u8 version][32 B server nonce] */
  Hello: 1,
  /** client → server: [32 B client nonce][32 B client proof] */
  Auth: 2,
  /** server → client: [32 B server proof] */
  AuthOk: 3,
  /** client → server: [u32 request id][utf8 block id] */
  Fetch: 4,
  /** server → client: [u32 request id][f64 size], then `size` raw bytes */
  Block: 5,
  /** server → client: [u32 request id][utf8 JSON WireError] */
  Error: 6,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const PROTOCOL_VERSION = 1;
/** Largest control frame accepted (block ids and errors are small); blocks travel raw. */
export const MAX_FRAME = 64 * 1024;

export function frame(type: FrameType, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.byteLength);
  out.writeUInt32BE(1 + payload.byteLength, 0);
  out[4] = type;
  out.set(payload, 5);
  return out;
}

export function requestFrame(type: FrameType, requestId: number, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const payload = Buffer.allocUnsafe(4 + body.byteLength);
  payload.writeUInt32BE(requestId, 0);
  payload.set(body, 4);
  return frame(type, payload);
}

export function blockHeaderFrame(requestId: number, size: number): Buffer {
  const payload = Buffer.allocUnsafe(12);
  payload.writeUInt32BE(requestId, 0);
  payload.writeDoubleBE(size, 4);
  return frame(FrameType.Block, payload);
}

interface RawRead {
  readonly target: Uint8Array;
  offset: number;
  readonly done: () => void;
}

/**
 * Incremental reader of a socket's bytes: calls `onFrame` for each control frame; after a frame
 * handler calls expectRaw(), the next `target.byteLength` bytes are copied into `target` instead.
 */
export class FrameReader {
  private leftover: Buffer | undefined;
  private raw: RawRead | undefined;
  private readonly onFrame: (type: number, payload: Buffer) => void;

  constructor(onFrame: (type: number, payload: Buffer) => void) {
    this.onFrame = onFrame;
  }

  /** Routes the next `target.byteLength` bytes into `target`, then calls `done`. */
  expectRaw(target: Uint8Array, done: () => void): void {
    if (target.byteLength === 0) done();
    else this.raw = { target, offset: 0, done };
  }

  /** Consumes a chunk; throws BAD_MESSAGE on a malformed frame (the caller closes the socket). */
  feed(chunk: Buffer): void {
    const data = this.leftover ? Buffer.concat([this.leftover, chunk]) : chunk;
    this.leftover = undefined;
    let off = 0;
    while (off < data.length) {
      const raw = this.raw;
      if (raw) {
        const n = Math.min(raw.target.byteLength - raw.offset, data.length - off);
        raw.target.set(data.subarray(off, off + n), raw.offset);
        raw.offset += n;
        off += n;
        if (raw.offset === raw.target.byteLength) {
          this.raw = undefined;
          raw.done();
        }
        continue;
      }
      if (data.length - off < 5) break;
      const length = data.readUInt32BE(off);
      if (length < 1 || length > MAX_FRAME) {
        throw new EngineError(ErrorCode.BadMessage, `block socket frame of ${length} bytes (at most ${MAX_FRAME})`, { fields: { length } });
      }
      if (data.length - off < 4 + length) break;
      const type = data[off + 4];
      const payload = data.subarray(off + 5, off + 4 + length);
      off += 4 + length;
      this.onFrame(type, payload);
    }
    // Only a partial control frame is ever left over (raw bytes are consumed as they come): small.
    if (off < data.length) this.leftover = Buffer.from(data.subarray(off));
  }
}
