// Serves a node's blocks on a direct TCP socket (loopback unless configured otherwise). Each
// connection must pass the shared-secret handshake before it may fetch; requests on one connection
// are answered in order, reads of later blocks overlapping the writing of earlier ones, and a
// connection waits for the socket to drain before writing the next block (TCP is the flow control).
import { createServer, type Server, type Socket } from 'node:net';
import { EngineError, ErrorCode, silentLogger, toWireError, type Clock, type Logger, systemClock } from '../../common/index.js';
import type { BlockSource } from './block-transfer.js';
import { blockNotFound } from './block-transfer.js';
import { NONCE_BYTES, nonce, proof, proofMatches } from './socket-auth.js';
import { FrameReader, FrameType, PROTOCOL_VERSION, blockHeaderFrame, frame, requestFrame } from './socket-frames.js';

export interface SocketBlockServerOptions {
  readonly source: BlockSource;
  readonly secret: Uint8Array;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (ephemeral). */
  readonly port?: number;
  /** A connection that has not authenticated within this time is closed (default 10 s). */
  readonly authTimeoutMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

type Outcome = { ok: true; bytes: Uint8Array | undefined } | { ok: false; err: unknown };

export class SocketBlockServer {
  readonly host: string;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly options: SocketBlockServerOptions;
  private readonly log: Logger;
  private boundPort = 0;

  /** Starts listening; resolves once bound. */
  static async start(options: SocketBlockServerOptions): Promise<SocketBlockServer> {
    if (options.secret.byteLength < 16) {
      throw new EngineError(ErrorCode.Config, 'the block transfer secret (spark.authenticate.secret) must have at least 16 bytes');
    }
    const s = new SocketBlockServer(options);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', (err) => reject(new EngineError(ErrorCode.ConnectionFailed,
        `cannot listen for block transfers on ${s.host}:${options.port ?? 0}: ${err.message}`, { cause: err, fields: { host: s.host } })));
      s.server.listen(options.port ?? 0, s.host, () => resolve());
    });
    const address = s.server.address();
    s.boundPort = typeof address === 'object' && address ? address.port : 0;
    return s;
  }

  private constructor(options: SocketBlockServerOptions) {
    this.options = options;
    this.host = options.host ?? '127.0.0.1';
    this.log = options.logger ?? silentLogger();
    this.server = createServer((socket) => this.accept(socket));
  }

  get port(): number { return this.boundPort; }

  /** Stops accepting and destroys open connections (clients see their fetches fail). */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.log.debug({ err }, 'block socket error'));
    const serverNonce = nonce();
    const clock = this.options.clock ?? systemClock;
    const timer = clock.setTimeout(() => socket.destroy(), this.options.authTimeoutMs ?? 10_000);
    socket.on('close', () => timer.cancel());
    let authed = false;
    let chain: Promise<void> = Promise.resolve();
    const reader = new FrameReader((type, payload) => {
      if (!authed) {
        if (type !== FrameType.Auth || payload.byteLength !== 2 * NONCE_BYTES) throw refused('expected an AUTH frame');
        const clientNonce = payload.subarray(0, NONCE_BYTES);
        if (!proofMatches(proof(this.options.secret, 'client', serverNonce, clientNonce), payload.subarray(NONCE_BYTES))) {
          socket.write(requestFrame(FrameType.Error, 0, JSON.stringify(refused('wrong shared secret').toWire())));
          socket.end();
          return;
        }
        authed = true;
        timer.cancel();
        socket.write(frame(FrameType.AuthOk, proof(this.options.secret, 'server', serverNonce, clientNonce)));
        return;
      }
      if (type !== FrameType.Fetch || payload.byteLength < 4) throw refused(`unexpected frame type ${type}`);
      const requestId = payload.readUInt32BE(0);
      const blockId = payload.toString('utf8', 4);
      // Start the read now; answer in request order once the earlier blocks are written.
      const read: Promise<Outcome> = this.options.source(blockId).then((bytes) => ({ ok: true, bytes }), (err: unknown) => ({ ok: false, err }));
      chain = chain.then(async () => this.answer(socket, requestId, blockId, await read));
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.feed(chunk);
      } catch (err) {
        this.log.warn({ err, remote: socket.remoteAddress }, 'closing a block socket that broke the protocol');
        socket.destroy();
      }
    });
    const hello = Buffer.allocUnsafe(1 + NONCE_BYTES);
    hello[0] = PROTOCOL_VERSION;
    hello.set(serverNonce, 1);
    socket.write(frame(FrameType.Hello, hello));
  }

  private async answer(socket: Socket, requestId: number, blockId: string, outcome: Outcome): Promise<void> {
    if (socket.destroyed) return;
    if (!outcome.ok || outcome.bytes === undefined) {
      const err = outcome.ok ? blockNotFound(blockId, `${this.host}:${this.port}`) : outcome.err;
      socket.write(requestFrame(FrameType.Error, requestId, JSON.stringify(toWireError(err))));
      return;
    }
    socket.write(blockHeaderFrame(requestId, outcome.bytes.byteLength));
    if (outcome.bytes.byteLength > 0 && !socket.write(outcome.bytes)) await drained(socket);
  }
}

function refused(why: string): EngineError {
  return new EngineError(ErrorCode.AuthenticationFailed, `block transfer handshake refused: ${why}`);
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
