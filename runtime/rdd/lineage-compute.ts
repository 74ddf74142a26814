// What an RDD partition runs, as plain data: a source, a pipeline of narrow operators over its one
// parent, or a reader of its shuffle/narrow parents. User code appears only as FunctionRef ids.

/** An opaque reference to a shipped user function (how functions are shipped is runtime/rdd/closure*). */
export interface FunctionRef {
  readonly id: string;
}

/** One slice of a parallelized collection: its values inline (small) or stored as a block. */
export type ParallelizeSlice =
  | { readonly kind: 'inline'; readonly values: readonly unknown[] }
  | { readonly kind: 'block'; readonly blockId: string };

/** A byte range of a text file; one per partition of a `textFile` RDD. */
export interface FileSplit {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

/** Where a source RDD's partitions come from (ParallelCollectionRDD, HadoopRDD, library task kinds). */
export type SourceSpec =
  | { readonly kind: 'parallelize'; readonly slices: readonly ParallelizeSlice[] }
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
  | { readonly kind: 'roundRobinKey'; readonly numPartitions: number };

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
