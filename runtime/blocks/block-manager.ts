// One BlockManager per executor: a MemoryStore (LRU under the unified memory budget) over a DiskStore.
// MEMORY_AND_DISK blocks evicted from memory spill to disk; MEMORY_ONLY blocks are dropped (the caller
// recomputes them from lineage); every change is reported as a BlockUpdate for the driver's
// BlockManagerMaster. Remote reads go through injected ports: locate (the master) and fetch (transfer).
import { EngineError, ErrorCode, isEngineError, silentLogger, type Logger } from '../../common/index.js';
import { blockName, type BlockId } from './block-id.js';
import type { BlockManagerId, BlockStatus, BlockUpdate } from './block-status.js';
import type { DiskStore } from './disk-store.js';
import { MemoryStore, type MemoryEntry } from './memory-store.js';
import { StorageLevels, type StorageLevel } from './storage-level.js';
import type { UnifiedMemoryManager } from './unified-memory-manager.js';

/** Remote reads: where a block lives (the driver's master) and how to fetch it (a transfer service). */
export interface RemoteBlocks {
  locate(blockId: string): Promise<readonly BlockManagerId[]>;
  fetch(from: BlockManagerId, blockId: string): Promise<Uint8Array>;
}

export interface BlockManagerOptions {
  readonly id: BlockManagerId;
  readonly memory: UnifiedMemoryManager;
  readonly disk: DiskStore;
  readonly remote?: RemoteBlocks;
  /** Receives every status change (integration: tell the driver's BlockManagerMaster). */
  readonly onBlockUpdate?: (update: BlockUpdate) => void;
  readonly logger?: Logger;
}

type Id = string | BlockId;
const nameOf = (id: Id): string => (typeof id === 'string' ? id : blockName(id));

export class BlockManager {
  readonly id: BlockManagerId;
  readonly memoryStore: MemoryStore;
  readonly diskStore: DiskStore;
  private readonly remote: RemoteBlocks | undefined;
  private readonly onUpdate: (update: BlockUpdate) => void;
  private readonly log: Logger;
  /** The level each stored block was put with. */
  private readonly levels = new Map<string, StorageLevel>();
  /** Blocks evicted from memory whose disk write is in flight: still readable from here. */
  private readonly spilling = new Map<string, { readonly bytes: Uint8Array; readonly done: Promise<void> }>();

  constructor(options: BlockManagerOptions) {
    this.id = options.id;
    this.diskStore = options.disk;
    this.remote = options.remote;
    this.onUpdate = options.onBlockUpdate ?? (() => undefined);
    this.log = options.logger ?? silentLogger();
    this.memoryStore = new MemoryStore(options.memory, (blockId, entry) => this.evicted(blockId, entry));
  }

  /**
   * Stores a block at `level`. Memory first when the level allows, disk when memory is full (or the
   * level is DISK_ONLY). Returns false when nothing was stored (MEMORY_ONLY block larger than memory).
   */
  async put(id: Id, bytes: Uint8Array, level: StorageLevel): Promise<boolean> {
    const blockId = nameOf(id);
    await this.removeQuietly(blockId);
    let stored = false;
    if (level.useMemory) stored = this.memoryStore.put(blockId, bytes, level);
    if (!stored && level.useDisk) {
      await this.diskStore.put(blockId, bytes);
      stored = true;
    }
    if (stored) this.levels.set(blockId, level);
    this.report(blockId);
    return stored;
  }

  /** Local bytes of a block (memory, an in-flight spill, or disk), or undefined. */
  async getLocal(id: Id): Promise<Uint8Array | undefined> {
    const blockId = nameOf(id);
    const inMemory = this.memoryStore.get(blockId) ?? this.spilling.get(blockId)?.bytes;
    if (inMemory) return inMemory;
    const bytes = await this.diskStore.get(blockId);
    const level = this.levels.get(blockId);
    if (bytes && level?.useMemory && this.memoryStore.put(blockId, bytes, level)) {
      // Read back into memory (Spark's maybeCacheDiskBytesInMemory); the disk copy stays for the next eviction.
      this.report(blockId);
    }
    return bytes;
  }

