// How an attempt's StatusUpdate becomes task-scheduler input: success (with a result fetched from the
// executor's block socket first when it was too large to travel inline), failure, fetch failure, kill
// or loss. Executor-side accumulator updates are turned into the DAG core's shape here.
import { ErrorCode, assertNever, toWireError, type WireError } from '../../common/index.js';
import type { DriverMessage, TaskMetrics, TaskOutcome } from '../executor/task-protocol.js';
import type { AccumulatorUpdate as TaskAccumulatorUpdate } from '../rdd/index.js';
import type { AccumulatorUpdate, TaskSchedulerInput } from '../scheduler/index.js';
import type { DriverPort, DriverSchedulerDeps } from './driver-scheduler-deps.js';
import type { PostWork, SuccessPayload } from './driver-work.js';
import type { TaskEndReason } from './listener-bus.js';
import type { RunningTask, RunningTasks } from './running-tasks.js';

type Success = Extract<TaskOutcome, { kind: 'success' }>;
type StatusInput = Extract<TaskSchedulerInput, { kind: 'TaskStatusUpdate' }>;

export class TaskOutcomes {
  /** Successful attempts whose result block is being fetched. */
  private readonly fetching = new Map<number, Success>();

  constructor(
    private readonly d: DriverSchedulerDeps,
    private readonly port: DriverPort,
    private readonly running: RunningTasks,
    private readonly post: PostWork,
  ) {}

  statusUpdate(m: Extract<DriverMessage, { kind: 'StatusUpdate' }>): void {
    if (m.appId !== this.d.appId || m.state === 'RUNNING') return;
    const t = this.running.get(m.taskId, m.executorId);
    // Unknown, ended, or already handing over a fetched result: updates are idempotent.
    if (t === undefined || this.fetching.has(t.taskId)) return;
    const o = m.outcome;
    switch (m.state) {
      case 'FINISHED':
        if (o?.kind !== 'success') this.failed(t, internal(`task ${t.taskId} reported FINISHED without a successful outcome`));
        else if (o.value === undefined && o.resultBlock !== undefined) this.fetchResult(t, o);
        else this.succeeded(t, o, o.value);
        return;
      case 'FAILED': {
        const error = o?.kind === 'failed' ? o.error : internal(`task ${t.taskId} failed without an error`);
        const metrics = o?.kind === 'failed' ? o.metrics : undefined;
        if (o?.kind === 'failed' && o.fetchFailed !== undefined) {
          this.end(t, { kind: 'TaskStatusUpdate', taskId: t.taskId, state: 'FAILED', error, fetchFailed: o.fetchFailed, now: this.d.clock.now() }, 'fetchFailed', error, metrics);
        } else {
          this.failed(t, error, metrics);
        }
        return;
      }
      case 'KILLED':
      case 'LOST': {
        const message = o?.kind === 'killed' ? o.reason : m.state === 'KILLED' ? 'killed' : 'task lost';
        const error: WireError = { code: ErrorCode.Internal, message, retryable: true, fields: {} };
        this.end(t, { kind: 'TaskStatusUpdate', taskId: t.taskId, state: m.state, error, now: this.d.clock.now() }, m.state === 'KILLED' ? 'killed' : 'lost', error);
        return;
      }
      default:
        assertNever(m.state, 'task state');
    }
  }

  /** A result block arrived: the attempt succeeds with it. */
  resultFetched(taskId: number, bytes: Uint8Array): void {
    const o = this.fetching.get(taskId);
    this.fetching.delete(taskId);
    const t = this.running.get(taskId);
    if (t !== undefined && o !== undefined) this.succeeded(t, o, bytes);
  }

  /** The result block could not be read: the attempt failed and is retried (Spark's TaskResultGetter). */
  resultFetchFailed(taskId: number, error: WireError): void {
    this.fetching.delete(taskId);
    const t = this.running.get(taskId);
    if (t !== undefined) this.failed(t, error);
  }

  /** The attempt failed on the driver's side (no executor or binary, or a task too large to send). */
  failed(t: RunningTask, error: WireError, metrics?: TaskMetrics): void {
    this.end(t, { kind: 'TaskStatusUpdate', taskId: t.taskId, state: 'FAILED', error, now: this.d.clock.now() }, 'failed', error, metrics);
  }

  private succeeded(t: RunningTask, o: Success, value: Uint8Array | undefined): void {
    const result: SuccessPayload = {
      ...(value === undefined ? {} : { value }),
      ...(o.mapStatus === undefined ? {} : { mapStatus: o.mapStatus }),
      accumulatorUpdates: o.accumulatorUpdates.map(toDagUpdate),
    };
    this.end(t, { kind: 'TaskStatusUpdate', taskId: t.taskId, state: 'FINISHED', result, now: this.d.clock.now() }, 'success', undefined, o.metrics);
  }

  private end(t: RunningTask, input: StatusInput, reason: TaskEndReason, error?: WireError, metrics?: TaskMetrics): void {
    this.running.end(t.taskId, { reason, ...(error === undefined ? {} : { error }), ...(metrics === undefined ? {} : { metrics }) });
    this.post({ to: 'tasks', input });
    this.post({ to: 'offers' });
  }

  private fetchResult(t: RunningTask, o: Success): void {
    const ref = o.resultBlock!;
    this.running.releaseCore(t);
    this.fetching.set(t.taskId, o);
    const executor = this.d.executors.get(t.executorId);
    const drop = (): void => {
      if (executor !== undefined) this.port.tell(executor.ref, { kind: 'RemoveBlocks', appId: this.d.appId, blockId: ref.blockId });
    };
    this.d.results.fetch(ref).then(
      (bytes) => { drop(); this.port.tellSelf({ kind: 'ResultFetched', taskId: t.taskId, bytes }); },
      (err: unknown) => { drop(); this.port.tellSelf({ kind: 'ResultFetchFailed', taskId: t.taskId, error: toWireError(err) }); },
    );
    this.post({ to: 'offers' });
  }
}

function internal(message: string): WireError {
  return { code: ErrorCode.Internal, message, retryable: false, fields: {} };
}

/** Executors report `{accId, update: bytes}`; the DAG core names the id `accumulatorId`. */
function toDagUpdate(u: TaskAccumulatorUpdate): AccumulatorUpdate {
  return { accumulatorId: u.accId, update: u.update };
}

/** Back to the accumulator registry's shape for MergeAccumulators. */
export function toTaskUpdate(u: AccumulatorUpdate): TaskAccumulatorUpdate {
  return { accId: u.accumulatorId, update: u.update as Uint8Array };
}
