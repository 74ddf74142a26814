// Read-only questions the actor shell and the UI ask of the task scheduler state: when to wake up
// next (delay-scheduling fallbacks, speculation checks, exclusion expiry) and each task set's progress.
import { nextLocalityFallback } from './locality.js';
import { pendingCount, type TaskSetPhase } from './task-set-manager.js';
import type { TaskSchedulerState } from './task-scheduler.js';

/**
 * The earliest time at which a Tick followed by offers could decide something new, or undefined when
 * only new inputs can. The shell arms one timer for it instead of polling.
 */
export function nextDeadline(state: TaskSchedulerState): number | undefined {
  let next = state.health.nextExpiry;
  const { speculation, exclusion } = state.settings;
  if (speculation.enabled && state.attempts.size > 0) next = Math.min(next, state.lastSpeculationCheck + speculation.intervalMs);
  for (const m of state.managers.values()) {
    if (pendingCount(m) > 0) {
      const fallback = nextLocalityFallback(m.delay);
      if (fallback !== undefined) next = Math.min(next, fallback);
    }
    if (m.unschedulableSince !== undefined) next = Math.min(next, m.unschedulableSince + exclusion.unschedulableTaskSetTimeoutMs + 1);
  }
  return Number.isFinite(next) ? next : undefined;
}

export interface TaskSetProgress {
  readonly stageId: number;
  readonly stageAttempt: number;
  readonly jobId: number;
  readonly status: TaskSetPhase;
  readonly total: number;
  readonly succeeded: number;
  /** Running copies, speculative ones included. */
  readonly running: number;
  readonly pending: number;
}

/** Every task set still known (active, or a zombie with copies running), in submission order. */
export function taskSetProgress(state: TaskSchedulerState): TaskSetProgress[] {
  return [...state.managers.values()].map((m) => ({
    stageId: m.taskSet.stageId, stageAttempt: m.taskSet.stageAttempt, jobId: m.taskSet.jobId, status: m.status,
    total: m.parts.length, succeeded: m.numSucceeded, running: m.runningAttempts, pending: pendingCount(m),
  }));
}
