// The driver scheduler's units of work, processed one at a time in order (Spark's single event-loop
// thread): a step of the DAG core, a step of the task scheduler core, or an offer of free cores.
import type { AccumulatorUpdate, DagEvent, MapStatus, TaskSchedulerInput } from '../scheduler/index.js';

export type Work =
  | { readonly to: 'dag'; readonly event: DagEvent }
  | { readonly to: 'tasks'; readonly input: TaskSchedulerInput }
  /** Offer every free core; computed when it runs, after the work queued before it. */
  | { readonly to: 'offers' };

/** Queues work; it runs after the step being processed, if any, has run all its commands. */
export type PostWork = (work: Work) => void;

/**
 * A successful attempt's result as it travels, opaque, through the task scheduler to the DAG core:
 * a result task's encoded value, a map task's status, accumulator updates in the DAG core's shape.
 */
export interface SuccessPayload {
  readonly value?: Uint8Array;
  readonly mapStatus?: MapStatus;
  readonly accumulatorUpdates: readonly AccumulatorUpdate[];
}
