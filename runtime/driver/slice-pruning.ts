// A task carries only its own data: in the stage binary shipped with one task, every parallelized
// source keeps just the slices the task's partition reads (through narrow dependencies), with
// `sliceIndex` naming their partitions; the rest are empty. O(slices read) per task, so a stage of
// 10,000 tasks stays linear.
import type { TaskSlices } from '../executor/task-protocol.js';
import { parentPartitions, type ParallelizeSlice, type RddNode } from '../rdd/index.js';
import type { TaskBinary } from '../scheduler/index.js';

/** `binary` as the task for `partition` of its stage RDD needs it; the same object when nothing is pruned. */
export function pruneSlices(binary: TaskBinary, partition: number): TaskBinary {
  if (!binary.rdds.some(isParallelized)) return binary;
  const read = partitionsRead(binary.rdds, binary.rddId, partition);
  let changed = false;
  const rdds = binary.rdds.map((rdd): RddNode => {
    if (!isParallelized(rdd) || rdd.compute.kind !== 'source' || rdd.compute.source.kind !== 'parallelize') return rdd;
    const { slices } = rdd.compute.source;
    if (slices.length <= 1) return rdd;
    const wanted = [...(read.get(rdd.id) ?? [])].sort((a, b) => a - b);
    const kept: ParallelizeSlice[] = [];
    const sliceIndex: number[] = [];
    for (const i of wanted) {
      const slice = slices[i];
      if (slice !== undefined && !isEmpty(slice)) { kept.push(slice); sliceIndex.push(i); }
    }
    changed = true;
    return { ...rdd, compute: { kind: 'source', source: { kind: 'parallelize', slices: kept, sliceIndex } } };
  });
  return changed ? { ...binary, rdds } : binary;
}

/**
 * The stage binary shipped once per executor (StageBinary): every parallelized source of more than one
 * slice emptied, so no task's data travels with it; `taskSlices` gives each task its own.
 */
export function withoutSlices(binary: TaskBinary): TaskBinary {
  if (!binary.rdds.some(isSliced)) return binary;
  const rdds = binary.rdds.map((rdd): RddNode => (isSliced(rdd) ? { ...rdd, compute: { kind: 'source', source: { kind: 'parallelize', slices: [], sliceIndex: [] } } } : rdd));
  return { ...binary, rdds };
}

/** The non-empty slices the task for `partition` reads, per source `withoutSlices` emptied. */
export function taskSlices(binary: TaskBinary, partition: number): TaskSlices[] {
  if (!binary.rdds.some(isSliced)) return [];
  const read = partitionsRead(binary.rdds, binary.rddId, partition);
  const out: TaskSlices[] = [];
  for (const rdd of binary.rdds) {
    if (!isSliced(rdd) || rdd.compute.kind !== 'source' || rdd.compute.source.kind !== 'parallelize') continue;
    const { slices } = rdd.compute.source;
    const kept: ParallelizeSlice[] = [];
    const sliceIndex: number[] = [];
    for (const i of [...(read.get(rdd.id) ?? [])].sort((a, b) => a - b)) {
      const slice = slices[i];
      if (slice !== undefined && !isEmpty(slice)) { kept.push(slice); sliceIndex.push(i); }
    }
    if (kept.length > 0) out.push({ rddId: rdd.id, slices: kept, sliceIndex });
  }
  return out;
}

/** A parallelized source that pruning splits per task. */
function isSliced(rdd: RddNode): boolean {
  return rdd.compute.kind === 'source' && rdd.compute.source.kind === 'parallelize' && rdd.compute.source.slices.length > 1;
}

function isParallelized(rdd: RddNode): boolean {
  return rdd.compute.kind === 'source' && rdd.compute.source.kind === 'parallelize';
}

function isEmpty(s: ParallelizeSlice): boolean {
  return s.kind === 'inline' && s.values.length === 0;
}

/** Per RDD of the stage, the partitions one task of `rddId` partition `partition` computes. */
function partitionsRead(rdds: readonly RddNode[], rddId: number, partition: number): Map<number, Set<number>> {
  const read = new Map<number, Set<number>>([[rddId, new Set([partition])]]);
  // Parents have smaller ids than children, so a descending walk sees every child before its parents.
  const byIdDesc = [...rdds].sort((a, b) => b.id - a.id);
  for (const rdd of byIdDesc) {
    const own = read.get(rdd.id);
    if (own === undefined) continue;
    for (const dep of rdd.deps) {
      if (dep.kind !== 'narrow') continue;
      let parent = read.get(dep.rddId);
      if (parent === undefined) read.set(dep.rddId, (parent = new Set()));
      for (const p of own) for (const q of parentPartitions(dep.mapping, p)) parent.add(q);
    }
  }
  return read;
}
