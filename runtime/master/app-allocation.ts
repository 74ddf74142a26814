// One application's executor target, as Spark's ExecutorAllocationManager computes it: after tasks
// have waited `schedulerBacklogTimeout`, the target grows in rounds of 1, 2, 4, … every
// `sustainedSchedulerBacklogTimeout`, never past what the backlog needs nor `maxExecutors`; when the
// backlog shrinks the target drops at once (executors themselves go only when idle). Pure functions.
import { dynamicAllocationProblem, initialExecutorsOf, type DynamicAllocation } from './dynamic-allocation.js';

/** The part of a driver's report the target depends on. */
export interface BacklogSample {
  readonly pendingTasks: number;
  readonly runningTasks: number;
  readonly busyExecutors: readonly string[];
  readonly allocation: DynamicAllocation;
}

export interface AppAllocation {
  readonly appId: string;
  readonly allocation: DynamicAllocation;
  readonly pendingTasks: number;
  readonly runningTasks: number;
  readonly busyExecutors: readonly string[];
  readonly firstReportAt: number;
  readonly lastReportAt: number;
  /**
   * Spark's `initializing`: the target holds at initialExecutors until the application has work or
   * the idle timeout has passed, so a starting job does not ramp up from the minimum again.
   */
  readonly initializing: boolean;
  readonly target: number;
  /** Size of the next round of additions (1, 2, 4, …). */
  readonly toAdd: number;
  /** When the next round is due; undefined while nothing is pending (Spark's `addTime` NOT_SET). */
  readonly addAt: number | undefined;
}

const clamp = (n: number, a: DynamicAllocation): number => Math.max(a.minExecutors, Math.min(a.maxExecutors, n));

/**
 * A newly reporting application. Its target starts at initialExecutors, or at the executors it is
 * already using if more: after a Master failover, a busy application keeps what it has.
 */
export function newAppAllocation(appId: string, sample: BacklogSample, now: number): AppAllocation {
  const fresh: AppAllocation = {
    appId, allocation: sample.allocation, pendingTasks: 0, runningTasks: 0, busyExecutors: [],
    firstReportAt: now, lastReportAt: now, initializing: true,
    target: clamp(Math.max(initialExecutorsOf(sample.allocation), sample.busyExecutors.length), sample.allocation),
    toAdd: 1, addAt: undefined,
  };
  return reportReceived(fresh, sample, now);
}

/** A new report: starts the backlog timer when tasks begin to wait, resets it when none do. */
export function reportReceived(app: AppAllocation, sample: BacklogSample, now: number): AppAllocation {
  const backlogged = sample.pendingTasks > 0;
  return {
    ...app,
    allocation: sample.allocation,
    target: clamp(app.target, sample.allocation),
    pendingTasks: sample.pendingTasks,
    runningTasks: sample.runningTasks,
    busyExecutors: sample.busyExecutors,
    lastReportAt: now,
    initializing: app.initializing && sample.pendingTasks + sample.runningTasks === 0,
    addAt: backlogged ? app.addAt ?? now + sample.allocation.schedulerBacklogTimeoutMs : undefined,
    toAdd: backlogged ? app.toAdd : 1,
  };
}

/** Executors the application could use right now: ceil((pending + running) / tasks per executor). */
export function executorsNeeded(app: AppAllocation, tasksPerExecutor: number): number {
  return Math.ceil((app.pendingTasks + app.runningTasks) / Math.max(1, tasksPerExecutor));
}

/** Spark's updateAndSyncNumExecutorsTarget, evaluated at `now` (on every tick and report). */
export function updateTarget(app: AppAllocation, now: number, tasksPerExecutor: number): AppAllocation {
  const a = app.allocation;
  let initializing = app.initializing;
  // Spark ends initialization when an executor would time out idle: the app has had its chance.
  if (initializing && now - app.firstReportAt >= a.executorIdleTimeoutMs) initializing = false;
  if (initializing) return initializing === app.initializing ? app : { ...app, initializing };
  const maxNeeded = executorsNeeded(app, tasksPerExecutor);
  if (maxNeeded < app.target) {
    return { ...app, initializing, target: Math.max(maxNeeded, a.minExecutors), toAdd: 1 };
  }
  if (app.addAt === undefined || now < app.addAt) return initializing === app.initializing ? app : { ...app, initializing };
  return { ...addRound(app, maxNeeded), initializing, addAt: now + a.sustainedSchedulerBacklogTimeoutMs };
}

/** Spark's addExecutors: one round; the round size doubles when the whole round was granted. */
function addRound(app: AppAllocation, maxNeeded: number): AppAllocation {
  const a = app.allocation;
  if (app.target >= a.maxExecutors) return { ...app, toAdd: 1 };
  // No point ramping up through counts the application already uses.
  const from = Math.max(app.target, app.busyExecutors.length);
  const target = clamp(Math.min(from + app.toAdd, maxNeeded), a);
  const delta = target - app.target;
  if (delta <= 0) return { ...app, toAdd: 1 };
  return { ...app, target, toAdd: delta === app.toAdd ? app.toAdd * 2 : 1 };
}

/** Why a backlog report from the wire cannot be used, or undefined. */
export function backlogReportProblem(r: { readonly appId?: unknown } & Partial<Record<keyof BacklogSample, unknown>>): string | undefined {
  const count = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (typeof r.appId !== 'string' || r.appId === '') return 'appId must be a non-empty string';
  if (!count(r.pendingTasks) || !count(r.runningTasks)) return 'pendingTasks and runningTasks must be whole numbers ≥ 0';
  if (!Array.isArray(r.busyExecutors) || !r.busyExecutors.every((e) => typeof e === 'string')) return 'busyExecutors must be a list of executor ids';
  if (typeof r.allocation !== 'object' || r.allocation === null) return 'allocation settings are missing';
  return dynamicAllocationProblem(r.allocation as DynamicAllocation)?.message;
}
