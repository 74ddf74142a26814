// Test kit for the driver: scripted executors (real actors on their own actor systems speaking the
// executor protocol over the in-process transport) whose task outcomes a test decides, lineages for
// one- and two-stage jobs, and a Driver started on a manual clock.
import { Conf, type WireError } from '../../common/index.js';
import { defineProtocol, type ActorRef, type ActorSystem } from '../actors/index.js';
import { settle, testCluster, type TestCluster } from '../actors/test-kit.fixture.js';
import {
  BUILTIN_COLLECT, TASK_PROTOCOL_VERSION, encodeTaskValue,
  type ExecutorMessage, type ExecutorRegistration, type TaskDescription, type TaskMetrics, type TaskOutcome, type DriverMessage,
} from '../executor/task-protocol.js';
import { StageBinaries } from '../executor/stage-binaries.js';
import { AccumulatorRegistry, BroadcastRegistry, shipFunction, LineageBuilder, partitionerSize } from '../rdd/index.js';
import type { FetchFailure } from '../scheduler/index.js';
import { Driver } from './driver.js';
import type { DriverEvent } from './listener-bus.js';
import { fixedExecutors, type FixedExecutors } from './executor-source.js';
import type { JobSpec } from './job-spec.js';

export const APP = 'app-test';

export const noMetrics: TaskMetrics = {
  runMs: 0, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleRecordsWritten: 0, shuffleBytesRead: 0,
  shuffleRecordsRead: 0, shuffleRemoteBlocksFetched: 0, cacheHits: 0, cacheMisses: 0, resultBytes: 0,
};

/** What a script answers for a launched task: an outcome now, or 'hold' to answer later with `complete`. */
export type Answer = TaskOutcome | 'hold';
export type Script = (task: TaskDescription, executor: ScriptedExecutor) => Answer;

const executorProtocol = defineProtocol<ExecutorMessage>('executor', TASK_PROTOCOL_VERSION, {
  Ping: true, RegisterApplication: true, LaunchTask: true, KillTask: true, RemoveBlocks: true, ApplicationEnded: true,
  StageBinary: true, LaunchStageTask: true, DropStageBinaries: true,
});

export class ScriptedExecutor {
  readonly launched: TaskDescription[] = [];
  readonly held = new Map<number, TaskDescription>();
  /** Every message other than LaunchTask, LaunchStageTask and StageBinary, in arrival order. */
  readonly received: ExecutorMessage[] = [];
  /** Stage binaries held, as a real executor holds them (StageBinary, DropStageBinaries). */
  readonly stageBinaries = new StageBinaries();
  readonly ref: ActorRef<ExecutorMessage>;
  readonly registration: ExecutorRegistration;
  script: Script;

  constructor(readonly system: ActorSystem, readonly executorId: string, readonly nodeId: string, cores: number, script: Script) {
    this.script = script;
    this.registration = {
      executorId, nodeId, cores, memoryBytes: 1 << 30,
      blocks: { id: { executorId, host: '127.0.0.1', node: nodeId, port: 7000 + cores }, secret: new Uint8Array(16).fill(executorId.length) },
    };
    system.registerProtocol(defineProtocol<DriverMessage>('driver', TASK_PROTOCOL_VERSION, { StatusUpdate: true, GetMapOutputs: true, GetBroadcast: true, BlockUpdated: true }));
    this.ref = system.spawn('executor', {
      protocol: executorProtocol,
      create: () => ({
        receive: (ctx, msg) => {
          if (msg.kind === 'RegisterApplication') { ctx.reply(this.registration); return; }
          if (msg.kind === 'StageBinary') { this.stageBinaries.put(msg.appId, msg.stageId, msg.stageAttempt, msg.binary, msg.functions); return; }
          if (msg.kind === 'DropStageBinaries') this.stageBinaries.drop(msg.appId, msg.stages);
          const task = msg.kind === 'LaunchTask' ? msg.task : msg.kind === 'LaunchStageTask' ? this.stageBinaries.describe(msg.task) : undefined;
          if (msg.kind === 'LaunchStageTask' && task === undefined) throw new Error(`no stage binary for task ${msg.task.taskId}`);
          if (task === undefined) { this.received.push(msg); return; }
          this.launched.push(task);
          const answer = this.script(task, this);
          if (answer === 'hold') this.held.set(task.taskId, task);
          else this.report(task, answer);
        },
      }),
    });
  }

  /** Answers a held task. */
  complete(taskId: number, outcome: TaskOutcome): void {
    const task = this.held.get(taskId);
    if (task === undefined) throw new Error(`task ${taskId} is not held by ${this.executorId}`);
    this.held.delete(taskId);
    this.report(task, outcome);
  }

  /** Answers a task with the outcome a script would give it by default. */
  completeDefault(taskId: number): void {
    const task = this.held.get(taskId);
    if (task === undefined) throw new Error(`task ${taskId} is not held by ${this.executorId}`);
    this.complete(taskId, defaultOutcome(task, this));
  }

  report(task: TaskDescription, outcome: TaskOutcome): void {
    const state = outcome.kind === 'success' ? 'FINISHED' : outcome.kind === 'failed' ? 'FAILED' : 'KILLED';
    this.system.tell(task.driver, { kind: 'StatusUpdate', appId: task.appId, taskId: task.taskId, executorId: this.executorId, state, outcome });
  }
}

