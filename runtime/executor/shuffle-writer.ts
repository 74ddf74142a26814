// The map side of a shuffle: a partition's `[key, value]` records, combined per key first when the
// dependency asks for it, are bucketed by the dependency's partitioner and each non-empty bucket is
// stored as block `shuffle_<shuffle>_<map>_<reduce>` (records flat: `[k0, v0, k1, v1, …]`) at
// MEMORY_AND_DISK, so memory pressure spills instead of losing output.
import { assertNever } from '../../common/index.js';
import { blockName, shuffleBlockId } from '../blocks/block-id.js';
import { StorageLevels } from '../blocks/storage-level.js';
import { partitionerSize, type Partitioner, type ShuffleDependency } from '../rdd/lineage.js';
import type { MapStatus } from '../scheduler/dag-events.js';
import { Combiners, combinesMapSide, rawStep } from './aggregation.js';
import { rangePartition } from './key-ordering.js';
import { hashPartition } from './portable-hash.js';
import { checkShippable } from './shippable-check.js';
import { CHECK_MASK, type TaskContext } from './task-context.js';
import { encodeTaskValue } from './task-protocol.js';

/** The reduce partition a key goes to. */
export function partitionFunction(p: Partitioner): (key: unknown) => number {
  switch (p.kind) {
    case 'hash': {
      const n = p.numPartitions;
      return (key) => hashPartition(key, n);
    }
    case 'range': {
      const { bounds, ascending } = p;
      return (key) => rangePartition(key, bounds, ascending);
    }
    default:
      return assertNever(p, 'partitioner');
  }
}

/** Writes map partition `mapPartition` of `dep` from its records; returns where the output is and its sizes. */
export async function writeShuffle(ctx: TaskContext, dep: ShuffleDependency, records: readonly unknown[], mapPartition: number): Promise<MapStatus> {
  const site = { rddId: dep.rddId, partition: mapPartition };
  let keys: readonly unknown[];
  let values: readonly unknown[] | undefined;
  if (combinesMapSide(dep.aggregator, dep.mapSideCombine)) {
    const combiners = new Combiners(ctx, rawStep(ctx, dep.aggregator), site);
    await combiners.addPairs(records);
    keys = combiners.map.keys;
    values = combiners.map.values;
  } else {
    keys = records;
  }
  const numReduce = partitionerSize(dep.partitioner);
  const partitionOf = partitionFunction(dep.partitioner);
  const buckets = new Array<unknown[] | undefined>(numReduce);
  for (let i = 0; i < keys.length; i++) {
    // Without combining, `keys` holds the `[k, v]` records themselves.
    let k: unknown;
    let v: unknown;
    if (values) {
      k = keys[i];
      v = values[i];
    } else {
      const record = keys[i] as readonly [unknown, unknown];
      k = record[0];
      v = record[1];
    }
    const r = partitionOf(k);
    (buckets[r] ??= []).push(k, v);
    if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
  }
  const sizes = new Array<number>(numReduce).fill(0);
  for (let r = 0; r < numReduce; r++) {
    const bucket = buckets[r];
    if (!bucket) continue;
    checkShippable(bucket, `shuffle ${dep.shuffleId} records`);
    const bytes = encodeTaskValue(bucket);
    buckets[r] = undefined;
    await ctx.services.blocks.put(ctx.appId, blockName(shuffleBlockId(dep.shuffleId, mapPartition, r)), bytes, StorageLevels.MEMORY_AND_DISK);
    sizes[r] = bytes.byteLength;
    ctx.metrics.shuffleBytesWritten += bytes.byteLength;
    ctx.metrics.shuffleRecordsWritten += bucket.length / 2;
    await ctx.checkpoint();
  }
  return { executorId: ctx.services.executorId, host: ctx.services.nodeId, sizes };
}
