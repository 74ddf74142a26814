// A TaskSet as the DAG scheduler hands it to the task scheduler: one attempt of one stage, its tasks
// (one per partition still to compute) and their preferred locations. Plain serializable data.

/** Where a task would like to run: on an executor holding a cached block, or on a host holding input. */
export type TaskLocation =
  | { readonly kind: 'executor'; readonly executorId: string; readonly host: string }
  | { readonly kind: 'host'; readonly host: string };

export interface TaskSpec {
  readonly partition: number;
  readonly preferredLocations: readonly TaskLocation[];
}

export interface TaskSet {
  readonly stageId: number;
  readonly stageAttempt: number;
  readonly jobId: number;
  /** FIFO order key: the job id in Spark (earlier jobs first). */
  readonly priority: number;
  /** FAIR pool name (`spark.scheduler.pool`); ignored in FIFO mode. */
  readonly pool: string;
  readonly tasks: readonly TaskSpec[];
}

/** Spark's `TaskSet.id`: "stage.attempt", as shown in messages ("stage 1.0"). */
export function taskSetId(stageId: number, stageAttempt: number): string {
  return `${stageId}.${stageAttempt}`;
}

/**
 * A task's state per Spark's TaskState. RUNNING is informational; LOST means the attempt vanished
 * with its executor, which is not the task's fault (executor deaths the app caused come as
 * ExecutorRemoved with causedByApp).
 */
export type TaskState = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED' | 'LOST';

/** An executor's free resources, offered to the scheduler (Spark's WorkerOffer). */
export interface WorkerOffer {
  readonly executorId: string;
  readonly host: string;
  readonly freeCores: number;
}

/**
 * Where a task read a shuffle block that was gone (Spark's FetchFailed): the task set stops launching
 * and the DAG scheduler re-runs the map stage. Passed through to it untouched.
 */
export interface FetchFailure {
  readonly shuffleId: number;
  readonly mapPartition: number;
  /** Executor that should have served the block, when known. */
  readonly executorId?: string;
}
