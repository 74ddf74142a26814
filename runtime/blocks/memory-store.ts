// Size-accounted LRU of blocks held as bytes. Every byte is charged to the UnifiedMemoryManager's
// storage side; a put that does not fit evicts least-recently-used blocks (never blocks of the RDD
// being stored, as Spark avoids thrashing one RDD's partitions) and hands each evicted block to the
// eviction listener, which spills MEMORY_AND_DISK blocks to disk and drops MEMORY_ONLY ones.
// Blocks are immutable once stored, so a reader keeps its view after eviction: no read locks.
import { rddIdOf } from './block-id.js';
import type { StorageLevel } from './storage-level.js';
import type { UnifiedMemoryManager } from './unified-memory-manager.js';

export interface MemoryEntry {
  readonly bytes: Uint8Array;
  readonly level: StorageLevel;
}

/** Called synchronously for each block evicted from memory (its bytes are still valid). */
export type EvictionListener = (blockId: string, entry: MemoryEntry) => void;

export class MemoryStore {
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly memory: UnifiedMemoryManager;
  private onEvict: EvictionListener;

  constructor(memory: UnifiedMemoryManager, onEvict: EvictionListener = () => undefined) {
    this.memory = memory;
    this.onEvict = onEvict;
    memory.setStorageEvictor((bytes) => this.evict(bytes, undefined));
  }

  setEvictionListener(listener: EvictionListener): void {
    this.onEvict = listener;
  }

  /** Bytes held by all blocks. */
  get memoryUsed(): number { return this.memory.storageMemoryUsed; }
  get size(): number { return this.entries.size; }

  contains(blockId: string): boolean {
    return this.entries.has(blockId);
  }

  /** The block's bytes, marking it most recently used; undefined if not in memory. */
  get(blockId: string): Uint8Array | undefined {
    const entry = this.entries.get(blockId);
    if (!entry) return undefined;
    this.entries.delete(blockId);
    this.entries.set(blockId, entry);
    return entry.bytes;
  }

  /** Size in memory of a block, without touching its recency. */
  sizeOf(blockId: string): number | undefined {
    return this.entries.get(blockId)?.bytes.byteLength;
  }

  /**
   * Stores `bytes` (replacing an existing copy), evicting LRU blocks if needed. Returns false and
   * stores nothing when the block cannot fit even after evicting every evictable block.
   */
  put(blockId: string, bytes: Uint8Array, level: StorageLevel): boolean {
    this.remove(blockId);
    const size = bytes.byteLength;
    if (size > this.memory.maxStorageMemory) return false;
    if (!this.memory.tryAcquireStorage(size)) {
      const shortfall = size - this.memory.freeMemory;
      if (this.evictableBytes(rddIdOf(blockId)) < shortfall) return false;
      this.evict(shortfall, rddIdOf(blockId));
      if (!this.memory.tryAcquireStorage(size)) return false;
    }
    this.entries.set(blockId, { bytes, level });
    return true;
  }

  /** Drops a block (no eviction callback); returns whether it was present. */
  remove(blockId: string): boolean {
    const entry = this.entries.get(blockId);
    if (!entry) return false;
    this.entries.delete(blockId);
    this.memory.releaseStorage(entry.bytes.byteLength);
    return true;
  }

  /** Block ids in LRU order (least recently used first). */
  blockIds(): string[] {
    return [...this.entries.keys()];
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
  }

  private evictableBytes(exceptRdd: number | undefined): number {
    let total = 0;
    for (const [id, entry] of this.entries) {
      if (exceptRdd === undefined || rddIdOf(id) !== exceptRdd) total += entry.bytes.byteLength;
    }
    return total;
  }

  /** Evicts LRU blocks (skipping blocks of `exceptRdd`) until `bytes` are freed; returns bytes freed. */
  private evict(bytes: number, exceptRdd: number | undefined): number {
    let freed = 0;
    // Deleting the current entry while iterating a Map is safe: iteration continues with the next.
    for (const [id, entry] of this.entries) {
      if (freed >= bytes) break;
      if (exceptRdd !== undefined && rddIdOf(id) === exceptRdd) continue;
      this.remove(id);
      freed += entry.bytes.byteLength;
      this.onEvict(id, entry);
    }
    return freed;
  }
}
