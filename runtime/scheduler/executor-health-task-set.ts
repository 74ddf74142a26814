// Exclusion within one task set (Spark's TaskSetExcludelist), used only with spark.excludeOnFailure.enabled.
// Task level: a task does not run again on an executor (host) where it failed maxTaskAttemptsPerExecutor
// (PerNode) times. Stage level: an executor with maxFailedTasksPerExecutor distinct failed tasks is
// excluded for the task set, and a host with maxFailedExecutorsPerNode such executors too. Mutated in place.
import type { ExclusionSettings } from './scheduler-config.js';

/** Failures of one task set on one executor: task index → count and last failure time. */
export type ExecutorFailures = Map<number, { count: number; lastFailureTime: number }>;

export interface TaskSetExcludelist {
  readonly execToFailures: Map<string, ExecutorFailures>;
  readonly execToHost: Map<string, string>;
  readonly nodeToExecsWithFailures: Map<string, Set<string>>;
  readonly nodeToExcludedTaskIndexes: Map<string, Set<number>>;
  readonly excludedExecs: Set<string>;
  readonly excludedNodes: Set<string>;
}

export function newTaskSetExcludelist(): TaskSetExcludelist {
  return {
    execToFailures: new Map(),
    execToHost: new Map(),
    nodeToExecsWithFailures: new Map(),
    nodeToExcludedTaskIndexes: new Map(),
    excludedExecs: new Set(),
    excludedNodes: new Set(),
  };
}

export function isExecutorExcludedForTask(list: TaskSetExcludelist, settings: ExclusionSettings, executorId: string, index: number): boolean {
  const count = list.execToFailures.get(executorId)?.get(index)?.count ?? 0;
  return count >= settings.maxTaskAttemptsPerExecutor;
}

export function isNodeExcludedForTask(list: TaskSetExcludelist, host: string, index: number): boolean {
  return list.nodeToExcludedTaskIndexes.get(host)?.has(index) ?? false;
}

export function isExcludedForTaskSet(list: TaskSetExcludelist, executorId: string, host: string): boolean {
  return list.excludedExecs.has(executorId) || list.excludedNodes.has(host);
}

/**
 * Records a failure of task `index` on `executorId`@`host` (Spark's updateExcludedForFailedTask).
 * Returns true when this failure newly excludes the executor for the task set.
 */
export function recordTaskSetFailure(
  list: TaskSetExcludelist, settings: ExclusionSettings, host: string, executorId: string, index: number, now: number,
): boolean {
  let failures = list.execToFailures.get(executorId);
  if (failures === undefined) list.execToFailures.set(executorId, (failures = new Map()));
  const entry = failures.get(index);
  if (entry === undefined) failures.set(index, { count: 1, lastFailureTime: now });
  else { entry.count++; entry.lastFailureTime = now; }
  list.execToHost.set(executorId, host);

  let execs = list.nodeToExecsWithFailures.get(host);
  if (execs === undefined) list.nodeToExecsWithFailures.set(host, (execs = new Set()));
  execs.add(executorId);

  let onHost = 0;
  for (const exec of execs) onHost += list.execToFailures.get(exec)?.get(index)?.count ?? 0;
  if (onHost >= settings.maxTaskAttemptsPerNode) {
    let indexes = list.nodeToExcludedTaskIndexes.get(host);
    if (indexes === undefined) list.nodeToExcludedTaskIndexes.set(host, (indexes = new Set()));
    indexes.add(index);
  }

  if (list.excludedExecs.has(executorId) || failures.size < settings.maxFailedTasksPerExecutorStage) return false;
  list.excludedExecs.add(executorId);
  let excludedOnHost = 0;
  for (const exec of execs) if (list.excludedExecs.has(exec)) excludedOnHost++;
  if (excludedOnHost >= settings.maxFailedExecutorsPerNodeStage) list.excludedNodes.add(host);
  return true;
}

/**
 * True when task `index` may run on none of the live executors (Spark's getCompletelyExcludedTaskIfAny
 * for one task): then the task set can never finish without new executors.
 */
export function isExcludedEverywhere(
  list: TaskSetExcludelist, settings: ExclusionSettings, index: number, hostToExecutors: ReadonlyMap<string, ReadonlySet<string>>,
): boolean {
  if (hostToExecutors.size === 0) return false;
  for (const [host, execs] of hostToExecutors) {
    if (list.excludedNodes.has(host) || isNodeExcludedForTask(list, host, index)) continue;
    for (const exec of execs) {
      if (!list.excludedExecs.has(exec) && !isExecutorExcludedForTask(list, settings, exec, index)) return false;
    }
  }
  return true;
}
