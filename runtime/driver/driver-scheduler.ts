// The driver's scheduler shell (Spark's DAGScheduler event loop and TaskSchedulerImpl backend): it
// feeds the pure DAG and task-scheduler cores one unit of work at a time, performs their commands
// (launching tasks, map-output and accumulator bookkeeping, settling jobs) and queues what those
// commands cause, so every core step finishes before the next begins. Its actor is its only caller.
import { EngineError, ErrorCode, assertNever, toWireError, type TimerHandle, type WireError } from '../../common/index.js';
import type { ActorRef } from '../actors/index.js';
import { blockName, broadcastBlockId, rddBlockId, rddIdOf, type BlockUpdate } from '../blocks/index.js';
import {
  MAX_DIRECT_RESULT_BYTES, decodeTaskValue, splitAppBlockName, type BroadcastReply, type DriverMessage, type ExecutorMessage, type ExecutorRegistration, type MapOutputsReply, type StageTaskDescription,
} from '../executor/task-protocol.js';
import { partitionerSize, type ShippedFunction } from '../rdd/index.js';
import {
  dagStep, initialDagState, initialTaskScheduler, nextDeadline, stepTaskScheduler,
  type CacheView, type DagCommand, type DagState, type ListenerEvent, type TaskBinary, type TaskSchedulerCommand, type TaskSchedulerState,
} from '../scheduler/index.js';
import { functionIdsOf } from './binary-functions.js';
import { DriverMapOutputs } from './driver-map-outputs.js';
import type { ExecutorHandle, ExecutorLoss } from './driver-protocol.js';
import type { DriverPort, DriverSchedulerDeps } from './driver-scheduler-deps.js';
import type { SuccessPayload, Work } from './driver-work.js';
import { ExecutorMembership } from './executor-membership.js';
import { FunctionTable } from './function-table.js';
import { jobError } from './job-error.js';
import type { JobSpec } from './job-spec.js';
import { RunningTasks } from './running-tasks.js';
import { taskSlices, withoutSlices } from './slice-pruning.js';
import type { ExecutorEntry } from './executor-table.js';
import { TaskOutcomes, toTaskUpdate } from './task-outcomes.js';

/** Ticks are at least this far apart, so a deadline that offers cannot act on yet does not spin. */
const MIN_TICK_INTERVAL_MS = 100;

/**
 * Backlog reports (dynamic allocation) are at most this often; a backlog or activity starting or
 * ending is reported at once. Per-task reports cost a control message per launch and per finish.
 */
const BACKLOG_REPORT_INTERVAL_MS = 100;

interface StageBinary {
  readonly binary: TaskBinary;
  readonly jobId: number;
  readonly stageId: number;
  readonly stageAttempt: number;
  /** The StageBinary message body (slices emptied, functions picked), made at the first launch. */
  shipped?: { readonly binary: TaskBinary; readonly functions: Readonly<Record<string, ShippedFunction>> };
}

