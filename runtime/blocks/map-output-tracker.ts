// Driver-side registry of shuffle map outputs (Spark's MapOutputTrackerMaster), pure data: which block
// manager holds the output of each map task and how many bytes it wrote per reduce partition.
// Every unregistration bumps the epoch; executors that see a newer epoch drop cached locations.
// A map output is addressed by its slot (mapIndex, the map partition) and named by its mapId (unique
// per task attempt, as in Spark 3), so blocks of a re-run map never collide with a lost attempt's.
import { EngineError, ErrorCode } from '../../common/index.js';
import { blockName, shuffleBlockId } from './block-id.js';
import type { BlockManagerId } from './block-status.js';

export interface MapStatus {
  readonly shuffleId: number;
  /** Map partition (slot in the shuffle). */
  readonly mapIndex: number;
  /** Id in the block names (`shuffle_<shuffleId>_<mapId>_<reduceId>`): the task attempt id in Spark. */
  readonly mapId: number;
  readonly location: BlockManagerId;
  /** Bytes written per reduce partition (length = number of reduce partitions). */
  readonly sizes: Float64Array;
}

/** One shuffle block to fetch. */
export interface ShuffleBlockRef {
  readonly blockId: string;
  readonly size: number;
  readonly mapIndex: number;
}

export interface BlocksByLocation {
  readonly location: BlockManagerId;
  readonly blocks: ShuffleBlockRef[];
}

/** Shuffle statistics for adaptive execution (Spark's MapOutputStatistics). */
export interface MapOutputStatistics {
  readonly shuffleId: number;
  readonly bytesByPartitionId: Float64Array;
}

interface ShuffleState {
  readonly numReduces: number;
  readonly outputs: (MapStatus | undefined)[];
}

export class MapOutputTracker {
  private readonly shuffles = new Map<number, ShuffleState>();
  private epochValue = 0;

  /** Increases whenever an output is unregistered. */
  get epoch(): number { return this.epochValue; }

  registerShuffle(shuffleId: number, numMaps: number, numReduces: number): void {
    if (this.shuffles.has(shuffleId)) return;
    this.shuffles.set(shuffleId, { numReduces, outputs: new Array<MapStatus | undefined>(numMaps).fill(undefined) });
  }

  containsShuffle(shuffleId: number): boolean {
    return this.shuffles.has(shuffleId);
  }

  /** Records a finished map task's output (replacing an earlier attempt's). */
  registerMapOutput(status: MapStatus): void {
    const shuffle = this.shuffle(status.shuffleId);
    if (status.mapIndex < 0 || status.mapIndex >= shuffle.outputs.length) {
      throw new EngineError(ErrorCode.InvalidArgument,
        `map index ${status.mapIndex} is outside shuffle ${status.shuffleId}'s ${shuffle.outputs.length} maps`,
        { fields: { shuffleId: status.shuffleId, mapIndex: status.mapIndex } });
    }
    if (status.sizes.length !== shuffle.numReduces) {
      throw new EngineError(ErrorCode.InvalidArgument,
        `map output of shuffle ${status.shuffleId} has ${status.sizes.length} sizes for ${shuffle.numReduces} reduce partitions`,
        { fields: { shuffleId: status.shuffleId, mapIndex: status.mapIndex } });
    }
    shuffle.outputs[status.mapIndex] = status;
  }

  /** Forgets one map output (a fetch failure named it); only if it is still at `executorId` when given. */
  unregisterMapOutput(shuffleId: number, mapIndex: number, executorId?: string): boolean {
    const shuffle = this.shuffles.get(shuffleId);
    const current = shuffle?.outputs[mapIndex];
    if (!shuffle || !current || (executorId !== undefined && current.location.executorId !== executorId)) return false;
    shuffle.outputs[mapIndex] = undefined;
    this.epochValue++;
    return true;
  }

  /** Forgets every output on an executor (lost executor); returns how many. */
  removeOutputsOnExecutor(executorId: string): number {
    return this.removeWhere((s) => s.location.executorId === executorId);
  }

