// One task set's scheduling state (Spark's TaskSetManager): its partitions' lifecycles, pending lists by
// locality, the delay timer, exclusions and durations, and the choice of a task for one offer.
//   Task set:  Active → Zombie (all succeeded | aborted | cancelled | fetch failed | superseded) → removed (no copy running)
//   Partition: Pending → Running (launched) → Succeeded (first copy to finish);
//              Running → Running (speculative copy launched; one of two copies ended);
//              Running → Pending (last copy failed, killed or lost, under maxFailures)
import { assertNever } from '../../common/index.js';
import type { TaskSchedulerSettings } from './scheduler-config.js';
import type { TaskSet } from './task-set.js';
import { taskSetId } from './task-set.js';
import {
  allowedLocality, isLocalityAllowed, newDelayTimer, recomputeLocality, resetDelayTimer, validLocalityLevels,
  type DelayTimer, type TaskLocality,
} from './locality.js';
import { addPendingTask, anyListHasTaskNeeding, dequeueFrom, hasTaskNeeding, newPendingLists, type PendingLists } from './task-pending-lists.js';
import {
  isExcludedForTaskSet, isExecutorExcludedForTask, isNodeExcludedForTask, newTaskSetExcludelist, type TaskSetExcludelist,
} from './executor-health-task-set.js';
import { newDurationSample, type DurationSample } from './speculation.js';

/** One launched copy of a task, running until its status update or its executor's loss. */
export interface TaskAttempt {
  readonly taskId: number;
  readonly manager: TaskSetManager;
  readonly index: number;
  readonly attempt: number;
  readonly executorId: string;
  readonly host: string;
  readonly launchTime: number;
  readonly speculative: boolean;
}

export type PartitionRecord =
  | { readonly state: 'pending'; readonly failures: number; readonly launched: number }
  | {
    readonly state: 'running';
    readonly failures: number;
    readonly launched: number;
    readonly copies: readonly TaskAttempt[];
    /** A speculative copy is wanted and not yet launched. */
    readonly speculatable: boolean;
  }
  | { readonly state: 'succeeded'; readonly failures: number; readonly launched: number; readonly taskId: number };

export type ZombieReason = 'succeeded' | 'aborted' | 'cancelled' | 'fetch-failed' | 'superseded';
export type TaskSetPhase = { readonly phase: 'active' } | { readonly phase: 'zombie'; readonly reason: ZombieReason };

export interface TaskSetManager {
  readonly taskSet: TaskSet;
  /** "stage.attempt", as in Spark's messages. */
  readonly id: string;
  /** Name used by FAIR ordering ties (Spark's "TaskSet_1.0"). */
  readonly name: string;
  status: TaskSetPhase;
  readonly parts: PartitionRecord[];
  readonly partitionToIndex: ReadonlyMap<number, number>;
  readonly pending: PendingLists;
  readonly speculative: PendingLists;
  readonly delay: DelayTimer;
  readonly durations: DurationSample;
  readonly excludelist: TaskSetExcludelist | undefined;
  numPending: number;
  numSpeculatable: number;
  numSucceeded: number;
  runningAttempts: number;
  /** The last "Lost task …" line, for abort messages. */
  lastFailure: string | undefined;
  /** Since when a task has been excluded on every executor (only with dynamic allocation). */
  unschedulableSince: number | undefined;
}

/** Which executors are alive, for valid locality levels. */
export interface Liveness {
  isExecutorAlive(executorId: string): boolean;
  hasExecutorsOnHost(host: string): boolean;
}

