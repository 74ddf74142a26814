// Executors joining and leaving the application: registration with each executor the source offers
// (then death watch, block manager, task scheduler), and on loss the order Spark uses — running
// attempts end as lost, the task scheduler re-queues them, then the DAG core drops the outputs.
import { ErrorCode, toWireError, type WireError } from '../../common/index.js';
import { refKey, type ActorRef } from '../actors/index.js';
import type { ExecutorMessage, ExecutorRegistration } from '../executor/task-protocol.js';
import type { DriverPort, DriverSchedulerDeps } from './driver-scheduler-deps.js';
import type { ExecutorHandle, ExecutorLoss } from './driver-protocol.js';
import type { PostWork } from './driver-work.js';
import { registerApplication } from './executor-registration.js';
import type { RunningTasks } from './running-tasks.js';

export class ExecutorMembership {
  private readonly registering = new Set<string>();
  /** Executors reported gone while their registration was in flight (by ref key). */
  private readonly goneWhileRegistering = new Set<string>();

  constructor(
    private readonly d: DriverSchedulerDeps,
    private readonly port: DriverPort,
    private readonly running: RunningTasks,
    private readonly post: PostWork,
  ) {}

  offered(ref: ActorRef<ExecutorMessage>): void {
    const key = refKey(ref);
    if (this.d.executors.hasRef(ref) || this.registering.has(key)) return;
    this.registering.add(key);
    registerApplication(this.port.ask, this.d.clock, ref, this.d.appId, this.port.self, this.d.registration).then(
      (registration) => this.port.tellSelf({ kind: 'ExecutorRegistered', ref, registration }),
      (err: unknown) => this.port.tellSelf({ kind: 'ExecutorRegistrationFailed', ref, reason: toWireError(err).message }),
    );
  }

  registered(ref: ActorRef<ExecutorMessage>, r: ExecutorRegistration): void {
    const key = refKey(ref);
    this.registering.delete(key);
    if (this.goneWhileRegistering.delete(key)) return;
    if (this.d.executors.get(r.executorId) !== undefined) {
      this.d.log.warn({ executorId: r.executorId, ref: key }, 'an executor id registered twice; keeping the first');
      return;
    }
    this.d.executors.add(ref, r);
    this.port.watch(ref);
    this.d.blocks.register(r.blocks.id, r.memoryBytes);
    // Never log the registration itself: its block endpoint carries the executor's secret.
    this.d.log.info({ executorId: r.executorId, nodeId: r.nodeId, cores: r.cores }, 'executor registered');
    this.d.bus.post({ kind: 'ExecutorAdded', executorId: r.executorId, nodeId: r.nodeId, cores: r.cores }, this.d.clock.now());
    this.post({ to: 'tasks', input: { kind: 'ExecutorAdded', executorId: r.executorId, host: r.nodeId, cores: r.cores } });
    this.post({ to: 'offers' });
  }

  registrationFailed(ref: ActorRef<ExecutorMessage>, reason: string): void {
    const key = refKey(ref);
    this.registering.delete(key);
    this.goneWhileRegistering.delete(key);
    this.d.log.warn({ ref: key, reason }, 'could not register the application with an executor; not using it');
  }

  /** The executor is gone: its running attempts re-queue, its blocks and map outputs are forgotten. */
  gone(handle: ExecutorHandle, loss: ExecutorLoss): void {
    const entry = this.d.executors.find(handle);
    if (entry === undefined) {
      if (typeof handle !== 'string' && this.registering.has(refKey(handle))) this.goneWhileRegistering.add(refKey(handle));
      return;
    }
    const { executorId, nodeId } = entry.registration;
    const now = this.d.clock.now();
    this.d.executors.remove(executorId);
    this.port.unwatch(entry.ref);
    this.d.results.forget(executorId);
    this.d.blocks.removeExecutor(executorId);
    const error: WireError = { code: ErrorCode.NodeLost, message: `executor ${executorId} lost: ${loss.reason}`, retryable: true, fields: { executorId } };
    for (const t of this.running.onExecutor(executorId)) this.running.end(t.taskId, { reason: 'lost', error });
    this.d.log.warn({ executorId, nodeId, hostLost: loss.hostLost, reason: loss.reason }, 'executor lost');
    this.d.bus.post({ kind: 'ExecutorRemoved', executorId, reason: loss.reason, hostLost: loss.hostLost }, now);
    this.post({ to: 'tasks', input: { kind: 'ExecutorRemoved', executorId, reason: loss.reason, now } });
    this.post({ to: 'dag', event: { kind: 'ExecutorLost', executorId, host: nodeId, hostLost: loss.hostLost } });
    this.post({ to: 'offers' });
  }
}
