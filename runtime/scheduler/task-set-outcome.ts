// How a task set reacts when a copy of one of its tasks ends (Spark's handleSuccessfulTask and
// handleFailedTask): the first success of a partition wins and its other copies are killed; a
// failure re-queues the task, counts toward spark.task.maxFailures only when it is the task's own
// fault, and aborts the task set with Spark's message once a partition has failed that many times.
import { assertNever, type WireError } from '../../common/index.js';
import type { TaskSchedulerSettings } from './scheduler-config.js';
import type { TaskSchedulerCommand } from './task-scheduler-protocol.js';
import type { FetchFailure } from './task-set.js';
import { addPendingTask } from './task-pending-lists.js';
import { recordTaskSetFailure, isExcludedEverywhere } from './executor-health-task-set.js';
import { addDuration } from './speculation.js';
import { firstPendingIndex, setPart, zombify, type TaskAttempt, type TaskSetManager } from './task-set-manager.js';

/** Why a copy of a task ended without success (Spark's TaskFailedReason, narrowed). */
export type TaskEndReason =
  | { readonly kind: 'exception'; readonly error: WireError | undefined }
  | { readonly kind: 'fetch-failed'; readonly fetchFailed: FetchFailure; readonly error: WireError | undefined }
  | { readonly kind: 'killed'; readonly reason: string }
  | { readonly kind: 'executor-lost'; readonly executorId: string; readonly causedByApp: boolean; readonly reason: string };

/** Spark's countTowardsTaskFailures. */
function countsAsFailure(reason: TaskEndReason): boolean {
  switch (reason.kind) {
    case 'exception': return true;
    case 'fetch-failed': return false;
    case 'killed': return false;
    case 'executor-lost': return reason.causedByApp;
    default: return assertNever(reason, 'task end reason');
  }
}

/** Spark's TaskFailedReason.toErrorString. */
function describe(reason: TaskEndReason): string {
  switch (reason.kind) {
    case 'exception': return reason.error?.message ?? 'Unknown reason';
    case 'fetch-failed':
      return `FetchFailed(shuffleId=${reason.fetchFailed.shuffleId}, mapPartition=${reason.fetchFailed.mapPartition}, ` +
        `executor=${reason.fetchFailed.executorId ?? 'unknown'}): ${reason.error?.message ?? 'shuffle block missing'}`;
    case 'killed': return `TaskKilled (${reason.reason})`;
    case 'executor-lost':
      return `ExecutorLostFailure (executor ${reason.executorId} exited ${reason.causedByApp ? 'caused by one of the running tasks' : 'unrelated to the running tasks'}) Reason: ${reason.reason}`;
    default: return assertNever(reason, 'task end reason');
  }
}

/** The partition's record without `attempt` among its running copies. */
function withoutCopy(m: TaskSetManager, attempt: TaskAttempt): readonly TaskAttempt[] {
  const rec = m.parts[attempt.index];
  return rec.state === 'running' ? rec.copies.filter((c) => c !== attempt) : [];
}

/**
 * A copy finished. Returns the partition when this is its first success in the task set (the caller
 * then reports it once per stage and marks it done in the stage's other attempts).
 */
export function handleSuccess(m: TaskSetManager, attempt: TaskAttempt, now: number, out: TaskSchedulerCommand[]): number | undefined {
  m.runningAttempts--;
  const rec = m.parts[attempt.index];
  if (rec.state !== 'running') return undefined;
  for (const copy of rec.copies) {
    if (copy !== attempt) out.push({ kind: 'KillTask', taskId: copy.taskId, executorId: copy.executorId, reason: 'another attempt succeeded' });
  }
  setPart(m, attempt.index, { state: 'succeeded', failures: rec.failures, launched: rec.launched, taskId: attempt.taskId });
  addDuration(m.durations, now - attempt.launchTime);
  if (m.numSucceeded === m.parts.length) zombify(m, 'succeeded');
  return m.taskSet.tasks[attempt.index].partition;
}

/** Another attempt of the stage computed `partition`: nothing more to do for it here. */
export function markPartitionCompleted(m: TaskSetManager, partition: number, taskId: number, out: TaskSchedulerCommand[]): void {
  const index = m.partitionToIndex.get(partition);
  if (index === undefined) return;
  const rec = m.parts[index];
  if (rec.state === 'succeeded') return;
  if (rec.state === 'running') {
    for (const copy of rec.copies) out.push({ kind: 'KillTask', taskId: copy.taskId, executorId: copy.executorId, reason: 'another attempt succeeded' });
  }
  setPart(m, index, { state: 'succeeded', failures: rec.failures, launched: rec.launched, taskId });
  if (m.numSucceeded === m.parts.length) zombify(m, 'succeeded');
}

