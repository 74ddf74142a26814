// Executor side of broadcast variables: a per-executor cache in front of the BroadcastFetcher port
// (the block manager), one fetch per value however many tasks ask at once, and the proxy whose
// synchronous `.value` user functions read (the value is fetched before the task starts).

import { EngineError, ErrorCode } from '../../common/index.js';

/** Where an executor gets a broadcast value from (implemented by the block manager). */
export interface BroadcastFetcher {
  /** The decoded value of broadcast `id`; rejects when it no longer exists. */
  fetch(id: number): Promise<unknown>;
}

/** Per-executor cache of broadcast values. */
export class BroadcastCache {
  readonly #values = new Map<number, unknown>();
  readonly #pending = new Map<number, Promise<unknown>>();

  constructor(private readonly fetcher: BroadcastFetcher) {}

  /** The value of `id`, fetched at most once while cached (concurrent callers share the fetch). */
  async get(id: number): Promise<unknown> {
    if (this.#values.has(id)) return this.#values.get(id);
    let pending = this.#pending.get(id);
    if (!pending) {
      pending = this.fetcher.fetch(id).then(
        (value) => {
          // An eviction while the fetch was in flight wins: the value is not kept.
          if (this.#pending.get(id) === pending) this.#values.set(id, value);
          return value;
        },
      ).finally(() => {
        if (this.#pending.get(id) === pending) this.#pending.delete(id);
      });
      this.#pending.set(id, pending);
    }
    return pending;
  }

  /** The cached value, synchronously; throws when it was not fetched first. */
  peek(id: number): unknown {
    if (!this.#values.has(id)) {
      throw new EngineError(ErrorCode.Internal, `broadcast ${id} was not fetched before the task ran`,
        { fields: { broadcast: id } });
    }
    return this.#values.get(id);
  }

  has(id: number): boolean {
    return this.#values.has(id);
  }

  /** Drops a cached value (on unpersist or destroy from the driver). */
  evict(id: number): void {
    this.#values.delete(id);
    this.#pending.delete(id);
  }

  get size(): number {
    return this.#values.size;
  }
}

/**
 * What a user function sees for a captured broadcast on an executor. It holds the value taken
 * when its task started, so an unpersist during the task does not pull it away.
 */
export class BroadcastProxy<T> {
  constructor(readonly id: number, readonly value: T) {}
}
