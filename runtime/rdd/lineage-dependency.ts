// Dependencies between RDDs as plain data. Narrow ones map each child partition to a known set of
// parent partitions; a shuffle dependency is where stages are cut.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { FunctionRef } from './lineage-compute.js';

/** How child partitions map to parent partitions (OneToOneDependency, RangeDependency, CoalescedRDD). */
export type NarrowMapping =
  | 'one-to-one'
  /** Child partitions [outStart, outStart+length) read parent partitions [inStart, inStart+length). */
  | { readonly kind: 'range'; readonly inStart: number; readonly outStart: number; readonly length: number }
  /** Child partition i reads the parent partitions `groups[i]`. */
  | { readonly kind: 'coalesce'; readonly groups: readonly (readonly number[])[] };

/** Where a shuffle sends each key. Range bounds are sorted keys (from a sampling job), as Spark's RangePartitioner. */
export type Partitioner =
  | { readonly kind: 'hash'; readonly numPartitions: number }
  | { readonly kind: 'range'; readonly bounds: readonly unknown[]; readonly ascending: boolean };

/** Combines values per key (Spark's Aggregator), on the map side too when `mapSideCombine`. */
export type Aggregator =
  | { readonly kind: 'reduce'; readonly fn: FunctionRef }
  /** Collects each key's values into an array (groupByKey, cogroup inputs). */
  | { readonly kind: 'group' }
  /** aggregateByKey: `zero` is plain data, copied per key. */
  | { readonly kind: 'aggregate'; readonly zero: unknown; readonly seqOp: FunctionRef; readonly combOp: FunctionRef }
  | { readonly kind: 'combine'; readonly createCombiner: FunctionRef; readonly mergeValue: FunctionRef; readonly mergeCombiners: FunctionRef }
  /** Keeps one value per key (distinct). */
  | { readonly kind: 'first' };

export interface NarrowDependency {
  readonly kind: 'narrow';
  readonly rddId: number;
  readonly mapping: NarrowMapping;
}

export interface ShuffleDependency {
  readonly kind: 'shuffle';
  readonly shuffleId: number;
  /** The map side: the RDD whose partitions are written to the shuffle. */
  readonly rddId: number;
  readonly partitioner: Partitioner;
  readonly aggregator?: Aggregator;
  readonly mapSideCombine?: boolean;
  /** Reducers sort by key (sortByKey). */
  readonly keyOrdering?: { readonly ascending: boolean };
}

export type Dependency = NarrowDependency | ShuffleDependency;

/** Number of reduce partitions a partitioner produces. */
export function partitionerSize(p: Partitioner): number {
  switch (p.kind) {
    case 'hash':
      return p.numPartitions;
    case 'range':
      return p.bounds.length + 1;
    default:
      return assertNever(p, 'partitioner');
  }
}

/** The parent partitions that child partition `partition` reads through a narrow mapping. */
export function parentPartitions(mapping: NarrowMapping, partition: number): readonly number[] {
  if (mapping === 'one-to-one') return [partition];
  switch (mapping.kind) {
    case 'range':
      return partition >= mapping.outStart && partition < mapping.outStart + mapping.length
        ? [partition - mapping.outStart + mapping.inStart]
        : [];
    case 'coalesce':
      return mapping.groups[partition] ?? [];
    default:
      return assertNever(mapping, 'narrow mapping');
  }
}

/**
 * Checks that a narrow mapping fits a child of `childPartitions` over a parent of `parentPartitions`;
 * throws INVALID_ARGUMENT naming the RDDs otherwise.
 */
export function checkNarrowMapping(mapping: NarrowMapping, childId: number, childPartitions: number, parentId: number, parentCount: number): void {
  const bad = (why: string): never => {
    throw new EngineError(ErrorCode.InvalidArgument, `RDD ${childId}: narrow dependency on RDD ${parentId} ${why}`, {
      fields: { rddId: childId, parentRddId: parentId },
    });
  };
  if (mapping === 'one-to-one') {
    if (childPartitions !== parentCount) bad(`is one-to-one but has ${parentCount} partitions, not ${childPartitions}`);
    return;
  }
  switch (mapping.kind) {
    case 'range':
      if (mapping.length < 0 || mapping.inStart < 0 || mapping.inStart + mapping.length > parentCount) bad('reads parent partitions out of range');
      if (mapping.outStart < 0 || mapping.outStart + mapping.length > childPartitions) bad('maps to child partitions out of range');
      return;
    case 'coalesce':
      if (mapping.groups.length !== childPartitions) bad(`has ${mapping.groups.length} coalesce groups for ${childPartitions} partitions`);
      for (const g of mapping.groups) for (const p of g) if (!Number.isInteger(p) || p < 0 || p >= parentCount) bad(`groups parent partition ${p} out of range`);
      return;
    default:
      assertNever(mapping, 'narrow mapping');
  }
}
