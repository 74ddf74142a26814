// An active job of the DAG scheduler (Spark's ActiveJob): its result stage, the partitions it asked
// for, and which of them have a result. Each output is accepted once; later copies are ignored.
import type { FunctionRef } from '../rdd/lineage.js';
import type { ChunkedArray } from './dag-chunked-array.js';

export interface ActiveJob {
  readonly jobId: number;
  readonly finalStageId: number;
  readonly finalRddId: number;
  /** RDD partitions to compute; output i is partition `partitions[i]`. */
  readonly partitions: readonly number[];
  readonly func: FunctionRef;
  readonly callSite: string;
  /** Every stage the job needs, ascending. */
  readonly stageIds: readonly number[];
  /** Per output index: a result was accepted. */
  readonly finished: ChunkedArray<boolean>;
  readonly numFinished: number;
  readonly results: ChunkedArray<unknown>;
}

/** The output index of RDD partition `partition` in `job`, or -1. */
export function outputIndex(partitions: readonly number[], partition: number): number {
  return partitions[partition] === partition ? partition : partitions.indexOf(partition);
}