/** A copy ended without success: re-queue, count, exclude, abort as Spark's handleFailedTask does. */
export function handleFailure(
  m: TaskSetManager, settings: TaskSchedulerSettings, attempt: TaskAttempt, reason: TaskEndReason, now: number, out: TaskSchedulerCommand[],
): void {
  m.runningAttempts--;
  const rec = m.parts[attempt.index];
  if (rec.state !== 'running') return; // a copy killed after another one succeeded
  const { stageId, stageAttempt } = m.taskSet;
  const partition = m.taskSet.tasks[attempt.index].partition;
  const message = `Lost task ${partition}.${attempt.attempt} in stage ${m.id} (TID ${attempt.taskId}) ` +
    `(${attempt.host} executor ${attempt.executorId}): ${describe(reason)}`;
  const active = m.status.phase === 'active';
  const counted = active && countsAsFailure(reason);
  if (counted) m.lastFailure = message;

  if (reason.kind === 'fetch-failed') {
    out.push({ kind: 'TaskFetchFailed', stageId, stageAttempt, partition, taskId: attempt.taskId, executorId: attempt.executorId, fetchFailed: reason.fetchFailed, message });
    zombify(m, 'fetch-failed');
  }
  if (counted && m.excludelist !== undefined) {
    const newlyExcluded = recordTaskSetFailure(m.excludelist, settings.exclusion, attempt.host, attempt.executorId, attempt.index, now);
    if (newlyExcluded) out.push({ kind: 'ExecutorExcludedForStage', executorId: attempt.executorId, stageId, stageAttempt });
  }
  const failures = rec.failures + (counted ? 1 : 0);
  const copies = withoutCopy(m, attempt);
  if (copies.length > 0) {
    setPart(m, attempt.index, { state: 'running', failures, launched: rec.launched, copies, speculatable: false });
  } else {
    setPart(m, attempt.index, { state: 'pending', failures, launched: rec.launched });
    addPendingTask(m.pending, attempt.index, m.taskSet.tasks[attempt.index].preferredLocations);
  }
  if (counted && failures >= settings.maxTaskFailures) {
    abort(m, `Task ${partition} in stage ${m.id} failed ${settings.maxTaskFailures} times, most recent failure: ${message}`,
      reason.kind === 'exception' ? reason.error : undefined, out);
  }
}

/** Aborts an active task set: nothing more launches; running copies are left to the DAG scheduler to cancel. */
export function abort(m: TaskSetManager, reason: string, error: WireError | undefined, out: TaskSchedulerCommand[]): void {
  if (m.status.phase !== 'active') return;
  zombify(m, 'aborted');
  const { stageId, stageAttempt } = m.taskSet;
  out.push({ kind: 'TaskSetFailed', stageId, stageAttempt, error, message: `Job aborted due to stage failure: ${reason}` });
}

/**
 * After an offer round that launched nothing for `m`: when a waiting task is excluded on every live
 * executor the task set can never finish. Without dynamic allocation it aborts at once; with it,
 * after spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout without a launch.
 */
export function checkExcludedEverywhere(
  m: TaskSetManager, settings: TaskSchedulerSettings, hostToExecutors: ReadonlyMap<string, ReadonlySet<string>>, now: number, out: TaskSchedulerCommand[],
): void {
  if (m.excludelist === undefined || m.status.phase !== 'active') return;
  const index = firstPendingIndex(m);
  if (index === undefined || !isExcludedEverywhere(m.excludelist, settings.exclusion, index, hostToExecutors)) {
    m.unschedulableSince = undefined;
    return;
  }
  if (settings.dynamicAllocation) {
    m.unschedulableSince ??= now;
    if (now - m.unschedulableSince < settings.exclusion.unschedulableTaskSetTimeoutMs) return;
  }
  const partition = m.taskSet.tasks[index].partition;
  abort(m, `Aborting TaskSet ${m.id} because task ${index} (partition ${partition}) cannot run anywhere due to node and ` +
    `executor excludeOnFailure. Most recent failure: ${m.lastFailure ?? 'none'}. ` +
    'ExcludeOnFailure behavior can be configured via spark.excludeOnFailure.*.', undefined, out);
}
