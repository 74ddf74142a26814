// A bounded FIFO of user messages. `offer` never blocks (false when full); `offerOrWait` is the
// backpressured variant whose promise settles once the item is queued, in arrival order.
import type { EngineError } from '../../common/index.js';

interface Waiter<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (err: EngineError) => void;
}

export class Mailbox<T> {
  private items: T[] = [];
  private head = 0;
  private readonly waiters: Waiter<T>[] = [];

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Queues `item` unless the mailbox is full (or senders are already waiting for room). */
  offer(item: T): boolean {
    if (this.size >= this.capacity || this.waiters.length > 0) return false;
    this.items.push(item);
    return true;
  }

  /** Queues `item` now if there is room, otherwise when room appears (FIFO among waiters). */
  offerOrWait(item: T): Promise<void> {
    if (this.offer(item)) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ item, resolve, reject }));
  }

  poll(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined as T; // release the reference for the GC
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.admitWaiters();
    return item;
  }

  /** Empties the mailbox (on stop) and fails every waiting sender with `err`. */
  close(err: EngineError): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    for (const w of this.waiters.splice(0)) w.reject(err);
    return rest;
  }

  private admitWaiters(): void {
    while (this.waiters.length > 0 && this.size < this.capacity) {
      const w = this.waiters.shift()!;
      this.items.push(w.item);
      w.resolve();
    }
  }
}
