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
import { capturePackr } from '../rdd/closure-captures.js';
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
    const bytes = encodeBucket(bucket);
    buckets[r] = undefined;
    await ctx.services.blocks.put(ctx.appId, blockName(shuffleBlockId(dep.shuffleId, mapPartition, r)), bytes, StorageLevels.MEMORY_AND_DISK);
    sizes[r] = bytes.byteLength;
    ctx.metrics.shuffleBytesWritten += bytes.byteLength;
    ctx.metrics.shuffleRecordsWritten += bucket.length / 2;
    await ctx.checkpoint();
  }
  return { executorId: ctx.services.executorId, host: ctx.services.nodeId, sizes };
}

/** Bytes a value needs at most when encoded, or undefined when that is not cheap to know. */
function encodedBound(v: unknown): number | undefined {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return 9;
  if (typeof v === 'string') return v.length * 3 + 5;
  if (ArrayBuffer.isView(v)) return v.byteLength + 8;
  return undefined;
}

/** Above this bound a bucket is encoded into a buffer of its own size (no regrowth, no shared tail). */
const PRESIZE_MIN_BYTES = 256 * 1024;

/**
 * `encodeTaskValue(bucket)`. Buckets of binary or scalar records (64 KiB byte arrays) are written into
 * a buffer sized up front: the codec otherwise grows its shared buffer 4× at a time, copying what it
 * wrote, and the block would keep that oversized buffer alive.
 */
export function encodeBucket(bucket: readonly unknown[]): Uint8Array {
  let bound = 16;
  for (const v of bucket) {
    const b = encodedBound(v);
    if (b === undefined) return encodeTaskValue(bucket);
    bound += b;
  }
  if (bound < PRESIZE_MIN_BYTES) return encodeTaskValue(bucket);
  // The codec's write buffer is shared by every Packr: hand it this block's buffer, then a fresh one.
  // Not zero-filled (the encoding overwrites it); only the unused tail is cleared.
  const buffer = Buffer.allocUnsafeSlow(bound);
  capturePackr.useBuffer(buffer);
  try {
    const bytes = encodeTaskValue(bucket);
    if (bytes.buffer === buffer.buffer) buffer.fill(0, bytes.byteOffset + bytes.byteLength);
    return bytes;
  } finally {
    capturePackr.useBuffer(new Uint8Array(8192));
  }
}
