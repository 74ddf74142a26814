// What an RDD partition runs, as plain data: a source, a pipeline of narrow operators over its one
// parent, or a reader of its shuffle/narrow parents. User code appears only as FunctionRef ids.

/** An opaque reference to a shipped user function (how functions are shipped is runtime/rdd/closure*). */
export interface FunctionRef {
  readonly id: string;
}

/** One slice of a parallelized collection: its values inline (small) or stored as a block. */
export type ParallelizeSlice =
  | { readonly kind: 'inline'; readonly values: readonly unknown[] }
  /**
   * Stored as a block: on the running executor, or (`onDriver`) in the driver's block server — how
   * a slice too large for a control message travels (the task's `driverBlocks` says where).
   */
  | { readonly kind: 'block'; readonly blockId: string; readonly onDriver?: boolean };

/** A byte range of a text file; one per partition of a `textFile` RDD. */
export interface FileSplit {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

/** Where a source RDD's partitions come from (ParallelCollectionRDD, HadoopRDD, library task kinds). */
export type SourceSpec =
  | {
    readonly kind: 'parallelize';
    readonly slices: readonly ParallelizeSlice[];
    /**
     * Set on a task's pruned copy only: `slices[i]` is partition `sliceIndex[i]`'s data and every other
     * partition is empty, so a task of a 10,000-slice RDD carries one slice, not 10,000 placeholders.
     */
    readonly sliceIndex?: readonly number[];
  }
  | { readonly kind: 'textFile'; readonly path: string; readonly minPartitions: number; readonly splits: readonly FileSplit[] }
  /** A source registered by a library above the runtime (a DataFrame scan); `params` is plain data. */
  | { readonly kind: 'registered'; readonly name: string; readonly params: unknown };

/** One narrow operator of a pipeline; pair RDDs hold `[key, value]` arrays. */
export type PipelineOp =
  | { readonly kind: 'map'; readonly fn: FunctionRef }
  | { readonly kind: 'filter'; readonly fn: FunctionRef }
  | { readonly kind: 'flatMap'; readonly fn: FunctionRef }
  | { readonly kind: 'mapPartitions'; readonly fn: FunctionRef; readonly withIndex: boolean }
  | { readonly kind: 'keyBy'; readonly fn: FunctionRef }
  | { readonly kind: 'mapValues'; readonly fn: FunctionRef }
  | { readonly kind: 'flatMapValues'; readonly fn: FunctionRef }
  | { readonly kind: 'keys' }
  /** x → `[x, null]` (distinct keys its input by the whole element). */
  | { readonly kind: 'asKeys' }
  | { readonly kind: 'values' }
  /** `[k, [vs…]]` of a 2-way cogroup → `[k, [v, w]]` for every pair (an inner join). */
  | { readonly kind: 'joinPairs' }
  /**
   * Keys each element for repartition: element i of partition p gets `(p + i) % numPartitions`.
   * Deterministic, unlike Spark's random start, so a recomputed map task writes the same buckets.
   */
  | { readonly kind: 'roundRobinKey'; readonly numPartitions: number }
  // Per-partition halves of actions (the driver finishes them on the collected partials):
  /** All elements folded with `fn`; `[]` for an empty partition (reduce). */
  | { readonly kind: 'reducePartition'; readonly fn: FunctionRef }
  /** `[fold(zero, elements)]`; `zero` is plain data, copied per partition. */
  | { readonly kind: 'foldPartition'; readonly zero: unknown; readonly fn: FunctionRef }
  /** `[seqOp-fold(zero, elements)]` (aggregate). */
  | { readonly kind: 'aggregatePartition'; readonly zero: unknown; readonly seqOp: FunctionRef }
  /** `[number of elements]`. */
  | { readonly kind: 'countPartition' }
  /** The first `n` elements. */
  | { readonly kind: 'takePartition'; readonly n: number }
  /** Up to `size` keys of `[k, v]` elements, evenly spaced (sortByKey's range bounds sample). */
  | { readonly kind: 'sampleKeys'; readonly size: number }
  /** Calls `fn` on every element and yields nothing (foreach). */
  | { readonly kind: 'foreach'; readonly fn: FunctionRef }
  /**
   * Writes the partition as text lines to `<path>/part-NNNNN` (temp file renamed into place, so a
   * retried task overwrites its own output) and yields nothing.
   */
  | { readonly kind: 'saveAsTextFile'; readonly path: string };

/** How a partition is computed; the RddNode's `deps` say which parents feed it. */
export type ComputeSpec =
  | { readonly kind: 'source'; readonly source: SourceSpec }
  /** Ops applied in order to the single one-to-one parent's partition. */
  | { readonly kind: 'pipeline'; readonly ops: readonly PipelineOp[] }
  /** ShuffledRDD: reads its shuffle dependency (aggregator and ordering live on the dependency). */
  | { readonly kind: 'shuffleRead' }
  /** CoGroupedRDD: `[k, [vs of dep 0, vs of dep 1, …]]` over all deps (shuffle or one-to-one). */
  | { readonly kind: 'cogroup' }
  /** UnionRDD / CoalescedRDD: concatenates the parent partitions its narrow deps map to it. */
  | { readonly kind: 'concat' };

export type ComputeKind = ComputeSpec['kind'];
