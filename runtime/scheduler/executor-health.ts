// Application-wide executor health (Spark's HealthTracker), used with spark.excludeOnFailure.enabled.
// Failures count here only once their task set has succeeded (a failing stage may be the app's own
// fault); an executor with maxFailedTasksPerExecutor unique task failures within the timeout is
// excluded until now + timeout, and a host with maxFailedExecutorsPerNode excluded executors too.
//   Healthy → Excluded (threshold reached) → Healthy (timeout passed, checked on offers and ticks)
import type { ExclusionSettings } from './scheduler-config.js';
import type { TaskSchedulerCommand } from './task-scheduler-protocol.js';
import type { TaskSetExcludelist } from './executor-health-task-set.js';

/** One remembered task failure, unique by (stage, attempt, task index). */
interface AppFailure { readonly key: string; readonly expiresAt: number }

export interface ExecutorHealth {
  readonly failures: Map<string, AppFailure[]>;
  readonly excludedExecutors: Map<string, { readonly host: string; readonly until: number }>;
  readonly excludedNodes: Map<string, number>;
  readonly nodeToExcludedExecs: Map<string, Set<string>>;
  /** Earliest `until` among exclusions, so expiry checks are O(1) when nothing is due. */
  nextExpiry: number;
}

export function newExecutorHealth(): ExecutorHealth {
  return { failures: new Map(), excludedExecutors: new Map(), excludedNodes: new Map(), nodeToExcludedExecs: new Map(), nextExpiry: Infinity };
}

export function isExecutorExcluded(health: ExecutorHealth, executorId: string, host: string): boolean {
  return health.excludedExecutors.has(executorId) || health.excludedNodes.has(host);
}

/** Folds a successful task set's failures into the application's (Spark's updateExcludedForSuccessfulTaskSet). */
export function recordSuccessfulTaskSet(
  health: ExecutorHealth, settings: ExclusionSettings, stage: string, list: TaskSetExcludelist, now: number, out: TaskSchedulerCommand[],
): void {
  for (const [exec, byTask] of list.execToFailures) {
    const known = health.failures.get(exec) ?? [];
    const seen = new Set(known.map((f) => f.key));
    for (const [index, f] of byTask) {
      const key = `${stage}:${index}`;
      if (!seen.has(key)) known.push({ key, expiresAt: f.lastFailureTime + settings.timeoutMs });
    }
    const live = known.filter((f) => f.expiresAt >= now);
    health.failures.set(exec, live);
    if (live.length < settings.maxFailedTasksPerExecutorApp || health.excludedExecutors.has(exec)) continue;

    const host = list.execToHost.get(exec) ?? '';
    const until = now + settings.timeoutMs;
    health.excludedExecutors.set(exec, { host, until });
    health.failures.delete(exec);
    health.nextExpiry = Math.min(health.nextExpiry, until);
    out.push({ kind: 'ExecutorExcluded', executorId: exec, until });

    let onNode = health.nodeToExcludedExecs.get(host);
    if (onNode === undefined) health.nodeToExcludedExecs.set(host, (onNode = new Set()));
    onNode.add(exec);
    if (onNode.size >= settings.maxFailedExecutorsPerNodeApp && !health.excludedNodes.has(host)) {
      health.excludedNodes.set(host, until);
      out.push({ kind: 'NodeExcluded', host, until });
    }
  }
}

/** Lifts exclusions whose time has come (Spark's applyExcludeOnFailureTimeout). */
export function expireExclusions(health: ExecutorHealth, now: number, out: TaskSchedulerCommand[]): void {
  if (now < health.nextExpiry) return;
  let next = Infinity;
  for (const [exec, status] of health.excludedExecutors) {
    if (status.until <= now) {
      health.excludedExecutors.delete(exec);
      health.nodeToExcludedExecs.get(status.host)?.delete(exec);
      out.push({ kind: 'ExecutorUnexcluded', executorId: exec });
    } else next = Math.min(next, status.until);
  }
  for (const [host, until] of health.excludedNodes) {
    if (until <= now) {
      health.excludedNodes.delete(host);
      out.push({ kind: 'NodeUnexcluded', host });
    } else next = Math.min(next, until);
  }
  health.nextExpiry = next;
}

/** A removed executor's remembered failures are dropped; an exclusion stays until it expires. */
export function forgetExecutor(health: ExecutorHealth, executorId: string): void {
  health.failures.delete(executorId);
}