/** Map tasks write `sizes(partition)` bytes per reducer (default 10 each); result tasks return `['r<partition>']`. */
export function defaultOutcome(task: TaskDescription, e: ScriptedExecutor, sizes?: (p: number, reducers: number) => number[]): TaskOutcome {
  const b = task.binary;
  if (b.kind === 'result') return success({ value: [`r${task.partition}`] });
  const reducers = partitionerSize(b.dependency.partitioner);
  const s = sizes?.(task.partition, reducers) ?? new Array<number>(reducers).fill(10);
  return success({ mapStatus: { executorId: e.executorId, host: e.nodeId, sizes: s } });
}

export function success(o: { value?: unknown; mapStatus?: { executorId: string; host: string; sizes: number[] }; acc?: Record<number, unknown> }): TaskOutcome {
  return {
    kind: 'success',
    ...(o.value === undefined ? {} : { value: encodeTaskValue(o.value) }),
    ...(o.mapStatus === undefined ? {} : { mapStatus: o.mapStatus }),
    accumulatorUpdates: Object.entries(o.acc ?? {}).map(([id, v]) => ({ accId: Number(id), update: encodeTaskValue(v) })),
    metrics: noMetrics,
  };
}

export function failure(message: string, fetchFailed?: FetchFailure): TaskOutcome {
  const error: WireError = { code: 'INTERNAL', message, retryable: false, fields: {} };
  return { kind: 'failed', error, ...(fetchFailed === undefined ? {} : { fetchFailed }) };
}

/** parallelize(slices) → map: a one-stage job over every partition. */
export function oneStageJob(slices: readonly (readonly unknown[])[], partitions?: number[]): JobSpec {
  const b = new LineageBuilder();
  const src = b.parallelize(slices);
  const fn = shipFunction((x: number) => x * 2);
  const mapped = b.map(src, { id: 'double' });
  return {
    lineage: b.lineage, finalRddId: mapped, partitions: partitions ?? slices.map((_, i) => i), func: { id: BUILTIN_COLLECT },
    functions: { double: fn }, callSite: 'collect at one-stage.ts:1',
  };
}

/** parallelize(slices) → keyBy → reduceByKey(2 partitions): a map stage (shuffle 0) then a result stage. */
export function twoStageJob(slices: readonly (readonly unknown[])[] = [[1, 2], [3, 4], [5, 6], [7, 8]]): JobSpec {
  const b = new LineageBuilder();
  const src = b.parallelize(slices);
  const keyed = b.keyBy(src, { id: 'key' });
  const reduced = b.reduceByKey(keyed, { id: 'sum' }, { numPartitions: 2 });
  return {
    lineage: b.lineage, finalRddId: reduced, partitions: [0, 1], func: { id: BUILTIN_COLLECT },
    functions: { key: shipFunction((x: number) => x % 2), sum: shipFunction((a: number, b2: number) => a + b2, {}, { argCount: 2 }) },
    callSite: 'collect at two-stage.ts:1',
  };
}

export interface Harness {
  readonly cluster: TestCluster;
  readonly driver: Driver;
  readonly executors: ScriptedExecutor[];
  readonly source: FixedExecutors;
  readonly accumulators: AccumulatorRegistry;
  readonly broadcasts: BroadcastRegistry;
  readonly events: DriverEvent[];
  shutdown(): Promise<void>;
}

export interface HarnessOptions {
  readonly executors: readonly { readonly id: string; readonly node: string; readonly cores: number }[];
  readonly script?: Script;
  readonly conf?: Record<string, string>;
}

/** A driver on a manual clock with registered scripted executors. */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const cluster = testCluster();
  const script = o.script ?? ((task, e) => defaultOutcome(task, e));
  const executors = o.executors.map((e) => new ScriptedExecutor(cluster.system(e.id), e.id, e.node, e.cores, script));
  const source = fixedExecutors(executors.map((e) => e.ref));
  const accumulators = new AccumulatorRegistry();
  const broadcasts = new BroadcastRegistry();
  const driver = await Driver.start({
    system: cluster.system('driver'), appId: APP, conf: new Conf(Object.entries(o.conf ?? {})), accumulators, broadcasts, executors: source,
  });
  const events: DriverEvent[] = [];
  driver.onEvent((e) => events.push(e));
  await until(() => driver.executors().length === executors.length);
  return {
    cluster, driver, executors, source, accumulators, broadcasts, events,
    async shutdown() {
      await driver.stop();
      await cluster.shutdown();
    },
  };
}

/** Lets deliveries run until `cond` holds; throws after `rounds` event-loop rounds. */
export async function until(cond: () => boolean, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (cond()) return;
    await settle(1);
  }
  if (!cond()) throw new Error('condition not reached');
}

/** The state of a promise after deliveries settle: its value, its error, or 'pending'. */
export function track<T>(p: Promise<T>): { readonly state: () => 'pending' | 'resolved' | 'rejected'; readonly value: () => T; readonly error: () => unknown } {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let value: T | undefined;
  let error: unknown;
  p.then((v) => { state = 'resolved'; value = v; }, (e: unknown) => { state = 'rejected'; error = e; });
  return { state: () => state, value: () => value as T, error: () => error };
}
