// The executor's state behind its actor (Spark's CoarseGrainedExecutorBackend + Executor): the
// applications it serves (driver ref, broadcast cache), the task attempts running here (each runs
// detached from the mailbox and ends with one final StatusUpdate, preceded by RUNNING only when it
// outlives the event-loop turn it started in), and block removal per application.
// Executors are shared: nothing one application sends can stop the others' work.
import { EngineError, ErrorCode, toWireError, type Logger } from '../../common/index.js';
import type { ActorRef, ActorSystem } from '../actors/index.js';
import { isBlockOfKind } from '../blocks/block-id.js';
import type { BlockUpdate } from '../blocks/block-status.js';
import { decodeBroadcastValue } from '../rdd/broadcast.js';
import { BroadcastCache } from '../rdd/broadcast-cache.js';
import type { TaskState } from '../scheduler/task-set.js';
import { parseLocalBlockKey } from './app-block-store.js';
import type { ExecutorServices } from './executor-services.js';
import { TaskControl } from './task-context.js';
import { StageBinaries } from './stage-binaries.js';
import { taskShapeProblem } from './task-shape.js';
import { runTask } from './task-runner.js';
import { appBlockName, type BlockEndpoint, type DriverMessage, type ExecutorMessage, type ExecutorRegistration, type StageTaskDescription, type TaskDescription, type TaskOutcome } from './task-protocol.js';

export interface ExecutorBackendOptions {
  readonly system: ActorSystem;
  readonly services: ExecutorServices;
  readonly cores: number;
  readonly memoryBytes: number;
  /** Timeout of GetBroadcast asks to a driver. */
  readonly askTimeoutMs: number;
  readonly log: Logger;
}

interface AppState {
  readonly driver: ActorRef<DriverMessage>;
  readonly broadcasts: BroadcastCache;
}

interface RunningTask {
  readonly appId: string;
  readonly control: TaskControl;
  readonly done: Promise<void>;
}

type RemoveBlocks = Extract<ExecutorMessage, { kind: 'RemoveBlocks' }>;

const taskKey = (appId: string, taskId: number): string => `${appId}\0${taskId}`;

export class ExecutorBackend {
  private readonly apps = new Map<string, AppState>();
  private readonly running = new Map<string, RunningTask>();
  private readonly stageBinaries = new StageBinaries();
  private stopping = false;

  constructor(private readonly o: ExecutorBackendOptions) {}

  get runningTasks(): number { return this.running.size; }

  registration(): ExecutorRegistration {
    const { services } = this.o;
    return { executorId: services.executorId, nodeId: services.nodeId, cores: this.o.cores, memoryBytes: this.o.memoryBytes, blocks: services.endpoint };
  }

  /** Idempotent; a second registration of the application replaces its driver ref. */
  registerApplication(appId: string, driver: ActorRef<DriverMessage>): ExecutorRegistration {
    this.appFor(appId, driver);
    return this.registration();
  }

  /** Starts the task detached from the caller; its end is reported to its driver. */
  launchTask(task: TaskDescription): void {
    const problem = taskShapeProblem(task);
    if (problem === 'no driver') {
      this.o.log.warn({ problem }, 'dropped a LaunchTask whose driver cannot be told');
      return;
    }
    if (problem !== undefined || this.stopping) {
      const error = new EngineError(ErrorCode.BadMessage, problem ?? 'the executor is stopping', { fields: { taskId: task.taskId } });
      this.report(task, 'FAILED', { kind: 'failed', error: toWireError(error) });
      return;
    }
    const key = taskKey(task.appId, task.taskId);
    if (this.running.has(key)) {
      this.o.log.warn({ app: task.appId, task: task.taskId }, 'task already running here; duplicate launch ignored');
      return;
    }
    const app = this.appFor(task.appId, task.driver);
    const control = new TaskControl(task.taskId);
    const done = runTask(task, control, { services: this.o.services, broadcasts: app.broadcasts, log: this.o.log })
      .then((final) => this.report(task, final.state, final.outcome))
      .catch((err: unknown) => this.o.log.error({ err, app: task.appId, task: task.taskId }, 'task runner failed to report'))
      .finally(() => this.running.delete(key));
    this.running.set(key, { appId: task.appId, control, done });
    // The driver only displays RUNNING: a task that ends within its first turn (an empty or cached
    // partition) sends its final update alone, which halves the messages of short tasks.
    setImmediate(() => { if (this.running.get(key)?.control === control) this.report(task, 'RUNNING'); });
  }

  /** Keeps a stage attempt's binary for the LaunchStageTasks that follow it. */
  stageBinary(msg: Extract<ExecutorMessage, { kind: 'StageBinary' }>): void {
    if (typeof msg.appId !== 'string' || typeof msg.stageId !== 'number' || typeof msg.stageAttempt !== 'number') return;
    this.stageBinaries.put(msg.appId, msg.stageId, msg.stageAttempt, msg.binary, msg.functions ?? {});
  }

  dropStageBinaries(appId: string, stages: readonly { readonly stageId: number; readonly stageAttempt: number }[]): void {
    this.stageBinaries.drop(appId, Array.isArray(stages) ? stages : []);
  }