export class DriverScheduler {
  private dag: DagState;
  private ts: TaskSchedulerState;
  private readonly outputs: DriverMapOutputs;
  private readonly cache: CacheView;
  private readonly running: RunningTasks;
  private readonly membership: ExecutorMembership;
  private readonly outcomes: TaskOutcomes;
  private readonly functions = new FunctionTable();
  /** Task binary of each stage attempt (`stage.attempt`), kept while its stage exists. */
  private readonly binaries = new Map<string, StageBinary>();
  /** Stage attempts (`stage.attempt`) whose binary each registered executor holds; a re-registered executor starts empty. */
  private readonly shippedTo = new WeakMap<ExecutorEntry, Set<string>>();
  private readonly pools = new Map<number, string>();
  private readonly queue: Work[] = [];
  private draining = false;
  private tick: { readonly at: number; readonly handle: TimerHandle } | undefined;
  private lastTick = -Infinity;
  private readonly resubmits = new Set<TimerHandle>();
  private backlog = { pendingTasks: 0, runningTasks: 0 };
  private reportedBacklog = { pendingTasks: 0, runningTasks: 0, at: -Infinity };
  private backlogTimer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly d: DriverSchedulerDeps, private readonly port: DriverPort) {
    this.dag = initialDagState(d.dagConfig);
    this.ts = initialTaskScheduler(d.settings);
    this.outputs = new DriverMapOutputs((id) => d.executors.get(id)?.registration.blocks);
    this.cache = {
      cachedLocations: (rddId, partition) => d.blocks.getLocations(blockName(rddBlockId(rddId, partition))).map((bm) => ({
        kind: 'executor', executorId: bm.executorId, host: d.executors.nodeOf(bm.executorId) ?? bm.node,
      })),
    };
    const post = (w: Work): void => this.post(w);
    this.running = new RunningTasks(d.executors, d.tracing, d.bus, d.clock);
    this.membership = new ExecutorMembership(d, port, this.running, post);
    this.outcomes = new TaskOutcomes(d, port, this.running, post);
  }

  // ---- inputs (one per actor message) ----

  submitJob(jobId: number, job: JobSpec): void {
    if (this.stopped) return;
    this.functions.add(jobId, job.functions);
    this.pools.set(jobId, job.pool ?? 'default');
    this.post({
      to: 'dag',
      event: { kind: 'JobSubmitted', jobId, finalRddId: job.finalRddId, partitions: job.partitions, func: job.func, callSite: job.callSite, lineage: job.lineage },
    });
  }

  cancelJob(jobId: number, reason?: string): void {
    this.post({ to: 'dag', event: { kind: 'JobCancelled', jobId, ...(reason === undefined ? {} : { reason }) } });
  }

  onBacklogTimer(): void {
    this.backlogTimer = undefined;
    const r = this.reportedBacklog;
    if (!this.stopped && (this.backlog.pendingTasks !== r.pendingTasks || this.backlog.runningTasks !== r.runningTasks)) this.reportBacklog();
  }

  resubmitFailedStages(): void {
    this.post({ to: 'dag', event: { kind: 'ResubmitFailedStages' } });
  }

  onTick(): void {
    this.tick = undefined;
    this.lastTick = this.d.clock.now();
    this.post({ to: 'tasks', input: { kind: 'Tick', now: this.lastTick } });
    this.post({ to: 'offers' });
  }

  executorOffered(ref: ActorRef<ExecutorMessage>): void {
    if (!this.stopped) this.membership.offered(ref);
  }

  executorRegistered(ref: ActorRef<ExecutorMessage>, registration: ExecutorRegistration): void {
    if (!this.stopped) this.membership.registered(ref, registration);
  }

  executorRegistrationFailed(ref: ActorRef<ExecutorMessage>, reason: string): void {
    this.membership.registrationFailed(ref, reason);
  }

  executorGone(handle: ExecutorHandle, loss: ExecutorLoss): void {
    if (!this.stopped) this.membership.gone(handle, loss);
  }

  statusUpdate(m: Extract<DriverMessage, { kind: 'StatusUpdate' }>): void {
    if (!this.stopped) this.outcomes.statusUpdate(m);
  }

  resultFetched(taskId: number, bytes: Uint8Array): void {
    if (!this.stopped) this.outcomes.resultFetched(taskId, bytes);
  }

  resultFetchFailed(taskId: number, error: WireError): void {
    if (!this.stopped) this.outcomes.resultFetchFailed(taskId, error);
  }

  /** A reducer's question; throws SHUFFLE_OUTPUT_MISSING or INVALID_ARGUMENT (answered as the ask's error). */
  mapOutputs(shuffleId: number, startPartition: number, endPartition: number): MapOutputsReply {
    return this.outputs.reply(shuffleId, startPartition, endPartition);
  }

  broadcastBytes(broadcastId: number): BroadcastReply {
    const bytes = this.d.broadcasts.encodedValue(broadcastId);
    const store = this.d.driverBlockStore;
    if (bytes.byteLength <= MAX_DIRECT_RESULT_BYTES || store === undefined || this.d.driverBlocks === undefined) return { bytes };
    // Too large for a control message: served from the driver's block server (stored once).
    const blockId = blockName(broadcastBlockId(broadcastId));
    store.put(blockId, bytes);
    return { block: { blockId, from: this.d.driverBlocks } };
  }

  blockUpdated(update: BlockUpdate): void {
    const scoped = splitAppBlockName(update.blockId);
    if (scoped !== undefined && scoped.appId !== this.d.appId) return;
    const blockId = scoped?.blockName ?? update.blockId;
    if (!this.d.blocks.updateBlockInfo({ ...update, blockId })) {
      this.d.log.debug({ executorId: update.blockManagerId.executorId, blockId }, 'block update from an unregistered block manager; ignored');
    }
  }

  unpersist(rddId: number): void {
    for (const blockId of this.d.blocks.getMatchingBlockIds((b) => rddIdOf(b) === rddId)) this.d.blocks.removeBlock(blockId);
    for (const e of this.d.executors.entries()) this.port.tell(e.ref, { kind: 'RemoveBlocks', appId: this.d.appId, rddId });
  }

  removeBroadcast(broadcastId: number): void {
    this.d.blocks.removeBlock(blockName(broadcastBlockId(broadcastId)));
    for (const e of this.d.executors.entries()) this.port.tell(e.ref, { kind: 'RemoveBlocks', appId: this.d.appId, broadcastId });
  }

  /** Fails waiting jobs, tells every executor the application ended, cancels timers. Idempotent. */
  stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.tick?.handle.cancel();
    this.tick = undefined;
    this.backlogTimer?.cancel();
    this.backlogTimer = undefined;
    for (const h of this.resubmits) h.cancel();
    this.resubmits.clear();
    this.d.waiters.failAll(reason);
    for (const e of this.d.executors.entries()) this.port.tell(e.ref, { kind: 'ApplicationEnded', appId: this.d.appId });
    this.d.tracing.endAll(reason);
    this.d.results.close();
  }

  // ---- the event loop ----

  private post(work: Work): void {
    if (this.stopped) return;
    this.queue.push(work);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let w = this.queue.shift(); w !== undefined; w = this.queue.shift()) this.step(w);
    } finally {
      this.draining = false;
    }
    this.armTick();
  }

  private step(w: Work): void {
    switch (w.to) {
      case 'dag': {
        const { state, commands } = dagStep(this.dag, w.event, { mapOutputs: this.outputs, cache: this.cache });
        this.dag = state;
        for (const c of commands) this.runDagCommand(c);
        return;
      }
      case 'tasks': {
        const { state, commands } = stepTaskScheduler(this.ts, w.input);
        this.ts = state;
        for (const c of commands) this.runTaskCommand(c);
        return;
      }
      case 'offers': {
        const offers = this.d.executors.offers(this.d.settings.taskCpus);
        if (offers.length > 0) this.step({ to: 'tasks', input: { kind: 'ResourceOffers', offers, now: this.d.clock.now() } });
        return;
      }
      default:
        assertNever(w, 'driver work');
    }
  }

  private runDagCommand(c: DagCommand): void {
    switch (c.kind) {
      case 'SubmitTasks':
        return this.submitTasks(c);
      case 'CancelTasks':
        return this.post({ to: 'tasks', input: { kind: 'TaskSetCancelled', stageId: c.stageId, reason: c.reason } });
      case 'RegisterMapOutput':
      case 'UnregisterMapOutputs':
        if (!this.outputs.apply(c)) this.d.log.warn({ command: c.kind }, 'a map output was not registered; it will be recomputed');
        return;
      case 'MergeAccumulators':
        this.d.accumulators.mergeTaskUpdates({ stageId: c.stageId, partition: c.partition }, c.updates.map(toTaskUpdate));
        return;
      case 'ScheduleResubmit': {
        const handle = this.d.clock.setTimeout(() => {
          this.resubmits.delete(handle);
          this.port.tellSelf({ kind: 'ResubmitTimer' });
        }, c.delayMs);
        this.resubmits.add(handle);
        return;
      }
      case 'JobSucceeded':
        return this.jobSucceeded(c.jobId, c.results);
      case 'JobFailed':
        return this.d.waiters.fail(c.jobId, jobError(c.jobId, c.error, c.cause));
      case 'ListenerEvent':
        return this.listen(c.event);
      default:
        assertNever(c, 'DAG command');
    }
  }

  private runTaskCommand(c: TaskSchedulerCommand): void {
    switch (c.kind) {
      case 'LaunchTask':
        return this.launch(c);
      case 'KillTask': {
        const e = this.d.executors.get(c.executorId);
        if (e !== undefined) this.port.tell(e.ref, { kind: 'KillTask', appId: this.d.appId, taskId: c.taskId, reason: c.reason });
        return;
      }
      case 'TaskSucceeded': {
        const r = c.result as SuccessPayload;
        // The winning copy's executor and node are where a map output lives, whatever the executor wrote.
        const mapStatus = r.mapStatus === undefined ? {} : { mapStatus: { executorId: c.executorId, host: c.host, sizes: r.mapStatus.sizes } };
        return this.post({
          to: 'dag',
          event: {
            kind: 'TaskCompleted', stageId: c.stageId, stageAttempt: c.stageAttempt, partition: c.partition,
            result: { kind: 'success', value: r.value, ...mapStatus, accumulatorUpdates: r.accumulatorUpdates },
          },
        });
      }
      case 'TaskFetchFailed': {
        const f = c.fetchFailed;
        return this.post({
          to: 'dag',
          event: {
            kind: 'TaskCompleted', stageId: c.stageId, stageAttempt: c.stageAttempt, partition: c.partition,
            result: { kind: 'fetchFailed', shuffleId: f.shuffleId, mapPartition: f.mapPartition, message: c.message, ...(f.executorId === undefined ? {} : { executorId: f.executorId }) },
          },
        });
      }
      case 'TaskSetFailed':
        return this.post({
          to: 'dag',
          event: { kind: 'TaskSetFailed', stageId: c.stageId, stageAttempt: c.stageAttempt, message: c.message, ...(c.error === undefined ? {} : { error: c.error }) },
        });
      case 'ExecutorExcludedForStage':
      case 'ExecutorExcluded':
      case 'ExecutorUnexcluded':
      case 'NodeExcluded':
      case 'NodeUnexcluded':
        this.d.log.info({ ...c }, 'executor health changed');
        return;
      case 'BacklogChanged':
        return this.backlogChanged(c.pendingTasks, c.runningTasks);
      default:
        assertNever(c, 'task scheduler command');
    }
  }

  /** Reports at once when work starts or ends, otherwise at most every BACKLOG_REPORT_INTERVAL_MS (the latest counts). */
  private backlogChanged(pendingTasks: number, runningTasks: number): void {
    this.backlog = { pendingTasks, runningTasks };
    if (this.d.onBacklog === undefined) return;
    const r = this.reportedBacklog;
    const edge = (pendingTasks === 0) !== (r.pendingTasks === 0) || (runningTasks === 0) !== (r.runningTasks === 0);
    const now = this.d.clock.now();
    if (edge || now - r.at >= BACKLOG_REPORT_INTERVAL_MS) {
      this.reportBacklog();
      return;
    }
    this.backlogTimer ??= this.d.clock.setTimeout(() => this.port.tellSelf({ kind: 'BacklogTimer' }), r.at + BACKLOG_REPORT_INTERVAL_MS - now);
  }

  private reportBacklog(): void {
    this.backlogTimer?.cancel();
    this.backlogTimer = undefined;
    const { pendingTasks, runningTasks } = this.backlog;
    this.reportedBacklog = { pendingTasks, runningTasks, at: this.d.clock.now() };
    const entries = this.d.executors.entries();
    this.d.onBacklog?.({
      pendingTasks, runningTasks,
      busyExecutors: entries.filter((e) => e.running > 0).map((e) => e.registration.executorId),
      executors: entries.map((e) => e.registration.executorId),
    });
  }

  private submitTasks(c: Extract<DagCommand, { kind: 'SubmitTasks' }>): void {
    const b = c.taskBinary;
    if (b.kind === 'shuffleMap') {
      const mapRdd = b.rdds.find((r) => r.id === b.rddId);
      if (mapRdd !== undefined) this.outputs.registerShuffle(b.dependency.shuffleId, mapRdd.numPartitions, partitionerSize(b.dependency.partitioner));
    }
    this.binaries.set(`${c.stageId}.${c.stageAttempt}`, { binary: b, jobId: c.jobId, stageId: c.stageId, stageAttempt: c.stageAttempt });
    const pool = this.pools.get(c.jobId) ?? 'default';
    this.post({
      to: 'tasks',
      input: { kind: 'TaskSetSubmitted', now: this.d.clock.now(), taskSet: { stageId: c.stageId, stageAttempt: c.stageAttempt, jobId: c.jobId, priority: c.priority, pool, tasks: c.tasks } },
    });
    this.post({ to: 'offers' });
  }

  private launch(c: Extract<TaskSchedulerCommand, { kind: 'LaunchTask' }>): void {
    const executor = this.d.executors.get(c.executorId);
    const stage = this.binaries.get(`${c.stageId}.${c.stageAttempt}`);
    const traceparent = this.running.launched({
      taskId: c.taskId, stageId: c.stageId, stageAttempt: c.stageAttempt, partition: c.partition, attempt: c.attempt,
      executorId: c.executorId, host: c.host, speculative: c.speculative, locality: c.locality,
    }, stage?.jobId ?? -1);
    const attempt = this.running.get(c.taskId)!;
    if (executor === undefined || stage === undefined) {
      const what = executor === undefined ? `executor ${c.executorId} is not registered` : `stage ${c.stageId}.${c.stageAttempt} has no task binary`;
      this.outcomes.failed(attempt, { code: ErrorCode.Internal, message: `cannot launch task ${c.taskId}: ${what}`, retryable: true, fields: { taskId: c.taskId } });
      return;
    }
    const stageKey = `${c.stageId}.${c.stageAttempt}`;
    let shipped = this.shippedTo.get(executor);
    if (shipped === undefined) this.shippedTo.set(executor, (shipped = new Set()));
    try {
      if (!shipped.has(stageKey)) {
        // Once per executor per stage attempt (Spark broadcasts the task binary): tasks then carry only their slices.
        if (stage.shipped === undefined) {
          const { functions, missing } = this.functions.pick(functionIdsOf(stage.binary));
          if (missing.length > 0) this.d.log.warn({ stageId: c.stageId, missing }, 'a stage names functions no active job shipped');
          stage.shipped = { binary: withoutSlices(stage.binary), functions };
        }
        this.port.tell(executor.ref, { kind: 'StageBinary', appId: this.d.appId, stageId: c.stageId, stageAttempt: c.stageAttempt, ...stage.shipped });
        shipped.add(stageKey);
      }
      const task: StageTaskDescription = {
        appId: this.d.appId, driver: this.port.self, taskId: c.taskId, attempt: c.attempt, stageId: c.stageId, stageAttempt: c.stageAttempt,
        jobId: stage.jobId, partition: c.partition, epoch: this.outputs.epoch, slices: taskSlices(stage.binary, c.partition),
        ...(traceparent === undefined ? {} : { traceparent }),
        ...(this.d.driverBlocks === undefined ? {} : { driverBlocks: this.d.driverBlocks }),
      };
      this.port.tell(executor.ref, { kind: 'LaunchStageTask', task });
    } catch (err) {
      // A task too large for one control message (PAYLOAD_TOO_LARGE) fails here, not on the executor.
      this.outcomes.failed(attempt, toWireError(err));
    }
  }

  private jobSucceeded(jobId: number, results: readonly unknown[]): void {
    let values: unknown[];
    try {
      values = results.map((r) => (r instanceof Uint8Array ? decodeTaskValue(r) : r));
    } catch (err) {
      this.d.waiters.fail(jobId, new EngineError(ErrorCode.BadMessage, `job ${jobId}: a task result could not be decoded: ${toWireError(err).message}`, {
        fields: { jobId }, cause: err,
      }));
      return;
    }
    this.d.waiters.succeed(jobId, values);
  }

  private listen(e: ListenerEvent): void {
    const now = this.d.clock.now();
    switch (e.kind) {
      case 'JobStart':
        break;
      case 'StageSubmitted':
        this.d.tracing.startStage(e.stageId, e.attempt, e.name, e.jobIds, e.numTasks);
        break;
      case 'StageCompleted':
        this.d.tracing.endStage(e.stageId, e.attempt, e.failureReason);
        break;
      case 'TaskEnd':
        return; // the driver posts its own TaskEnd, with executor, duration and metrics
      case 'JobEnd':
        this.d.tracing.endJob(e.jobId, e.result.kind === 'JobFailed' ? e.result.error.message : undefined);
        this.jobEnded(e.jobId);
        break;
      default:
        assertNever(e, 'listener event');
    }
    this.d.bus.post(e, now);
  }

  /** Forgets what only the ended job needed: its functions, its pool, binaries of stages now gone. */
  private jobEnded(jobId: number): void {
    this.functions.release(jobId);
    this.pools.delete(jobId);
    const gone: StageBinary[] = [];
    for (const [key, b] of this.binaries) {
      if (this.dag.stages[b.stageId] !== undefined) continue;
      this.binaries.delete(key);
      gone.push(b);
    }
    if (gone.length > 0) this.dropShipped(gone);
  }

  /** Executors holding binaries of stages now gone are told to drop them. */
  private dropShipped(gone: readonly StageBinary[]): void {
    for (const e of this.d.executors.entries()) {
      const shipped = this.shippedTo.get(e);
      if (shipped === undefined) continue;
      const stages = gone.filter((b) => shipped.delete(`${b.stageId}.${b.stageAttempt}`)).map((b) => ({ stageId: b.stageId, stageAttempt: b.stageAttempt }));
      if (stages.length > 0) this.port.tell(e.ref, { kind: 'DropStageBinaries', appId: this.d.appId, stages });
    }
  }

  /** One timer at the task scheduler's next deadline (delay scheduling, speculation, exclusion expiry). */
  private armTick(): void {
    if (this.stopped) return;
    // nextDeadline gives no deadline before the first speculation check (it would be -Infinity): tick now.
    const deadline = nextDeadline(this.ts) ?? (this.d.settings.speculation.enabled && this.running.size > 0 ? this.d.clock.now() : undefined);
    if (deadline === undefined) {
      this.tick?.handle.cancel();
      this.tick = undefined;
      return;
    }
    const at = Math.max(deadline, this.lastTick + MIN_TICK_INTERVAL_MS);
    if (this.tick !== undefined && this.tick.at <= at) return;
    this.tick?.handle.cancel();
    const handle = this.d.clock.setTimeout(() => this.port.tellSelf({ kind: 'Tick' }), Math.max(0, at - this.d.clock.now()));
    this.tick = { at, handle };
  }
}
