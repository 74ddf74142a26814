// The task scheduler core's closed vocabulary: inputs (events and requests, each carrying the time
// it was received when time matters) and the commands it answers with. All plain data.
import type { WireError } from '../../common/index.js';
import type { FetchFailure, TaskSet, TaskState, WorkerOffer } from './task-set.js';
import type { TaskLocality } from './locality.js';

export type TaskSchedulerInput =
  | { readonly kind: 'TaskSetSubmitted'; readonly taskSet: TaskSet; readonly now: number }
  /** Stops every attempt of the stage: running copies are killed, nothing more launches. */
  | { readonly kind: 'TaskSetCancelled'; readonly stageId: number; readonly reason?: string }
  | { readonly kind: 'ExecutorAdded'; readonly executorId: string; readonly host: string; readonly cores: number }
  /**
   * The executor is gone; its running tasks are re-queued. They count as failures only when
   * `causedByApp` (Spark's ExecutorLostFailure.exitCausedByApp, e.g. a task ran it out of memory).
   */
  | { readonly kind: 'ExecutorRemoved'; readonly executorId: string; readonly reason: string; readonly causedByApp?: boolean; readonly now: number }
  | { readonly kind: 'ResourceOffers'; readonly offers: readonly WorkerOffer[]; readonly now: number }
  | {
    readonly kind: 'TaskStatusUpdate';
    readonly taskId: number;
    readonly state: TaskState;
    /** The task's error, for FAILED. */
    readonly error?: WireError;
    /** Set with FAILED when the task could not read a shuffle block (not counted as a task failure). */
    readonly fetchFailed?: FetchFailure;
    /** Opaque reference to the task's result (a block id, a small inline value), for FINISHED. */
    readonly result?: unknown;
    readonly now: number;
  }
  /** Time passes: speculation checks, exclusion expiry, unschedulable-task-set timeouts. */
  | { readonly kind: 'Tick'; readonly now: number };

export type TaskSchedulerCommand =
  | {
    readonly kind: 'LaunchTask';
    readonly taskId: number;
    /** Attempt number of this partition within the task set (0, 1, …), speculative copies included. */
    readonly attempt: number;
    readonly stageId: number;
    readonly stageAttempt: number;
    readonly partition: number;
    readonly executorId: string;
    readonly host: string;
    readonly locality: TaskLocality;
    readonly speculative: boolean;
  }
  | { readonly kind: 'KillTask'; readonly taskId: number; readonly executorId: string; readonly reason: string }
  /** The first success of a partition in its stage; later successes of other copies are not reported. */
  | {
    readonly kind: 'TaskSucceeded';
    readonly stageId: number;
    readonly stageAttempt: number;
    readonly partition: number;
    readonly taskId: number;
    /** Where the winning copy ran (where a shuffle map task's output now lives). */
    readonly executorId: string;
    readonly host: string;
    readonly result: unknown;
    readonly durationMs: number;
  }
  /** A task could not read its shuffle input: the DAG scheduler should re-run the map stage. */
  | {
    readonly kind: 'TaskFetchFailed';
    readonly stageId: number;
    readonly stageAttempt: number;
    readonly partition: number;
    readonly taskId: number;
    readonly executorId: string;
    readonly fetchFailed: FetchFailure;
    readonly message: string;
  }
  /** The task set is aborted; `message` is Spark's "Job aborted due to stage failure: …". */
  | {
    readonly kind: 'TaskSetFailed';
    readonly stageId: number;
    readonly stageAttempt: number;
    /** The last failing task's own error, when it reported one. */
    readonly error: WireError | undefined;
    readonly message: string;
  }
  | { readonly kind: 'ExecutorExcludedForStage'; readonly executorId: string; readonly stageId: number; readonly stageAttempt: number }
  | { readonly kind: 'ExecutorExcluded'; readonly executorId: string; readonly until: number }
  | { readonly kind: 'ExecutorUnexcluded'; readonly executorId: string }
  | { readonly kind: 'NodeExcluded'; readonly host: string; readonly until: number }
  | { readonly kind: 'NodeUnexcluded'; readonly host: string }
  /** Tasks waiting for a core (speculative copies included) and tasks running, when either changed. */
  | { readonly kind: 'BacklogChanged'; readonly pendingTasks: number; readonly runningTasks: number };

export type TaskSchedulerCommandKind = TaskSchedulerCommand['kind'];