  /** A task of a stage whose binary came in a StageBinary; FAILED (retryable) when that binary is not here. */
  launchStageTask(task: StageTaskDescription): void {
    const full = typeof task === 'object' && task !== null && Array.isArray(task.slices) ? this.stageBinaries.describe(task) : undefined;
    if (full !== undefined) {
      this.launchTask(full);
      return;
    }
    const missing = { ...task, binary: undefined, functions: {} } as unknown as TaskDescription;
    if (taskShapeProblem(missing) === 'no driver') {
      this.o.log.warn({ problem: 'no driver' }, 'dropped a LaunchStageTask whose driver cannot be told');
      return;
    }
    const error = new EngineError(ErrorCode.Internal, `task ${task.taskId}: no binary for stage ${task.stageId}.${task.stageAttempt} on this executor`, {
      retryable: true, fields: { taskId: task.taskId, stageId: task.stageId },
    });
    this.report(missing, 'FAILED', { kind: 'failed', error: toWireError(error) });
  }

  /** Cooperative: the task stops at its next check and reports KILLED. Unknown tasks (already ended) are ignored. */
  killTask(appId: string, taskId: number, reason: string): void {
    this.running.get(taskKey(appId, taskId))?.control.kill(reason);
  }

  async removeBlocks(msg: RemoveBlocks): Promise<void> {
    const { blocks, mapOutputs } = this.o.services;
    const { appId } = msg;
    if (msg.rddId !== undefined) await blocks.removeWhere(appId, (n) => n.startsWith(`rdd_${msg.rddId}_`));
    if (msg.shuffleId !== undefined) {
      mapOutputs.dropShuffle(appId, msg.shuffleId);
      await blocks.removeWhere(appId, (n) => n.startsWith(`shuffle_${msg.shuffleId}_`));
    }
    if (msg.broadcastId !== undefined) {
      this.apps.get(appId)?.broadcasts.evict(msg.broadcastId);
      await blocks.removeWhere(appId, (n) => n === `broadcast_${msg.broadcastId}`);
    }
    if (msg.blockId !== undefined) {
      // Result blocks are named to the driver as `<appId>/<block>` (the socket name); accept both forms.
      const scope = `${appId}/`;
      await blocks.remove(appId, msg.blockId.startsWith(scope) ? msg.blockId.slice(scope.length) : msg.blockId);
    }
  }

  /** Kills the application's tasks and drops its blocks, cached map outputs and broadcast values. */
  async endApplication(appId: string): Promise<void> {
    this.apps.delete(appId);
    this.stageBinaries.dropApp(appId);
    for (const t of this.running.values()) if (t.appId === appId) t.control.kill('application ended');
    this.o.services.mapOutputs.dropApp(appId);
    await this.o.services.blocks.removeWhere(appId, () => true);
  }

  /** The block manager's listener: cached RDD partitions that changed are reported to their driver. */
  onBlockUpdate(update: BlockUpdate): void {
    const scoped = parseLocalBlockKey(update.blockId);
    if (!scoped || !isBlockOfKind(scoped.blockName, 'rdd')) return;
    const app = this.apps.get(scoped.appId);
    if (!app) return;
    this.tell(app.driver, { kind: 'BlockUpdated', update: { ...update, blockId: scoped.blockName } });
  }

  /** Kills every running task and waits (up to `graceMs`) for them to report. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    for (const t of this.running.values()) t.control.kill('executor stopping');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.running.values()].map((t) => t.done)),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); }),
    ]);
    clearTimeout(timer);
  }

  private appFor(appId: string, driver: ActorRef<DriverMessage>): AppState {
    const known = this.apps.get(appId);
    if (known && known.driver.node === driver.node && known.driver.path === driver.path) return known;
    const ref = { node: driver.node, path: driver.path } as ActorRef<DriverMessage>;
    const broadcasts = known?.broadcasts ?? new BroadcastCache({
      fetch: async (broadcastId) => {
        const current = this.apps.get(appId)?.driver ?? ref;
        const reply = await this.o.system.ask<DriverMessage, { bytes?: unknown; block?: { blockId: string; from: BlockEndpoint } }>(current, { kind: 'GetBroadcast', broadcastId }, { timeoutMs: this.o.askTimeoutMs });
        // A large value waits in the driver's block server; fetch it like a peer's block.
        if (reply?.block !== undefined) return decodeBroadcastValue(await this.o.services.peers.fetch(reply.block.from, appBlockName(appId, reply.block.blockId)));
        if (!(reply?.bytes instanceof Uint8Array)) {
          throw new EngineError(ErrorCode.BadMessage, `the driver answered GetBroadcast ${broadcastId} without bytes`, { fields: { broadcast: broadcastId } });
        }
        return decodeBroadcastValue(reply.bytes);
      },
    });
    const app = { driver: ref, broadcasts };
    this.apps.set(appId, app);
    return app;
  }

  private report(task: TaskDescription, state: TaskState, outcome?: TaskOutcome): void {
    const msg: DriverMessage = {
      kind: 'StatusUpdate', appId: task.appId, taskId: task.taskId, executorId: this.o.services.executorId, state,
      ...(outcome === undefined ? {} : { outcome }),
    };
    if (this.tell(task.driver, msg) || outcome === undefined || outcome.kind !== 'success') return;
    // The update could not be sent as it was (too large for a message): the attempt fails instead.
    const error = new EngineError(ErrorCode.PayloadTooLarge, `task ${task.taskId}: its status update could not be sent to the driver`);
    this.tell(task.driver, { ...msg, state: 'FAILED', outcome: { kind: 'failed', error: toWireError(error), metrics: outcome.metrics } });
  }

  private tell(driver: ActorRef<DriverMessage>, msg: DriverMessage): boolean {
    try {
      this.o.system.tell(driver, msg);
      return true;
    } catch (err) {
      this.o.log.warn({ err, type: msg.kind, driver: `${driver.node}/${driver.path}` }, 'could not send to the driver');
      return false;
    }
  }
}
