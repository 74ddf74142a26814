// Fetches blocks from other executors' block sockets. Every executor has its own random secret (handed
// out by the driver with the map outputs), so there is one SocketBlockClient per secret, each keeping
// one pipelined connection per peer. Fetches are bounded: at most `inFlight` at once.
import { EngineError, ErrorCode, systemClock, type Clock } from '../../common/index.js';
import type { RetryPolicy } from '../blocks/block-transfer.js';
import { SocketBlockClient } from '../blocks/socket-block-client.js';
import type { BlockEndpoint } from './task-protocol.js';

export interface PeerBlockFetcherOptions {
  readonly retry: RetryPolicy;
  readonly clock?: Clock;
}

export class PeerBlockFetcher {
  private readonly clients = new Map<string, SocketBlockClient>();
  private closed = false;

  constructor(private readonly options: PeerBlockFetcherOptions) {}

  /** The block `wireName` (`<appId>/<block>`) from the executor behind `from`. */
  fetch(from: BlockEndpoint, wireName: string): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new EngineError(ErrorCode.TransportClosed, 'the executor is stopping; no more block fetches'));
    return this.clientFor(from.secret).fetchBlock(from.id, wireName);
  }

  close(): void {
    this.closed = true;
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private clientFor(secret: Uint8Array): SocketBlockClient {
    const key = Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength).toString('base64');
    let client = this.clients.get(key);
    if (!client) {
      client = new SocketBlockClient({ secret, retry: this.options.retry, clock: this.options.clock ?? systemClock });
      this.clients.set(key, client);
    }
    return client;
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight; resolves with the results in item order,
 * or rejects with the first failure (work already started is left to finish).
 */
export async function boundedAll<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
