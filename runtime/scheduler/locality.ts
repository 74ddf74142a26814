// Locality levels and delay scheduling (Spark's TaskLocality and the delay timer of TaskSetManager).
// A task set starts at its most local valid level and falls back one level each time it has waited
// that level's wait without launching; launching at a level resets the timer there. Levels, most
// local first: PROCESS_LOCAL (executor) → NODE_LOCAL (host) → NO_PREF (no preference) → ANY.
// There is no RACK_LOCAL: Flint has no topology.
import { assertNever } from '../../common/index.js';
import type { TaskSchedulerSettings } from './scheduler-config.js';

export type TaskLocality = 'PROCESS_LOCAL' | 'NODE_LOCAL' | 'NO_PREF' | 'ANY';

const RANK: Readonly<Record<TaskLocality, number>> = { PROCESS_LOCAL: 0, NODE_LOCAL: 1, NO_PREF: 2, ANY: 3 };

/** Rank of a level: lower is more local. */
export function localityRank(level: TaskLocality): number {
  return RANK[level];
}

/** True when a task at `level` may launch under the constraint `max` (Spark's TaskLocality.isAllowed). */
export function isLocalityAllowed(max: TaskLocality, level: TaskLocality): boolean {
  return RANK[level] <= RANK[max];
}

/** How long a task set waits at `level` before falling back (NO_PREF and ANY never wait). */
export function localityWait(level: TaskLocality, settings: TaskSchedulerSettings): number {
  switch (level) {
    case 'PROCESS_LOCAL': return settings.localityWaitProcessMs;
    case 'NODE_LOCAL': return settings.localityWaitNodeMs;
    case 'NO_PREF': return 0;
    case 'ANY': return 0;
    default: return assertNever(level, 'locality level');
  }
}

/** A task set's delay-scheduling timer. Mutated in place by the functions below. */
export interface DelayTimer {
  /** Valid levels for the task set, most local first; always ends with ANY. */
  levels: TaskLocality[];
  waits: number[];
  currentIndex: number;
  lastResetTime: number;
}

/** Which kinds of pending tasks a task set has, for choosing its valid levels. */
export interface LocalityDemand {
  /** Some pending task prefers an executor that is alive. */
  readonly executorLocal: boolean;
  /** Some pending task prefers a host with a live executor. */
  readonly hostLocal: boolean;
  /** Some pending task has no preference. */
  readonly noPref: boolean;
}

/** Spark's computeValidLocalityLevels. */
export function validLocalityLevels(demand: LocalityDemand): TaskLocality[] {
  const levels: TaskLocality[] = [];
  if (demand.executorLocal) levels.push('PROCESS_LOCAL');
  if (demand.hostLocal) levels.push('NODE_LOCAL');
  if (demand.noPref) levels.push('NO_PREF');
  levels.push('ANY');
  return levels;
}

export function newDelayTimer(levels: TaskLocality[], settings: TaskSchedulerSettings, now: number): DelayTimer {
  return { levels, waits: levels.map((l) => localityWait(l, settings)), currentIndex: 0, lastResetTime: now };
}

/** Index of the first valid level at least as far as `level` (Spark's getLocalityIndex). */
export function localityIndex(levels: readonly TaskLocality[], level: TaskLocality): number {
  let i = 0;
  while (i < levels.length - 1 && RANK[level] > RANK[levels[i]]) i++;
  return i;
}

/**
 * The farthest level the task set may launch at, at `now` (Spark's getAllowedLocalityLevel). Levels
 * with no task left to run are skipped at once (SPARK-4939); otherwise a level is left only after its
 * wait, and the timer advances by exactly that wait so the next level's wait starts where it ended.
 */
export function allowedLocality(timer: DelayTimer, now: number, hasTasksAt: (level: TaskLocality) => boolean): TaskLocality {
  while (timer.currentIndex < timer.levels.length - 1) {
    const level = timer.levels[timer.currentIndex];
    if (!hasTasksAt(level)) {
      timer.lastResetTime = now;
      timer.currentIndex++;
    } else if (now - timer.lastResetTime >= timer.waits[timer.currentIndex]) {
      timer.lastResetTime += timer.waits[timer.currentIndex];
      timer.currentIndex++;
    } else {
      return level;
    }
  }
  return timer.levels[timer.currentIndex];
}

/**
 * A task launched at `level`: wait again from now at that level. This is Spark's legacy rule
 * (`spark.locality.wait.legacyResetOnTaskLaunch=true`); Spark 3.1's "no rejection in a full offer
 * round" rule needs to know which offers are complete, which the offers here do not say.
 */
export function resetDelayTimer(timer: DelayTimer, level: TaskLocality, now: number): void {
  timer.currentIndex = localityIndex(timer.levels, level);
  timer.lastResetTime = now;
}

/** Executors came or went: recompute the valid levels, keeping the current one (Spark's recomputeLocality). */
export function recomputeLocality(timer: DelayTimer, levels: TaskLocality[], settings: TaskSchedulerSettings): void {
  const previousIndex = timer.currentIndex;
  const previousLevels = timer.levels;
  const previousLevel = previousLevels[previousIndex];
  timer.levels = levels;
  timer.waits = levels.map((l) => localityWait(l, settings));
  timer.currentIndex = localityIndex(levels, previousLevel);
  if (timer.currentIndex > previousIndex) {
    // SPARK-31837: a newly valid, more local level is tried first.
    const added = levels.find((l) => !previousLevels.includes(l));
    if (added !== undefined) timer.currentIndex = localityIndex(levels, added);
  }
}

/** When the timer will next fall back a level, if it is waiting (for the shell to revive offers then). */
export function nextLocalityFallback(timer: DelayTimer): number | undefined {
  if (timer.currentIndex >= timer.levels.length - 1) return undefined;
  const wait = timer.waits[timer.currentIndex];
  return wait > 0 ? timer.lastResetTime + wait : undefined;
}
