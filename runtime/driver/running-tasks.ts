// The task attempts the driver launched and has not seen end: who runs them (for cores and loss),
// their spans and TaskStart/TaskEnd events. An attempt ends once: a second final StatusUpdate, or one
// for an attempt the executor's loss already ended, finds nothing here and is ignored.
import type { Clock, WireError } from '../../common/index.js';
import type { TaskMetrics } from '../executor/task-protocol.js';
import type { DriverTracing } from './driver-tracing.js';
import type { ExecutorTable } from './executor-table.js';
import type { ListenerBus, TaskAttemptInfo, TaskEndReason } from './listener-bus.js';

export interface RunningTask extends TaskAttemptInfo {
  readonly jobId: number;
  readonly launchedAt: number;
  /** The executor's core was given back before the attempt ended (its result is being fetched). */
  coreReleased: boolean;
}

export interface TaskEnd {
  readonly reason: TaskEndReason;
  readonly metrics?: TaskMetrics;
  readonly error?: WireError;
}

export class RunningTasks {
  private readonly tasks = new Map<number, RunningTask>();

  constructor(
    private readonly executors: ExecutorTable,
    private readonly tracing: DriverTracing,
    private readonly bus: ListenerBus,
    private readonly clock: Clock,
  ) {}

  /** Records a launch: a core of its executor is taken; returns the task span's traceparent. */
  launched(info: TaskAttemptInfo, jobId: number): string | undefined {
    const now = this.clock.now();
    this.tasks.set(info.taskId, { ...info, jobId, launchedAt: now, coreReleased: false });
    const entry = this.executors.get(info.executorId);
    if (entry !== undefined) entry.running++;
    if (this.bus.active) this.bus.post({ kind: 'TaskStart', ...info }, now);
    return this.tracing.startTask(info);
  }

  /** The attempt `taskId` if it is still running on `executorId`. */
  get(taskId: number, executorId?: string): RunningTask | undefined {
    const t = this.tasks.get(taskId);
    return t === undefined || (executorId !== undefined && t.executorId !== executorId) ? undefined : t;
  }

  /** Frees the attempt's core while it stays unfinished (its result block is being fetched). */
  releaseCore(t: RunningTask): void {
    if (t.coreReleased) return;
    t.coreReleased = true;
    const entry = this.executors.get(t.executorId);
    if (entry !== undefined) entry.running = Math.max(0, entry.running - 1);
  }

  /** Ends the attempt: core freed, span ended, TaskEnd posted. Returns false when it had ended already. */
  end(taskId: number, end: TaskEnd): boolean {
    const t = this.tasks.get(taskId);
    if (t === undefined) return false;
    this.tasks.delete(taskId);
    this.releaseCore(t);
    this.tracing.endTask(taskId, end.reason, end.reason === 'success' ? undefined : end.error?.message ?? end.reason);
    if (!this.bus.active) return true;
    const now = this.clock.now();
    const { jobId: _job, launchedAt, coreReleased: _released, ...info } = t;
    this.bus.post({
      kind: 'TaskEnd', ...info, reason: end.reason, durationMs: now - launchedAt,
      ...(end.metrics === undefined ? {} : { metrics: end.metrics }),
      ...(end.error === undefined ? {} : { error: end.error }),
    }, now);
    return true;
  }

  /** Attempts running on an executor (to end as lost when it goes). */
  onExecutor(executorId: string): RunningTask[] {
    return [...this.tasks.values()].filter((t) => t.executorId === executorId);
  }

  get size(): number {
    return this.tasks.size;
  }

  all(): RunningTask[] {
    return [...this.tasks.values()];
  }
}
