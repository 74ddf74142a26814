// Serves a node's blocks over the NATS transport in chunks under max_payload. An `open` pins the
// block's bytes in a session (so a spilled block is read from disk once) until `close` or until it
// sits idle past the session timeout; chunks are views of the pinned bytes (no copy before publish).
import { randomBytes } from 'node:crypto';
import { silentLogger, systemClock, toWireError, type Clock, type Logger, type TimerHandle } from '../../common/index.js';
import type { InboundMessage, Subscription, Transport } from '../transport/index.js';
import { blockNotFound, fetchFailed, type BlockSource } from './block-transfer.js';
import { H, HEADER_ALLOWANCE, blocksAddress, controlMessage } from './nats-block-protocol.js';

export interface NatsBlockServerOptions {
  readonly transport: Transport;
  /** This node's id: the server listens on blocksAddress(node). */
  readonly node: string;
  readonly source: BlockSource;
  /** Sessions idle this long are dropped (default 60 s). */
  readonly sessionIdleMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface Session {
  readonly bytes: Uint8Array;
  readonly chunkSize: number;
  touched: number;
}

export class NatsBlockServer {
  private readonly sessions = new Map<string, Session>();
  private readonly sub: Subscription;
  private readonly sweeper: TimerHandle;
  private readonly prefix = randomBytes(4).toString('hex');
  private nextSession = 1;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly idleMs: number;

  constructor(private readonly options: NatsBlockServerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger();
    this.idleMs = options.sessionIdleMs ?? 60_000;
    this.sub = options.transport.listen(blocksAddress(options.node), (m) => this.onMessage(m));
    this.sweeper = this.clock.setInterval(() => this.sweep(), Math.max(1, this.idleMs / 2));
  }

  /** Transfers in progress (sessions pinning block bytes). */
  get openSessions(): number { return this.sessions.size; }

  close(): void {
    this.sub.unsubscribe();
    this.sweeper.cancel();
    this.sessions.clear();
  }

  private onMessage(m: InboundMessage): void {
    switch (m.headers[H.op]) {
      case 'open': void this.open(m); break;
      case 'chunk': this.chunk(m); break;
      case 'close': this.sessions.delete(m.headers[H.transfer] ?? ''); break;
      default: this.log.warn({ op: m.headers[H.op] }, 'unknown block transfer operation dropped');
    }
  }

  private async open(m: InboundMessage): Promise<void> {
    const blockId = m.headers[H.blockId] ?? '';
    try {
      const bytes = await this.options.source(blockId);
      if (!bytes) throw blockNotFound(blockId, `node ${this.options.node}`);
      const chunkSize = Math.max(1, this.options.transport.maxPayload - HEADER_ALLOWANCE);
      const headers: Record<string, string> = { [H.size]: String(bytes.byteLength), [H.chunk]: String(chunkSize) };
      if (bytes.byteLength > chunkSize) {
        const id = `${this.prefix}-${this.nextSession++}`;
        this.sessions.set(id, { bytes, chunkSize, touched: this.clock.monotonic() });
        headers[H.transfer] = id;
      }
      m.respond?.(controlMessage(headers, bytes.subarray(0, chunkSize)));
    } catch (err) {
      this.replyError(m, err);
    }
  }

  private chunk(m: InboundMessage): void {
    const id = m.headers[H.transfer] ?? '';
    const session = this.sessions.get(id);
    if (!session) {
      this.replyError(m, fetchFailed(m.headers[H.blockId] ?? id, `node ${this.options.node}`, 'because the transfer expired'));
      return;
    }
    session.touched = this.clock.monotonic();
    const start = Number(m.headers[H.index]) * session.chunkSize;
    try {
      m.respond?.(controlMessage({}, session.bytes.subarray(start, start + session.chunkSize)));
    } catch (err) {
      this.log.warn({ err, transfer: id }, 'block chunk reply failed');
    }
  }

  private replyError(m: InboundMessage, err: unknown): void {
    try {
      m.respond?.(controlMessage({ [H.error]: JSON.stringify(toWireError(err)) }));
    } catch (replyErr) {
      this.log.warn({ err: replyErr }, 'block transfer error reply failed');
    }
  }

  private sweep(): void {
    const cutoff = this.clock.monotonic() - this.idleMs;
    for (const [id, s] of this.sessions) if (s.touched < cutoff) this.sessions.delete(id);
  }
}