  /** Forgets every output on a host (lost node: its shuffle files are gone too); returns how many. */
  removeOutputsOnHost(host: string): number {
    return this.removeWhere((s) => s.location.host === host);
  }

  unregisterShuffle(shuffleId: number): void {
    if (this.shuffles.delete(shuffleId)) this.epochValue++;
  }

  /** True when every map output of the shuffle is registered. */
  isAvailable(shuffleId: number): boolean {
    const shuffle = this.shuffles.get(shuffleId);
    return shuffle !== undefined && shuffle.outputs.every((o) => o !== undefined);
  }

  /** Map partitions whose output is missing (to re-run). */
  findMissingPartitions(shuffleId: number): number[] {
    const missing: number[] = [];
    this.shuffle(shuffleId).outputs.forEach((o, i) => { if (!o) missing.push(i); });
    return missing;
  }

  /**
   * Blocks a reduce task reading partitions [startPartition, endPartition) must fetch, grouped by
   * block manager; empty blocks are left out. Throws SHUFFLE_OUTPUT_MISSING (retryable: re-run the
   * map stage) naming the first missing map output.
   */
  getMapSizesByExecutorId(shuffleId: number, startPartition: number, endPartition: number): BlocksByLocation[] {
    const shuffle = this.shuffle(shuffleId);
    const byExecutor = new Map<string, BlocksByLocation>();
    shuffle.outputs.forEach((status, mapIndex) => {
      if (!status) {
        throw new EngineError(ErrorCode.ShuffleOutputMissing,
          `missing output of map ${mapIndex} of shuffle ${shuffleId}`,
          { retryable: true, fields: { shuffleId, mapIndex } });
      }
      let group = byExecutor.get(status.location.executorId);
      for (let reduceId = startPartition; reduceId < endPartition; reduceId++) {
        const size = status.sizes[reduceId];
        if (size === 0) continue;
        if (!group) byExecutor.set(status.location.executorId, (group = { location: status.location, blocks: [] }));
        group.blocks.push({ blockId: blockName(shuffleBlockId(shuffleId, status.mapId, reduceId)), size, mapIndex });
      }
    });
    return [...byExecutor.values()];
  }

  /** Bytes per reduce partition summed over every registered map output (for AQE). */
  getStatistics(shuffleId: number): MapOutputStatistics {
    const shuffle = this.shuffle(shuffleId);
    const bytesByPartitionId = new Float64Array(shuffle.numReduces);
    for (const status of shuffle.outputs) {
      if (!status) continue;
      for (let r = 0; r < shuffle.numReduces; r++) bytesByPartitionId[r] += status.sizes[r];
    }
    return { shuffleId, bytesByPartitionId };
  }

  /** Preferred hosts for a reduce partition: executors holding at least `fraction` of its bytes. */
  preferredLocations(shuffleId: number, reduceId: number, fraction = 0.2): BlockManagerId[] {
    const shuffle = this.shuffle(shuffleId);
    const byExecutor = new Map<string, { location: BlockManagerId; bytes: number }>();
    let total = 0;
    for (const status of shuffle.outputs) {
      if (!status) continue;
      const size = status.sizes[reduceId];
      total += size;
      const e = byExecutor.get(status.location.executorId);
      if (e) e.bytes += size;
      else byExecutor.set(status.location.executorId, { location: status.location, bytes: size });
    }
    if (total === 0) return [];
    return [...byExecutor.values()].filter((e) => e.bytes / total >= fraction).map((e) => e.location);
  }

  private removeWhere(pred: (s: MapStatus) => boolean): number {
    let n = 0;
    for (const shuffle of this.shuffles.values()) {
      shuffle.outputs.forEach((o, i) => {
        if (o && pred(o)) { shuffle.outputs[i] = undefined; n++; }
      });
    }
    if (n > 0) this.epochValue++;
    return n;
  }

  private shuffle(shuffleId: number): ShuffleState {
    const shuffle = this.shuffles.get(shuffleId);
    if (!shuffle) {
      throw new EngineError(ErrorCode.ShuffleOutputMissing, `shuffle ${shuffleId} is not registered`,
        { retryable: false, fields: { shuffleId } });
    }
    return shuffle;
  }
}