  /** Local bytes, else a remote copy from the first location that has it; undefined if nowhere. */
  async get(id: Id): Promise<Uint8Array | undefined> {
    const blockId = nameOf(id);
    const local = await this.getLocal(blockId);
    if (local || !this.remote) return local;
    let lastError: unknown;
    for (const location of await this.remote.locate(blockId)) {
      if (location.executorId === this.id.executorId) continue;
      try {
        return await this.remote.fetch(location, blockId);
      } catch (err) {
        lastError = err;
        this.log.warn({ err, blockId, executorId: location.executorId }, 'remote block fetch failed; trying the next location');
      }
    }
    if (lastError !== undefined && !isEngineError(lastError, ErrorCode.BlockNotFound)) throw lastError;
    return undefined;
  }

  /** Throws BLOCK_NOT_FOUND instead of returning undefined. */
  async getOrThrow(id: Id): Promise<Uint8Array> {
    const bytes = await this.get(id);
    if (bytes) return bytes;
    const blockId = nameOf(id);
    throw new EngineError(ErrorCode.BlockNotFound, `block ${blockId} is not stored on any block manager`, { fields: { blockId } });
  }

  contains(id: Id): boolean {
    const blockId = nameOf(id);
    return this.memoryStore.contains(blockId) || this.spilling.has(blockId) || this.diskStore.contains(blockId);
  }

  /** Where the block is stored here, or undefined. */
  getStatus(id: Id): BlockStatus | undefined {
    const blockId = nameOf(id);
    const level = this.levels.get(blockId);
    if (!level || !this.contains(blockId)) return undefined;
    return {
      level,
      memSize: this.memoryStore.sizeOf(blockId) ?? this.spilling.get(blockId)?.bytes.byteLength ?? 0,
      diskSize: this.diskStore.sizeOf(blockId) ?? 0,
    };
  }

  /** Every block stored here. */
  blockIds(): string[] {
    return [...this.levels.keys()];
  }

  /** Removes a block from memory and disk; returns whether it was stored. */
  async remove(id: Id): Promise<boolean> {
    const blockId = nameOf(id);
    const removed = await this.removeQuietly(blockId);
    if (removed) this.report(blockId);
    return removed;
  }

  /** Removes every block the predicate selects; returns how many were stored. */
  async removeMatching(predicate: (blockId: string) => boolean): Promise<number> {
    let n = 0;
    for (const blockId of this.blockIds()) {
      if (predicate(blockId) && (await this.remove(blockId))) n++;
    }
    return n;
  }

  removeRdd(rddId: number): Promise<number> {
    return this.removeMatching((b) => b.startsWith(`rdd_${rddId}_`));
  }

  removeShuffle(shuffleId: number): Promise<number> {
    return this.removeMatching((b) => b.startsWith(`shuffle_${shuffleId}_`));
  }

  removeBroadcast(broadcastId: number): Promise<number> {
    return this.removeMatching((b) => b === `broadcast_${broadcastId}`);
  }

  /** Waits for in-flight spills, then drops every block and the disk directories. */
  async stop(): Promise<void> {
    await Promise.all([...this.spilling.values()].map((s) => s.done.catch(() => undefined)));
    this.memoryStore.clear();
    this.levels.clear();
    await this.diskStore.stop();
  }

  private async removeQuietly(blockId: string): Promise<boolean> {
    // A spill in flight would write its file after the removal: let it land first.
    await this.spilling.get(blockId)?.done;
    const wasStored = this.levels.delete(blockId);
    const inMemory = this.memoryStore.remove(blockId);
    const onDisk = await this.diskStore.remove(blockId);
    return wasStored || inMemory || onDisk;
  }

  /** Eviction listener: spill MEMORY_AND_DISK blocks not yet on disk, drop the rest. */
  private evicted(blockId: string, entry: MemoryEntry): void {
    if (!entry.level.useDisk) {
      this.levels.delete(blockId);
      this.report(blockId);
      return;
    }
    if (this.diskStore.contains(blockId)) {
      this.report(blockId);
      return;
    }
    const spill = { bytes: entry.bytes, done: this.spill(blockId, entry.bytes) };
    this.spilling.set(blockId, spill);
  }

  private async spill(blockId: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.diskStore.put(blockId, bytes);
    } catch (err) {
      this.log.error({ err, blockId }, 'spilling a block to disk failed; the block is dropped');
      this.levels.delete(blockId);
    }
    this.spilling.delete(blockId);
    this.report(blockId);
  }

  private report(blockId: string): void {
    const status = this.getStatus(blockId) ?? { level: StorageLevels.NONE, memSize: 0, diskSize: 0 };
    try {
      this.onUpdate({ blockManagerId: this.id, blockId, status });
    } catch (err) {
      this.log.error({ err, blockId }, 'block update listener threw');
    }
  }
}
