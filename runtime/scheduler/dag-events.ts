// The DAG scheduler's inputs: one closed union of past-tense events (Spark's DAGSchedulerEvent),
// all plain data. Task retries belong to the task scheduler; it reports a given-up task set here.
import type { WireError } from '../../common/index.js';
import type { FunctionRef, Lineage } from '../rdd/lineage.js';

/** Where a map task wrote its output and how many bytes per reduce partition. */
export interface MapStatus {
  readonly executorId: string;
  readonly host: string;
  readonly sizes: readonly number[];
}

/** One accumulator's partial value from one task. */
export interface AccumulatorUpdate {
  readonly accumulatorId: number;
  readonly update: unknown;
}

export type TaskResult =
  /** `value` for result tasks (or a ref to a result block); `mapStatus` for shuffle map tasks. */
  | { readonly kind: 'success'; readonly value?: unknown; readonly mapStatus?: MapStatus; readonly accumulatorUpdates?: readonly AccumulatorUpdate[] }
  | { readonly kind: 'failed'; readonly error: WireError; readonly retriable: boolean }
  /** The task could not read map output `mapPartition` of `shuffleId` from `executorId`. */
  | { readonly kind: 'fetchFailed'; readonly shuffleId: number; readonly mapPartition: number; readonly executorId?: string; readonly message?: string };

export type DagEvent =
  | {
    readonly kind: 'JobSubmitted';
    readonly jobId: number;
    readonly finalRddId: number;
    readonly partitions: readonly number[];
    /** What each result task runs on its partition (collect, count, a user's foreach…). */
    readonly func: FunctionRef;
    readonly callSite: string;
    /** The final RDD's lineage (at least every ancestor). */
    readonly lineage: Lineage;
  }
  | { readonly kind: 'TaskCompleted'; readonly stageId: number; readonly stageAttempt: number; readonly partition: number; readonly result: TaskResult }
  /** The task scheduler gave up on a task set; `message` carries the last task error. */
  | { readonly kind: 'TaskSetFailed'; readonly stageId: number; readonly stageAttempt: number; readonly message: string; readonly error?: WireError }
  /** `hostLost`: the whole host is gone, and with it every shuffle output stored there. */
  | { readonly kind: 'ExecutorLost'; readonly executorId: string; readonly host: string; readonly hostLost?: boolean }
  | { readonly kind: 'StageCancelled'; readonly stageId: number; readonly reason?: string }
  | { readonly kind: 'JobCancelled'; readonly jobId: number; readonly reason?: string }
  /** The resubmit delay asked for by ScheduleResubmit has passed. */
  | { readonly kind: 'ResubmitFailedStages' };

export type DagEventKind = DagEvent['kind'];
