// Fetches blocks from peers' block sockets: one authenticated connection per peer, requests pipelined
// on it and matched by id; each block is read straight into one buffer of its exact size. A broken
// connection fails its fetches as retryable and is replaced on the next attempt.
import { connect, type Socket } from 'node:net';
import { EngineError, ErrorCode, fromWireError, systemClock, type Clock, type WireError } from '../../common/index.js';
import type { BlockManagerId } from './block-status.js';
import { DEFAULT_RETRY, fetchFailed, uninitialized, withRetries, type RetryPolicy } from './block-transfer.js';
import { NONCE_BYTES, nonce, proof, proofMatches } from './socket-auth.js';
import { FrameReader, FrameType, PROTOCOL_VERSION, frame, requestFrame } from './socket-frames.js';

export interface SocketBlockClientOptions {
  readonly secret: Uint8Array;
  readonly retry?: RetryPolicy;
  /** Connect plus handshake must finish within this time (default 10 s). */
  readonly connectTimeoutMs?: number;
  readonly clock?: Clock;
}

interface Pending {
  readonly blockId: string;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (err: unknown) => void;
}

/** One authenticated connection to a peer's block socket. */
class PeerConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: EngineError | undefined;

  constructor(private readonly socket: Socket, private readonly peer: string) {}

  get broken(): boolean { return this.failure !== undefined; }

  fetch(blockId: string): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { blockId, resolve, reject });
      this.socket.write(requestFrame(FrameType.Fetch, id, blockId));
    });
  }

  onFrame(type: number, payload: Buffer, reader: FrameReader): void {
    const id = payload.readUInt32BE(0);
    const p = this.pending.get(id);
    if (!p) throw new EngineError(ErrorCode.BadMessage, `block socket answered unknown request ${id}`);
    if (type === FrameType.Error) {
      this.pending.delete(id);
      p.reject(fromWireError(JSON.parse(payload.toString('utf8', 4)) as WireError));
    } else if (type === FrameType.Block) {
      // Stays pending until its last byte arrives, so a connection cut mid-block fails it.
      const target = uninitialized(payload.readDoubleBE(4));
      reader.expectRaw(target, () => {
        this.pending.delete(id);
        p.resolve(target);
      });
    } else {
      throw new EngineError(ErrorCode.BadMessage, `unexpected block socket frame type ${type}`);
    }
  }

  fail(err: EngineError): void {
    if (this.failure) return;
    this.failure = err;
    for (const p of this.pending.values()) p.reject(fetchFailed(p.blockId, this.peer, 'because the connection broke', err));
    this.pending.clear();
    this.socket.destroy();
  }

  close(): void {
    this.fail(new EngineError(ErrorCode.TransportClosed, 'block client closed'));
  }
}

export class SocketBlockClient {
  private readonly peers = new Map<string, Promise<PeerConnection>>();
  private readonly options: SocketBlockClientOptions;
  private readonly clock: Clock;
  private closed = false;

  constructor(options: SocketBlockClientOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
  }

  /** The block from `from.host:from.port`, retried per the policy on connection failures. */
  fetchBlock(from: BlockManagerId, blockId: string): Promise<Uint8Array> {
    const peer = `${from.host}:${from.port}`;
    return withRetries({ blockId, from: peer }, this.options.retry ?? DEFAULT_RETRY, this.clock, async () => {
      if (this.closed) throw new EngineError(ErrorCode.TransportClosed, 'block client closed');
      const conn = await this.connection(from.host, from.port);
      return conn.fetch(blockId);
    });
  }

  close(): void {
    this.closed = true;
    for (const p of this.peers.values()) void p.then((c) => c.close(), () => undefined);
    this.peers.clear();
  }

  private connection(host: string, port: number): Promise<PeerConnection> {
    const key = `${host}:${port}`;
    const existing = this.peers.get(key);
    if (existing) {
      return existing.then((c) => {
        if (!c.broken) return c;
        if (this.peers.get(key) === existing) this.peers.delete(key);
        return this.connection(host, port);
      });
    }
    const created = this.open(host, port);
    this.peers.set(key, created);
    created.catch(() => { if (this.peers.get(key) === created) this.peers.delete(key); });
    return created;
  }

  private open(host: string, port: number): Promise<PeerConnection> {
    const peer = `${host}:${port}`;
    const secret = this.options.secret;
    return new Promise<PeerConnection>((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      const clientNonce = nonce();
      let serverNonce: Buffer | undefined;
      let conn: PeerConnection | undefined;
      const timer = this.clock.setTimeout(() => fail(new EngineError(ErrorCode.ConnectionFailed,
        `block socket ${peer} did not complete the handshake in time`, { retryable: true, fields: { peer } })), this.options.connectTimeoutMs ?? 10_000);
      const fail = (err: EngineError): void => {
        timer.cancel();
        if (conn) conn.fail(err);
        else { socket.destroy(); reject(err); }
      };
      const reader: FrameReader = new FrameReader((type, payload) => {
        if (conn) { conn.onFrame(type, payload, reader); return; }
        if (type === FrameType.Hello && !serverNonce && payload[0] === PROTOCOL_VERSION && payload.byteLength === 1 + NONCE_BYTES) {
          serverNonce = Buffer.from(payload.subarray(1));
          socket.write(frame(FrameType.Auth, Buffer.concat([clientNonce, proof(secret, 'client', serverNonce, clientNonce)])));
        } else if (type === FrameType.AuthOk && serverNonce && proofMatches(proof(secret, 'server', serverNonce, clientNonce), payload)) {
          timer.cancel();
          conn = new PeerConnection(socket, peer);
          resolve(conn);
        } else if (type === FrameType.Error) {
          const wire = JSON.parse(payload.toString('utf8', 4)) as WireError;
          fail(fromWireError(wire));
        } else {
          fail(new EngineError(ErrorCode.AuthenticationFailed, `block socket ${peer} failed the handshake (wrong secret or not a Flint block server)`, { fields: { peer } }));
        }
      });
      socket.on('data', (chunk: Buffer) => {
        try {
          reader.feed(chunk);
        } catch (err) {
          fail(err instanceof EngineError ? err : new EngineError(ErrorCode.BadMessage, String(err), { cause: err }));
        }
      });
      socket.on('error', (err) => fail(new EngineError(ErrorCode.ConnectionFailed, `block socket ${peer}: ${err.message}`, {
        retryable: true, fields: { peer }, cause: err,
      })));
      socket.on('close', () => fail(new EngineError(ErrorCode.ConnectionFailed, `block socket ${peer} closed`, { retryable: true, fields: { peer } })));
    });
  }
}

