// Fetches blocks over the NATS transport: one `open`, then the remaining chunks with at most `window`
// chunk requests outstanding (credit-based flow control: a chunk is sent only when asked for, so at
// most window × chunk bytes are in flight per fetch). Each chunk request is idempotent and retried
// on timeout or loss; an unreachable server ends the fetch with retryable BLOCK_FETCH_FAILED.
import { EngineError, ErrorCode, fromWireError, systemClock, type Clock, type WireError } from '../../common/index.js';
import type { Transport, WireMessage } from '../transport/index.js';
import type { BlockManagerId } from './block-status.js';
import { DEFAULT_RETRY, fetchFailed, isRetryable, sleep, uninitialized, type RetryPolicy } from './block-transfer.js';
import { H, blocksAddress, controlMessage } from './nats-block-protocol.js';

export interface NatsBlockClientOptions {
  readonly transport: Transport;
  /** Chunk requests outstanding per fetch (default 8). */
  readonly window?: number;
  /** How long one request waits for its reply before it is retried (default 10 s). */
  readonly chunkTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
}

export class NatsBlockClient {
  private readonly transport: Transport;
  private readonly window: number;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;

  constructor(options: NatsBlockClientOptions) {
    this.transport = options.transport;
    this.window = Math.max(1, options.window ?? 8);
    this.timeoutMs = options.chunkTimeoutMs ?? 10_000;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.clock = options.clock ?? systemClock;
  }

  async fetchBlock(from: BlockManagerId, blockId: string): Promise<Uint8Array> {
    const peer = `node ${from.node}`;
    const open = await this.request(from.node, blockId, peer, { [H.op]: 'open', [H.blockId]: blockId });
    const size = Number(open.headers[H.size]);
    const chunkSize = Number(open.headers[H.chunk]);
    if (open.body.byteLength === size) return open.body;
    const transfer = open.headers[H.transfer] ?? '';
    const result = uninitialized(size);
    result.set(open.body, 0);
    const chunks = Math.ceil(size / chunkSize);
    let next = 1;
    const worker = async (): Promise<void> => {
      while (next < chunks) {
        const index = next++;
        const reply = await this.request(from.node, blockId, peer,
          { [H.op]: 'chunk', [H.transfer]: transfer, [H.blockId]: blockId, [H.index]: String(index) });
        const expected = Math.min(chunkSize, size - index * chunkSize);
        if (reply.body.byteLength !== expected) {
          throw fetchFailed(blockId, peer, `(chunk ${index} has ${reply.body.byteLength} bytes, expected ${expected})`);
        }
        result.set(reply.body, index * chunkSize);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.window, chunks - 1) }, worker));
    } finally {
      next = chunks; // stop the other workers after a failure
      try {
        this.transport.send(blocksAddress(from.node), controlMessage({ [H.op]: 'close', [H.transfer]: transfer }));
      } catch {
        // The server forgets idle transfers by itself.
      }
    }
    return result;
  }

  /** One request, retried on retryable failures; error replies are thrown as their EngineError. */
  private async request(node: string, blockId: string, peer: string, headers: Record<string, string>): Promise<WireMessage> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.retry.maxRetries; attempt++) {
      if (attempt > 0) await sleep(this.clock, this.retry.retryWaitMs);
      let reply: WireMessage;
      try {
        reply = await this.transport.request(blocksAddress(node), controlMessage(headers), this.timeoutMs);
      } catch (err) {
        // No responders (the server is gone or restarting) and timeouts (a lost chunk) are retried.
        if (!(err instanceof EngineError) || err.retryable || err.code === ErrorCode.ActorNotFound) { last = err; continue; }
        throw fetchFailed(blockId, peer, '', err);
      }
      const error = reply.headers[H.error];
      if (error === undefined) return reply;
      const remote = fromWireError(JSON.parse(error) as WireError);
      if (!isRetryable(remote) || remote.code === ErrorCode.BlockFetchFailed) throw remote;
      last = remote;
    }
    throw fetchFailed(blockId, peer, `after ${this.retry.maxRetries + 1} attempts`, last);
  }
}
