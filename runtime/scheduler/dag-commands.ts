// What the DAG scheduler core asks its shell to do, and the listener-bus events it publishes
// (Spark's SparkListener names). Plain data; the shell stamps times.
import type { WireError } from '../../common/index.js';
import type { FunctionRef, RddNode, ShuffleDependency, TaskLocation } from '../rdd/lineage.js';
import type { AccumulatorUpdate, MapStatus } from './dag-events.js';

export interface StageTask {
  readonly partition: number;
  readonly preferredLocations: readonly TaskLocation[];
}

/**
 * What every task of a stage attempt runs: the stage RDD and its narrow ancestors (parents first),
 * then either the shuffle write of `dependency` or `func` on the partition. The shell stores it once
 * per attempt (a broadcast block) and ships tasks a reference to it.
 */
export type TaskBinary =
  | { readonly kind: 'shuffleMap'; readonly rddId: number; readonly dependency: ShuffleDependency; readonly rdds: readonly RddNode[] }
  | { readonly kind: 'result'; readonly rddId: number; readonly jobId: number; readonly func: FunctionRef; readonly rdds: readonly RddNode[] };

export type ListenerEvent =
  | { readonly kind: 'JobStart'; readonly jobId: number; readonly stageIds: readonly number[]; readonly callSite: string }
  | { readonly kind: 'StageSubmitted'; readonly stageId: number; readonly attempt: number; readonly name: string; readonly numTasks: number; readonly parentIds: readonly number[]; readonly jobIds: readonly number[] }
  | { readonly kind: 'StageCompleted'; readonly stageId: number; readonly attempt: number; readonly failureReason?: string }
  | { readonly kind: 'TaskEnd'; readonly stageId: number; readonly stageAttempt: number; readonly partition: number; readonly reason: 'success' | 'failed' | 'fetchFailed'; readonly error?: WireError }
  | { readonly kind: 'JobEnd'; readonly jobId: number; readonly result: { readonly kind: 'JobSucceeded' } | { readonly kind: 'JobFailed'; readonly error: WireError } };

export type MapOutputScope =
  | { readonly kind: 'executor'; readonly executorId: string }
  | { readonly kind: 'host'; readonly host: string };

export type DagCommand =
  /** A task set for the task scheduler; `priority` orders FIFO (the earliest job first). */
  | { readonly kind: 'SubmitTasks'; readonly jobId: number; readonly priority: number; readonly stageId: number; readonly stageAttempt: number; readonly tasks: readonly StageTask[]; readonly taskBinary: TaskBinary }
  /** Kill every running task of the stage (all attempts). */
  | { readonly kind: 'CancelTasks'; readonly stageId: number; readonly reason: string }
  | { readonly kind: 'RegisterMapOutput'; readonly shuffleId: number; readonly mapPartition: number; readonly status: MapStatus }
  /** Forget outputs in `scope`: of `shuffleId` only, or of every shuffle when absent. */
  | { readonly kind: 'UnregisterMapOutputs'; readonly scope: MapOutputScope; readonly shuffleId?: number }
  /** The first successful completion's accumulator updates for a partition; merge them on the driver. */
  | { readonly kind: 'MergeAccumulators'; readonly stageId: number; readonly partition: number; readonly updates: readonly AccumulatorUpdate[] }
  /** Post ResubmitFailedStages after `delayMs` (Spark's RESUBMIT_TIMEOUT), so more fetch failures gather first. */
  | { readonly kind: 'ScheduleResubmit'; readonly delayMs: number }
  /** `results[i]` is the result of partition `partitions[i]` of the job. */
  | { readonly kind: 'JobSucceeded'; readonly jobId: number; readonly results: readonly unknown[] }
  /** `error` names the job and stage; `cause` is the last task's own error when there was one. */
  | { readonly kind: 'JobFailed'; readonly jobId: number; readonly error: WireError; readonly cause?: WireError }
  | { readonly kind: 'ListenerEvent'; readonly event: ListenerEvent };

export type DagCommandKind = DagCommand['kind'];
