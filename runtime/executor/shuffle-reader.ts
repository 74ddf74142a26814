// The reduce side of a shuffle: where the map outputs are (the driver's MapOutputTracker, cached per
// epoch), then each non-empty block of this reduce partition — from the local block manager when this
// executor wrote it, over the block socket otherwise, a bounded number at once. Any output that cannot
// be read becomes a FetchFailedError naming its map partition, so the driver re-runs the parent stage.
import { ErrorCode, isEngineError } from '../../common/index.js';
import { blockName, shuffleBlockId } from '../blocks/block-id.js';
import type { ShuffleDependency } from '../rdd/lineage.js';
import { Combiners, combinedStep, combinesMapSide, rawStep } from './aggregation.js';
import { sortPairsByKey } from './key-ordering.js';
import { boundedAll } from './peer-block-fetcher.js';
import type { TaskContext } from './task-context.js';
import { decodeOwnedBlock } from './shuffle-block-decoding.js';
import { FetchFailedError } from './task-errors.js';
import { appBlockName, decodeTaskValue, type MapOutputBlocks } from './task-protocol.js';

/**
 * The records of reduce partition `partition` of `dep`, as one flat array (`[k0, v0, k1, v1, …]`)
 * per map output that wrote any, in map partition order.
 */
export async function fetchShuffleBlocks(ctx: TaskContext, dep: ShuffleDependency, partition: number, numReduce: number): Promise<unknown[][]> {
  const { shuffleId } = dep;
  const { reply, startPartition } = await ctx.services.mapOutputs.get(ctx.appId, ctx.task.driver, shuffleId, partition, numReduce, ctx.task.epoch);
  if (reply.missing.length > 0) {
    const mapPartition = Math.min(...reply.missing);
    throw new FetchFailedError({ shuffleId, mapPartition },
      `shuffle ${shuffleId}: no output location for map partition ${mapPartition} (reduce partition ${partition})`, undefined, ErrorCode.ShuffleOutputMissing);
  }
  const column = partition - startPartition;
  const wanted = reply.blocks.filter((b) => (b.sizes[column] ?? 0) > 0).sort((a, b) => a.mapPartition - b.mapPartition);
  ctx.control.throwIfKilled();
  return boundedAll(wanted, ctx.services.fetchesInFlight, (b) => fetchOne(ctx, shuffleId, b, partition));
}

async function fetchOne(ctx: TaskContext, shuffleId: number, output: MapOutputBlocks, partition: number): Promise<unknown[]> {
  const { services, metrics } = ctx;
  const name = blockName(shuffleBlockId(shuffleId, output.mapPartition, partition));
  const executorId = output.from.id.executorId;
  const failure = { shuffleId, mapPartition: output.mapPartition, executorId };
  let bytes: Uint8Array | undefined;
  const local = executorId === services.executorId;
  try {
    if (local) {
      bytes = await services.blocks.get(ctx.appId, name);
    } else {
      bytes = await services.peers.fetch(output.from, appBlockName(ctx.appId, name));
      metrics.shuffleRemoteBlocksFetched++;
    }
  } catch (err) {
    const code = isEngineError(err) && (err.code === ErrorCode.BlockNotFound || err.code === ErrorCode.BlockCorrupt) ? err.code : ErrorCode.BlockFetchFailed;
    throw new FetchFailedError(failure, `shuffle ${shuffleId}: fetching ${name} from executor ${executorId} failed: ${(err as Error).message}`, err, code);
  }
  if (!bytes) {
    throw new FetchFailedError(failure, `shuffle ${shuffleId}: block ${name} is gone from executor ${executorId}`, undefined, ErrorCode.BlockNotFound);
  }
  let records: unknown;
  try {
    // A fetched block is this task's own copy: its byte arrays can stay views of it.
    records = local ? decodeTaskValue(bytes) : decodeOwnedBlock(bytes);
  } catch (err) {
    throw new FetchFailedError(failure, `shuffle ${shuffleId}: block ${name} from executor ${executorId} does not decode: ${(err as Error).message}`, err, ErrorCode.BlockCorrupt);
  }
  if (!Array.isArray(records)) {
    throw new FetchFailedError(failure, `shuffle ${shuffleId}: block ${name} from executor ${executorId} is not a record array`, undefined, ErrorCode.BlockCorrupt);
  }
  metrics.shuffleBytesRead += bytes.byteLength;
  metrics.shuffleRecordsRead += records.length >>> 1;
  return records;
}

/** A ShuffledRDD partition: the fetched records merged by the aggregator and sorted when the dependency orders keys. */
export async function readShuffled(ctx: TaskContext, dep: ShuffleDependency, partition: number, numReduce: number, rddId: number): Promise<unknown[]> {
  const blocks = await fetchShuffleBlocks(ctx, dep, partition, numReduce);
  let pairs: unknown[];
  if (dep.aggregator) {
    const step = combinesMapSide(dep.aggregator, dep.mapSideCombine) ? combinedStep(ctx, dep.aggregator) : rawStep(ctx, dep.aggregator);
    const combiners = new Combiners(ctx, step, { rddId, partition });
    for (const flat of blocks) await combiners.addFlat(flat);
    pairs = combiners.pairs();
  } else {
    pairs = [];
    for (const flat of blocks) for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
  }
  await ctx.checkpoint();
  return dep.keyOrdering ? sortPairsByKey(pairs, dep.keyOrdering.ascending) : pairs;
}
