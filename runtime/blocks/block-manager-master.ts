// Driver-side registry of block managers and the blocks each holds (Spark's BlockManagerMasterEndpoint
// state, as a pure data structure: the driver's actor feeds it BlockUpdates and registrations).
// Invariant: a block is listed at a block manager exactly when its last update there had a level
// other than NONE; removing an executor or a host forgets everything stored there.
import type { BlockManagerId, BlockStatus, BlockUpdate } from './block-status.js';

export interface BlockManagerInfo {
  readonly id: BlockManagerId;
  /** Bytes of the unified memory region this block manager reported at registration. */
  readonly maxMemory: number;
  readonly blocks: ReadonlyMap<string, BlockStatus>;
}

export interface StorageSummary {
  readonly executorId: string;
  readonly maxMemory: number;
  readonly memUsed: number;
  readonly diskUsed: number;
  readonly blocks: number;
}

interface MutableInfo {
  id: BlockManagerId;
  maxMemory: number;
  blocks: Map<string, BlockStatus>;
}

export class BlockManagerMaster {
  private readonly managers = new Map<string, MutableInfo>();
  /** blockId → executor ids holding it. */
  private readonly locations = new Map<string, Set<string>>();

  /** Registers (or re-registers, dropping what an earlier incarnation held) a block manager. */
  register(id: BlockManagerId, maxMemory: number): void {
    if (this.managers.has(id.executorId)) this.removeExecutor(id.executorId);
    this.managers.set(id.executorId, { id, maxMemory, blocks: new Map() });
  }

  /** Applies one block update; returns false when the block manager is unknown (tell it to re-register). */
  updateBlockInfo(update: BlockUpdate): boolean {
    const info = this.managers.get(update.blockManagerId.executorId);
    if (!info) return false;
    const { blockId, status } = update;
    if (status.level.useMemory || status.level.useDisk) {
      info.blocks.set(blockId, status);
      let holders = this.locations.get(blockId);
      if (!holders) this.locations.set(blockId, (holders = new Set()));
      holders.add(info.id.executorId);
    } else {
      info.blocks.delete(blockId);
      this.forgetLocation(blockId, info.id.executorId);
    }
    return true;
  }

  /** Block managers holding the block (memory holders first: cheaper to serve). */
  getLocations(blockId: string): BlockManagerId[] {
    const holders = [...(this.locations.get(blockId) ?? [])].map((e) => this.managers.get(e)!);
    holders.sort((a, b) => (b.blocks.get(blockId)!.memSize > 0 ? 1 : 0) - (a.blocks.get(blockId)!.memSize > 0 ? 1 : 0));
    return holders.map((h) => h.id);
  }

  getLocationsMultiple(blockIds: readonly string[]): BlockManagerId[][] {
    return blockIds.map((b) => this.getLocations(b));
  }

  contains(blockId: string): boolean {
    return this.locations.has(blockId);
  }

  getStatus(blockId: string): Map<string, BlockStatus> {
    const out = new Map<string, BlockStatus>();
    for (const e of this.locations.get(blockId) ?? []) out.set(e, this.managers.get(e)!.blocks.get(blockId)!);
    return out;
  }

  /** Block ids matching the predicate anywhere in the cluster (e.g. every block of RDD 3). */
  getMatchingBlockIds(predicate: (blockId: string) => boolean): string[] {
    return [...this.locations.keys()].filter(predicate);
  }

  /** Executors holding any block matching the predicate: whom to tell to remove an RDD or shuffle. */
  executorsHolding(predicate: (blockId: string) => boolean): BlockManagerId[] {
    const out: BlockManagerId[] = [];
    for (const info of this.managers.values()) {
      for (const blockId of info.blocks.keys()) {
        if (predicate(blockId)) { out.push(info.id); break; }
      }
    }
    return out;
  }

  /** Forgets a removed block everywhere (after RemoveRdd/RemoveBroadcast was sent). */
  removeBlock(blockId: string): void {
    for (const e of this.locations.get(blockId) ?? []) this.managers.get(e)?.blocks.delete(blockId);
    this.locations.delete(blockId);
  }

  /** Unregisters an executor's block manager; returns the block ids it held (lost unless stored elsewhere). */
  removeExecutor(executorId: string): string[] {
    const info = this.managers.get(executorId);
    if (!info) return [];
    this.managers.delete(executorId);
    const lost = [...info.blocks.keys()];
    for (const blockId of lost) this.forgetLocation(blockId, executorId);
    return lost;
  }

  /** Unregisters every block manager on `host`; returns the executor ids removed. */
  removeHost(host: string): string[] {
    const gone = [...this.managers.values()].filter((m) => m.id.host === host).map((m) => m.id.executorId);
    for (const e of gone) this.removeExecutor(e);
    return gone;
  }

  blockManager(executorId: string): BlockManagerInfo | undefined {
    return this.managers.get(executorId);
  }

  blockManagers(): BlockManagerInfo[] {
    return [...this.managers.values()];
  }

  /** Memory and disk use per executor (Spark UI's Storage tab). */
  storageSummary(): StorageSummary[] {
    return [...this.managers.values()].map((m) => {
      let memUsed = 0;
      let diskUsed = 0;
      for (const s of m.blocks.values()) { memUsed += s.memSize; diskUsed += s.diskSize; }
      return { executorId: m.id.executorId, maxMemory: m.maxMemory, memUsed, diskUsed, blocks: m.blocks.size };
    });
  }

  private forgetLocation(blockId: string, executorId: string): void {
    const holders = this.locations.get(blockId);
    if (!holders) return;
    holders.delete(executorId);
    if (holders.size === 0) this.locations.delete(blockId);
  }
}