export function newTaskSetManager(taskSet: TaskSet, settings: TaskSchedulerSettings, liveness: Liveness, now: number): TaskSetManager {
  const n = taskSet.tasks.length;
  const parts: PartitionRecord[] = new Array(n);
  const partitionToIndex = new Map<number, number>();
  const pending = newPendingLists();
  // Added in reverse so that the lowest index is on top of every stack, as Spark does.
  for (let i = n - 1; i >= 0; i--) {
    parts[i] = { state: 'pending', failures: 0, launched: 0 };
    partitionToIndex.set(taskSet.tasks[i].partition, i);
    addPendingTask(pending, i, taskSet.tasks[i].preferredLocations);
  }
  const id = taskSetId(taskSet.stageId, taskSet.stageAttempt);
  const manager: TaskSetManager = {
    taskSet, id, name: `TaskSet_${id}`, status: { phase: 'active' }, parts, partitionToIndex, pending,
    speculative: newPendingLists(),
    delay: newDelayTimer(localityLevelsOf(pending, liveness), settings, now),
    durations: newDurationSample(),
    excludelist: settings.exclusion.enabled ? newTaskSetExcludelist() : undefined,
    numPending: n, numSpeculatable: 0, numSucceeded: 0, runningAttempts: 0,
    lastFailure: undefined, unschedulableSince: undefined,
  };
  return manager;
}

export function isActive(m: TaskSetManager): boolean {
  return m.status.phase === 'active';
}

/** Tasks of an active task set still waiting for a core, speculative copies included. */
export function pendingCount(m: TaskSetManager): number {
  return m.status.phase === 'active' ? m.numPending + m.numSpeculatable : 0;
}

/** Replaces a partition's record, keeping the counters in step. */
export function setPart(m: TaskSetManager, index: number, next: PartitionRecord): void {
  count(m, m.parts[index], -1);
  m.parts[index] = next;
  count(m, next, 1);
}

function count(m: TaskSetManager, rec: PartitionRecord, delta: number): void {
  if (rec.state === 'pending') m.numPending += delta;
  else if (rec.state === 'succeeded') m.numSucceeded += delta;
  else if (rec.speculatable) m.numSpeculatable += delta;
}

export function zombify(m: TaskSetManager, reason: ZombieReason): void {
  if (m.status.phase === 'active') m.status = { phase: 'zombie', reason };
}

/** Executors came or went: recompute valid locality levels (no-op for zombies, as in Spark). */
export function refreshLocality(m: TaskSetManager, settings: TaskSchedulerSettings, liveness: Liveness): void {
  if (m.status.phase === 'active') recomputeLocality(m.delay, localityLevelsOf(m.pending, liveness), settings);
}

function localityLevelsOf(pending: PendingLists, liveness: Liveness): TaskLocality[] {
  let executorLocal = false;
  for (const exec of pending.forExecutor.keys()) if (liveness.isExecutorAlive(exec)) { executorLocal = true; break; }
  let hostLocal = false;
  for (const host of pending.forHost.keys()) if (liveness.hasExecutorsOnHost(host)) { hostLocal = true; break; }
  return validLocalityLevels({ executorLocal, hostLocal, noPref: pending.noPrefs.length > 0 });
}

/** A chosen task for an offer. */
export interface Dequeued { readonly index: number; readonly locality: TaskLocality; readonly speculative: boolean }

/**
 * The task this task set launches on one core of `executorId`@`host` at locality at most `maxLocality`,
 * or undefined (Spark's TaskSetManager.resourceOffer up to the launch). Advances the delay timer.
 */
export function chooseTask(m: TaskSetManager, settings: TaskSchedulerSettings, executorId: string, host: string, maxLocality: TaskLocality, now: number): Dequeued | undefined {
  if (m.status.phase !== 'active') return undefined;
  if (m.numPending === 0 && m.numSpeculatable === 0) return undefined;
  const list = m.excludelist;
  if (list !== undefined && isExcludedForTaskSet(list, executorId, host)) return undefined;
  let allowed = maxLocality;
  if (maxLocality !== 'NO_PREF') {
    const timerLevel = allowedLocality(m.delay, now, (level) => hasTasksAt(m, level));
    if (!isLocalityAllowed(maxLocality, timerLevel)) allowed = maxLocality;
    else allowed = timerLevel;
  }
  const parts = m.parts;
  const excluded = list === undefined
    ? () => false
    : (i: number) => isNodeExcludedForTask(list, host, i) || isExecutorExcludedForTask(list, settings.exclusion, executorId, i);
  let found: Dequeued | undefined;
  if (m.numPending > 0) found = dequeue(m.pending, executorId, host, allowed, excluded, (i) => parts[i].state === 'pending', false);
  if (found === undefined && m.numSpeculatable > 0) {
    const notHere = (i: number): boolean => excluded(i) || runsOnHost(parts[i], host);
    found = dequeue(m.speculative, executorId, host, allowed, notHere, (i) => wantsSpeculativeCopy(parts[i]), true);
  }
  if (found !== undefined && maxLocality !== 'NO_PREF') resetDelayTimer(m.delay, found.locality, now);
  return found;
}

