// Conversions between Flint's WireMessage (string headers + bytes) and NATS messages, plus the exact
// on-the-wire size (body + encoded header block) that the server compares with max_payload.
// Inbound bodies are copied: a NATS msg.data is a view into the client's read buffer (STACK.md).
import { headers as natsHeaders, type Msg, type MsgHdrs } from '@nats-io/transport-node';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { WireMessage } from './transport.js';

/** NATS headers for `record`, or undefined when there are none (no header block on the wire). */
export function toNatsHeaders(record: Readonly<Record<string, string>>): MsgHdrs | undefined {
  const entries = Object.entries(record);
  if (entries.length === 0) return undefined;
  const h = natsHeaders();
  try {
    // append, not set: a record's keys are distinct, so set's search-and-delete per key is wasted work.
    for (const [k, v] of entries) h.append(k, v);
  } catch (err) {
    throw new EngineError(ErrorCode.InvalidArgument, `invalid message header: ${(err as Error).message}`, {
      fields: { headers: Object.keys(record).join(',') }, cause: err,
    });
  }
  return h;
}

/** Plain record of NATS headers (first value of each key); the NATS status line is not a header. */
export function fromNatsHeaders(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const [k, values] of h) {
    if (values.length > 0) out[k] = values[0];
  }
  return out;
}

/** Bytes the server counts against max_payload: body plus the encoded header block. */
export function wirePayloadSize(body: Uint8Array, h: MsgHdrs | undefined): number {
  if (!h) return body.byteLength;
  // Same layout as the client's encoder: `NATS/1.0` + `\r\nk: v` per value + `\r\n\r\n`.
  let size = 'NATS/1.0'.length + 4;
  for (const [k, values] of h) {
    for (const v of values) size += 4 + Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  return body.byteLength + size;
}

/** A copy of `view` that owns its own ArrayBuffer (offset 0, exact length): safe to keep or transfer. */
export function ownedCopy(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

/** The WireMessage of a received NATS message, with its body copied out of the read buffer. */
export function wireFromNats(msg: Msg): WireMessage {
  return { headers: fromNatsHeaders(msg.headers), body: ownedCopy(msg.data) };
}
