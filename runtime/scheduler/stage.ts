// A stage of the DAG scheduler: the tasks of one RDD up to its shuffle inputs, with its lifecycle as a
// union of per-state records (Ballista's execution_stage.rs). Shuffle outputs live in the tracker.
//
//   Created ──submit, parents missing──▶ Waiting ──parents available──▶ Running(attempt n)
//   Created ──submit, parents available──────────────────────────────▶ Running(attempt n)
//   Running ──last pending partition done, outputs complete──▶ Succeeded
//   Running ──last pending partition done, outputs lost meanwhile──▶ Running(n+1, missing partitions only)
//   Running ──FetchFailed, attempts left──▶ Resubmitting ──ResubmitFailedStages──▶ Waiting | Running(n+1)
//   Succeeded ──its outputs fetch-failed──▶ Resubmitting;  Succeeded ──ExecutorLost took outputs──▶ Waiting | Running
//   Running ──TaskSetFailed | FetchFailed at spark.stage.maxConsecutiveAttempts | cancelled──▶ removed (jobs fail)
//
// A stage is removed once no active job needs it; a later job gets a new stage for the same
// shuffle, and that stage is skipped when the tracker still holds all its outputs (as in Spark).
import type { FunctionRef, ShuffleDependency } from '../rdd/lineage.js';
import type { ChunkedArray } from './dag-chunked-array.js';

export type StageStatus =
  /** Not scheduled: new, or its attempt was failed and the caller places it (resubmitting, or removed with its jobs). */
  | { readonly kind: 'created' }
  | { readonly kind: 'waiting' }
  /** `pending[p]`: partition p belongs to this attempt and no attempt has completed it; `pendingCount` of them. */
  | { readonly kind: 'running'; readonly attempt: number; readonly pending: ChunkedArray<boolean>; readonly pendingCount: number }
  /** Failed by a fetch failure (or a parent of one); resubmitted on ResubmitFailedStages. */
  | { readonly kind: 'resubmitting' }
  | { readonly kind: 'succeeded'; readonly attempt: number };

export type StageStatusKind = StageStatus['kind'];

/** What the stage's tasks produce: shuffle map outputs, or a job's results. */
export type StageShape =
  | { readonly type: 'shuffleMap'; readonly shuffleId: number; readonly dependency: ShuffleDependency }
  | { readonly type: 'result'; readonly jobId: number; readonly partitions: readonly number[]; readonly func: FunctionRef };

export interface Stage {
  readonly id: number;
  /** The RDD whose partitions the tasks compute (for a map stage, the shuffle's map side). */
  readonly rddId: number;
  readonly numPartitions: number;
  readonly shape: StageShape;
  /** Stages whose shuffle outputs this one reads. */
  readonly parents: readonly number[];
  readonly firstJobId: number;
  /** Active jobs that need this stage, ascending. */
  readonly jobIds: readonly number[];
  readonly name: string;
  /** The next attempt number (attempts count from 0). */
  readonly nextAttempt: number;
  /** Attempts that failed since the stage last succeeded (Spark's failedAttemptIds). */
  readonly failedAttempts: readonly number[];
  readonly status: StageStatus;
}

/** The latest attempt started, or -1 before the first. */
export function latestAttempt(stage: Stage): number {
  return stage.nextAttempt - 1;
}

/** True while a stage sits in one of Spark's waiting, running or failed sets. */
export function isScheduled(stage: Stage): boolean {
  const k = stage.status.kind;
  return k === 'waiting' || k === 'running' || k === 'resubmitting';
}