function dequeue(
  lists: PendingLists, executorId: string, host: string, allowed: TaskLocality,
  excluded: (i: number) => boolean, needsCopy: (i: number) => boolean, speculative: boolean,
): Dequeued | undefined {
  let index = dequeueFrom(lists.forExecutor.get(executorId), excluded, needsCopy);
  if (index !== undefined) return { index, locality: 'PROCESS_LOCAL', speculative };
  if (isLocalityAllowed(allowed, 'NODE_LOCAL')) {
    index = dequeueFrom(lists.forHost.get(host), excluded, needsCopy);
    if (index !== undefined) return { index, locality: 'NODE_LOCAL', speculative };
  }
  if (isLocalityAllowed(allowed, 'NO_PREF')) {
    index = dequeueFrom(lists.noPrefs, excluded, needsCopy);
    if (index !== undefined) return { index, locality: 'NO_PREF', speculative };
  }
  if (isLocalityAllowed(allowed, 'ANY')) {
    index = dequeueFrom(lists.all, excluded, needsCopy);
    if (index !== undefined) return { index, locality: 'ANY', speculative };
  }
  return undefined;
}

function hasTasksAt(m: TaskSetManager, level: TaskLocality): boolean {
  const needs = (i: number): boolean => m.parts[i].state === 'pending';
  switch (level) {
    case 'PROCESS_LOCAL': return anyListHasTaskNeeding(m.pending.forExecutor, needs);
    case 'NODE_LOCAL': return anyListHasTaskNeeding(m.pending.forHost, needs);
    case 'NO_PREF': return hasTaskNeeding(m.pending.noPrefs, needs);
    case 'ANY': return true;
    default: return assertNever(level, 'locality level');
  }
}

function wantsSpeculativeCopy(rec: PartitionRecord): boolean {
  return rec.state === 'running' && rec.speculatable && rec.copies.length === 1;
}

function runsOnHost(rec: PartitionRecord, host: string): boolean {
  return rec.state === 'running' && rec.copies.some((c) => c.host === host);
}

/** Records the launch of a chosen task and returns its attempt. */
export function recordLaunch(m: TaskSetManager, chosen: Dequeued, taskId: number, executorId: string, host: string, now: number): TaskAttempt {
  const rec = m.parts[chosen.index];
  const attempt: TaskAttempt = {
    taskId, manager: m, index: chosen.index, attempt: rec.launched, executorId, host, launchTime: now, speculative: chosen.speculative,
  };
  const copies = rec.state === 'running' ? [...rec.copies, attempt] : [attempt];
  setPart(m, chosen.index, { state: 'running', failures: rec.failures, launched: rec.launched + 1, copies, speculatable: false });
  m.runningAttempts++;
  m.unschedulableSince = undefined;
  return attempt;
}

/**
 * The first task still waiting for a copy, if any (Spark looks at one such task for "excluded
 * everywhere"). Drops launched and finished tasks from the top of `all` on the way, as dequeuing would.
 */
export function firstPendingIndex(m: TaskSetManager): number | undefined {
  const all = m.pending.all;
  while (all.length > 0) {
    const index = all[all.length - 1];
    if (m.parts[index].state === 'pending') return index;
    all.pop();
  }
  return undefined;
}
