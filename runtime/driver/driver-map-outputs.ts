// The driver's shuffle outputs: the MapOutputTracker (bytes per reduce partition, the epoch executors
// see) kept in lockstep with a location table by node, which is the DAG core's view (its "host" is
// the Flint node, while the tracker's BlockManagerId.host is a socket bind address). Answers reducers'
// GetMapOutputs with each map's BlockEndpoint.
import { EngineError, ErrorCode } from '../../common/index.js';
import { MapOutputTracker, parseBlockId } from '../blocks/index.js';
import type { BlockEndpoint, MapOutputBlocks, MapOutputsReply } from '../executor/task-protocol.js';
import { MapOutputTable, type DagCommand, type MapOutputScope, type MapOutputLocation, type MapOutputView } from '../scheduler/index.js';

type MapOutputCommand = Extract<DagCommand, { kind: 'RegisterMapOutput' | 'UnregisterMapOutputs' }>;

export class DriverMapOutputs implements MapOutputView {
  readonly tracker = new MapOutputTracker();
  private readonly locations = new MapOutputTable();
  /** Reduce partitions per registered shuffle. */
  private readonly reduces = new Map<number, number>();

  /** `endpointOf` gives a live executor's block endpoint (undefined once it is gone). */
  constructor(private readonly endpointOf: (executorId: string) => BlockEndpoint | undefined) {}

  get epoch(): number {
    return this.tracker.epoch;
  }

  locationOf(shuffleId: number, mapPartition: number): MapOutputLocation | undefined {
    return this.locations.locationOf(shuffleId, mapPartition);
  }

  /** Called when a map stage is first submitted; later calls for the shuffle do nothing. */
  registerShuffle(shuffleId: number, numMaps: number, numReduces: number): void {
    if (this.reduces.has(shuffleId)) return;
    this.tracker.registerShuffle(shuffleId, numMaps, numReduces);
    this.reduces.set(shuffleId, numReduces);
  }

  /**
   * Performs the DAG core's Register/UnregisterMapOutputs. Returns false when a registration was
   * refused (its executor is gone, or its sizes do not fit the shuffle): the output then counts as
   * missing, in the DAG's view too, and is recomputed.
   */
  apply(c: MapOutputCommand): boolean {
    if (c.kind === 'UnregisterMapOutputs') {
      const shuffleIds = c.shuffleId === undefined ? [...this.reduces.keys()] : [c.shuffleId];
      for (const shuffleId of shuffleIds) {
        for (const p of this.locations.partitions(shuffleId)) {
          const loc = this.locations.locationOf(shuffleId, p);
          if (loc !== undefined && inScope(loc, c.scope)) this.tracker.unregisterMapOutput(shuffleId, p);
        }
      }
      this.locations.apply([c]);
      return true;
    }
    const endpoint = this.endpointOf(c.status.executorId);
    if (endpoint === undefined) return false;
    try {
      // Executors name map output blocks by map partition: the task protocol's replies carry no other id.
      this.tracker.registerMapOutput({
        shuffleId: c.shuffleId, mapIndex: c.mapPartition, mapId: c.mapPartition, location: endpoint.id, sizes: Float64Array.from(c.status.sizes),
      });
    } catch (err) {
      if (err instanceof EngineError) return false;
      throw err;
    }
    this.locations.apply([c]);
    return true;
  }

  /**
   * Where a reducer reading [startPartition, endPartition) finds its blocks: maps with bytes in the
   * range, with their endpoints. When any map output is missing only `missing` is filled: the reader
   * fails on the first one anyway (Spark's MetadataFetchFailedException). Throws SHUFFLE_OUTPUT_MISSING
   * for an unknown shuffle, INVALID_ARGUMENT for a bad range.
   */
  reply(shuffleId: number, startPartition: number, endPartition: number): MapOutputsReply {
    const numReduces = this.reduces.get(shuffleId);
    if (numReduces === undefined) {
      throw new EngineError(ErrorCode.ShuffleOutputMissing, `shuffle ${shuffleId} is not registered with the driver`, { retryable: true, fields: { shuffleId } });
    }
    if (!Number.isInteger(startPartition) || !Number.isInteger(endPartition) || startPartition < 0 || startPartition > endPartition || endPartition > numReduces) {
      throw new EngineError(ErrorCode.InvalidArgument, `reduce range [${startPartition}, ${endPartition}) is outside shuffle ${shuffleId}'s ${numReduces} partitions`, {
        fields: { shuffleId, startPartition, endPartition },
      });
    }
    const epoch = this.tracker.epoch;
    const missing = this.tracker.findMissingPartitions(shuffleId);
    if (missing.length > 0) return { epoch, blocks: [], missing };
    const byMap = new Map<number, { from: BlockEndpoint; sizes: number[] }>();
    for (const group of this.tracker.getMapSizesByExecutorId(shuffleId, startPartition, endPartition)) {
      const from = this.endpointOf(group.location.executorId);
      for (const block of group.blocks) {
        if (from === undefined) { missing.push(block.mapIndex); continue; }
        let entry = byMap.get(block.mapIndex);
        if (entry === undefined) byMap.set(block.mapIndex, (entry = { from, sizes: new Array<number>(endPartition - startPartition).fill(0) }));
        const id = parseBlockId(block.blockId);
        if (id.kind === 'shuffle') entry.sizes[id.reduceId - startPartition] = block.size;
      }
    }
    if (missing.length > 0) return { epoch, blocks: [], missing: [...new Set(missing)].sort((a, b) => a - b) };
    const blocks: MapOutputBlocks[] = [...byMap.entries()]
      .sort(([a], [b]) => a - b)
      .map(([mapPartition, e]) => ({ mapPartition, from: e.from, sizes: e.sizes }));
    return { epoch, blocks, missing: [] };
  }
}

function inScope(loc: MapOutputLocation, scope: MapOutputScope): boolean {
  return scope.kind === 'executor' ? loc.executorId === scope.executorId : loc.host === scope.host;
}
