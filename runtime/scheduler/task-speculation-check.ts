// The periodic straggler check over every running copy (Spark's checkSpeculatableTasks, run each
// spark.speculation.interval): a task whose only copy has run past its task set's threshold gets
// a speculative copy queued; the copy launches on a host where the task is not running.
import type { SpeculationSettings } from './scheduler-config.js';
import { addPendingTask } from './task-pending-lists.js';
import { speculationThreshold } from './speculation.js';
import { setPart, type TaskAttempt, type TaskSetManager } from './task-set-manager.js';

/** Queues speculative copies of stragglers; returns how many were queued. */
export function checkSpeculatableTasks(running: Iterable<TaskAttempt>, settings: SpeculationSettings, now: number): number {
  const thresholds = new Map<TaskSetManager, number>();
  let queued = 0;
  for (const attempt of running) {
    const m = attempt.manager;
    if (m.status.phase !== 'active') continue;
    let threshold = thresholds.get(m);
    if (threshold === undefined) {
      threshold = speculationThreshold(m.durations, m.parts.length, settings) ?? Infinity;
      thresholds.set(m, threshold);
    }
    const rec = m.parts[attempt.index];
    if (rec.state !== 'running' || rec.copies.length !== 1 || rec.speculatable) continue;
    if (now - attempt.launchTime <= threshold) continue;
    setPart(m, attempt.index, { ...rec, speculatable: true });
    addPendingTask(m.speculative, attempt.index, m.taskSet.tasks[attempt.index].preferredLocations);
    queued++;
  }
  return queued;
}
