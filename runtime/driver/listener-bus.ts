// The driver's listener bus (Spark's LiveListenerBus): the DAG core's listener events, with its
// TaskEnd replaced by the driver's own TaskStart/TaskEnd (executor, duration, metrics) and executor
// membership events, each stamped with the time it happened. A throwing listener is logged, not fatal.
import type { Logger, WireError } from '../../common/index.js';
import type { TaskMetrics } from '../executor/task-protocol.js';
import type { ListenerEvent } from '../scheduler/index.js';

/** How a task attempt ended, as the driver saw it. */
export type TaskEndReason = 'success' | 'failed' | 'fetchFailed' | 'killed' | 'lost';

export interface TaskAttemptInfo {
  readonly taskId: number;
  readonly stageId: number;
  readonly stageAttempt: number;
  readonly partition: number;
  /** Attempt of the partition within its task set, speculative copies included. */
  readonly attempt: number;
  readonly executorId: string;
  /** The scheduler's host: the executor's Flint node id. */
  readonly host: string;
  readonly speculative: boolean;
  readonly locality: string;
}

export type DriverEventBody =
  | Exclude<ListenerEvent, { readonly kind: 'TaskEnd' }>
  | ({ readonly kind: 'TaskStart' } & TaskAttemptInfo)
  | ({
    readonly kind: 'TaskEnd';
    readonly reason: TaskEndReason;
    readonly durationMs: number;
    readonly metrics?: TaskMetrics;
    readonly error?: WireError;
  } & TaskAttemptInfo)
  | { readonly kind: 'ExecutorAdded'; readonly executorId: string; readonly nodeId: string; readonly cores: number }
  | { readonly kind: 'ExecutorRemoved'; readonly executorId: string; readonly reason: string; readonly hostLost: boolean };

/** What `Driver.onEvent` listeners receive. */
export type DriverEvent = DriverEventBody & { readonly time: number };

export type DriverListener = (event: DriverEvent) => void;

export class ListenerBus {
  private readonly listeners = new Set<DriverListener>();

  constructor(private readonly log: Logger) {}

  /** Adds a listener; returns the function that removes it. */
  on(listener: DriverListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** True while anyone listens: callers skip building per-task events otherwise. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  post(event: DriverEventBody, time: number): void {
    if (this.listeners.size === 0) return;
    const stamped = { ...event, time } as DriverEvent;
    for (const l of [...this.listeners]) {
      try {
        l(stamped);
      } catch (err) {
        this.log.warn({ err, event: event.kind }, 'a driver listener threw; the event is dropped for it');
      }
    }
  }
}
