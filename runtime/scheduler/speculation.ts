// When a running task is a straggler (Spark's TaskSetManager.checkSpeculatableTasks): once
// `quantile` of a task set's tasks have succeeded, a task whose single copy has run longer than
// max(multiplier × median successful duration, minTaskRuntime) gets one speculative copy.
// Single-task sets are never speculated (Spark needs a duration threshold for those).
import type { SpeculationSettings } from './scheduler-config.js';

/** Successful task durations of one task set, sorted lazily for the median. */
export interface DurationSample {
  readonly values: number[];
  sorted: boolean;
}

export function newDurationSample(): DurationSample {
  return { values: [], sorted: true };
}

export function addDuration(sample: DurationSample, ms: number): void {
  const v = sample.values;
  if (sample.sorted && v.length > 0 && ms < v[v.length - 1]) sample.sorted = false;
  v.push(ms);
}

/** Median as Spark's MedianHeap gives it: the mean of the two middle values for an even count. */
export function medianDuration(sample: DurationSample): number {
  const v = sample.values;
  if (v.length === 0) return 0;
  if (!sample.sorted) {
    v.sort((a, b) => a - b);
    sample.sorted = true;
  }
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** How long a task may run before it is copied, or undefined while too few tasks have finished. */
export function speculationThreshold(sample: DurationSample, numTasks: number, settings: SpeculationSettings): number | undefined {
  if (numTasks <= 1) return undefined;
  const minFinished = Math.max(Math.floor(settings.quantile * numTasks), 1);
  if (sample.values.length < minFinished) return undefined;
  return Math.max(settings.multiplier * medianDuration(sample), settings.minTaskRuntimeMs);
}
