// Driver-side broadcast variables: `sc.broadcast(value)` keeps the value here and hands out a handle
// that user functions capture by reference; executors fetch the value once each and cache it.
// Lifecycle: Live → (unpersist: executors drop copies, refetch on next use) → Live; Live → Destroyed.

import { EngineError, ErrorCode } from '../../common/index.js';
import { SHIP_AS_REF, assertShippable, capturePackr, type HandleRef, type ShippableHandle } from './closure-captures.js';

/** Tells executors to drop cached copies (the block manager implements it). */
export interface BroadcastLifecycle {
  /** Drops executor copies; the driver keeps the value. */
  unpersist(id: number): Promise<void>;
  /** Drops executor copies and the driver's stored value. */
  destroy(id: number): Promise<void>;
}

const noLifecycle: BroadcastLifecycle = { unpersist: async () => {}, destroy: async () => {} };

/** A broadcast variable handle. `.value` on the driver; a proxy with `.value` on executors. */
export class Broadcast<T> implements ShippableHandle {
  #value: T | undefined;
  #destroyed = false;

  constructor(readonly id: number, value: T, private readonly lifecycle: BroadcastLifecycle = noLifecycle,
    private readonly onDestroy: (id: number) => void = () => {}) {
    this.#value = value;
  }

  get value(): T {
    this.#assertLive('read');
    return this.#value as T;
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Removes cached copies from executors; the next task that uses it fetches it again. */
  async unpersist(): Promise<void> {
    this.#assertLive('unpersist');
    await this.lifecycle.unpersist(this.id);
  }

  /** Releases the value everywhere; any later use (or capture) is refused. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#value = undefined;
    this.onDestroy(this.id);
    await this.lifecycle.destroy(this.id);
  }

  [SHIP_AS_REF](): HandleRef {
    this.#assertLive('capture');
    return { kind: 'broadcast', id: this.id };
  }

  toString(): string {
    return `Broadcast<id=${this.id}${this.#destroyed ? ', destroyed' : ''}>`;
  }

  #assertLive(action: string): void {
    if (this.#destroyed) {
      throw new EngineError(ErrorCode.InvalidArgument, `cannot ${action} broadcast ${this.id}: it was destroyed`,
        { fields: { broadcast: this.id } });
    }
  }
}

/** The driver's broadcast variables; serves their encoded values to whatever ships them. */
export class BroadcastRegistry {
  #nextId = 0;
  readonly #live = new Map<number, Broadcast<unknown>>();
  /** Encoded values, made on the first fetch: a broadcast is read-only, and every executor asks once. */
  readonly #encoded = new Map<number, Uint8Array>();

  constructor(private readonly lifecycle: BroadcastLifecycle = noLifecycle) {}

  /** `sc.broadcast(value)`: throws NOT_SERIALIZABLE when the value is not plain data. */
  create<T>(value: T): Broadcast<T> {
    const id = this.#nextId++;
    assertShippable(value, `broadcast ${id} value`);
    const b = new Broadcast<T>(id, value, this.lifecycle, (gone) => { this.#live.delete(gone); this.#encoded.delete(gone); });
    this.#live.set(id, b as Broadcast<unknown>);
    return b;
  }

  /** The value's bytes for an executor's fetch (decode with decodeBroadcastValue). */
  encodedValue(id: number): Uint8Array {
    const b = this.#live.get(id);
    if (!b) {
      throw new EngineError(ErrorCode.InvalidArgument, `broadcast ${id} does not exist or was destroyed`,
        { fields: { broadcast: id } });
    }
    let bytes = this.#encoded.get(id);
    if (bytes === undefined) this.#encoded.set(id, (bytes = encodeBroadcastValue(b.value)));
    return bytes;
  }
}

/** The broadcast value codec (capturePackr: keeps Map, Set, typed arrays, big BigInts). */
export function encodeBroadcastValue(value: unknown): Uint8Array {
  return capturePackr.pack(value);
}

export function decodeBroadcastValue(bytes: Uint8Array): unknown {
  return capturePackr.unpack(bytes);
}
