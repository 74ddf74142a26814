// Test kit for executor tests: real actor systems on one in-process hub (system clock: block sockets
// and timers are real), 1–2 executor runtimes, and a scripted driver actor speaking driverProtocol
// that records status updates and answers GetMapOutputs / GetBroadcast from what the test registered.
import type { Test } from 'tap';
import { Conf, silentLogger } from '../../common/index.js';
import { ActorSystem, type ActorRef } from '../actors/index.js';
import type { BlockUpdate } from '../blocks/block-status.js';
import { shipFunction, type ShipOptions, type ShippedFunction } from '../rdd/function-ship.js';
import type { FunctionRef, Lineage, RddNode, ShuffleDependency } from '../rdd/lineage.js';
import { LineageBuilder, counterIds } from '../rdd/lineage-builder.js';
import type { TaskBinary } from '../scheduler/dag-commands.js';
import { InProcessHub, InProcessTransport } from '../transport/in-process-transport.js';
import { startExecutorRuntime, type ExecutorRuntime } from './executor-runtime.js';
import {
  BUILTIN_COLLECT, decodeTaskValue, driverProtocol, executorProtocol,
  type BlockEndpoint, type DriverMessage, type ExecutorMessage, type ExecutorRegistration, type MapOutputsReply, type TaskDescription, type TaskOutcome,
} from './task-protocol.js';

export type StatusUpdate = Extract<DriverMessage, { kind: 'StatusUpdate' }>;

/** The scripted driver's state: what it was told and what it answers. */
export class DriverScript {
  readonly updates: StatusUpdate[] = [];
  readonly blockUpdates: BlockUpdate[] = [];
  readonly broadcasts = new Map<number, Uint8Array>();
  broadcastAsks = 0;
  mapOutputAsks = 0;
  epoch = 0;
  /** Per shuffle: how many map partitions it has and where each registered one lives. */
  private readonly shuffles = new Map<number, { numMaps: number; outputs: Map<number, { from: BlockEndpoint; sizes: readonly number[] }> }>();
  private readonly waiters = new Map<number, (u: StatusUpdate) => void>();

  declareShuffle(shuffleId: number, numMaps: number): void {
    if (!this.shuffles.has(shuffleId)) this.shuffles.set(shuffleId, { numMaps, outputs: new Map() });
  }

  registerMapOutput(shuffleId: number, mapPartition: number, from: BlockEndpoint, sizes: readonly number[]): void {
    this.shuffles.get(shuffleId)!.outputs.set(mapPartition, { from, sizes });
  }

  unregisterMapOutput(shuffleId: number, mapPartition: number): void {
    this.shuffles.get(shuffleId)?.outputs.delete(mapPartition);
  }

  /** The final (non-RUNNING) update of `taskId`. */
  finalUpdate(taskId: number): Promise<StatusUpdate> {
    const done = this.updates.find((u) => u.taskId === taskId && u.state !== 'RUNNING');
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.set(taskId, resolve));
  }

  receive(msg: DriverMessage): unknown {
    switch (msg.kind) {
      case 'StatusUpdate':
        this.updates.push(msg);
        if (msg.state !== 'RUNNING') this.waiters.get(msg.taskId)?.(msg);
        return undefined;
      case 'BlockUpdated':
        this.blockUpdates.push(msg.update);
        return undefined;
      case 'GetBroadcast':
        this.broadcastAsks++;
        return { bytes: this.broadcasts.get(msg.broadcastId) };
      case 'GetMapOutputs': {
        this.mapOutputAsks++;
        const s = this.shuffles.get(msg.shuffleId);
        const reply: MapOutputsReply = { epoch: this.epoch, blocks: [], missing: [] };
        if (!s) return reply;
        const blocks = [...s.outputs].map(([mapPartition, o]) => ({ mapPartition, from: o.from, sizes: o.sizes.slice(msg.startPartition, msg.endPartition) }));
        const missing = Array.from({ length: s.numMaps }, (_, i) => i).filter((m) => !s.outputs.has(m));
        return { ...reply, blocks, missing };
      }
    }
  }
}

/** Ships functions for a task: `ref(fn)` gives the FunctionRef, `functions` what the task carries. */
export class Functions {
  readonly functions: Record<string, ShippedFunction> = {};
  private next = 0;

  ref(fn: Function, captures: Record<string, unknown> = {}, options: ShipOptions = {}): FunctionRef {
    const id = `f${this.next++}`;
    this.functions[id] = shipFunction(fn, captures, options);
    return { id };
  }
}

/** The RDD and its narrow ancestors, parents first: what a stage's task binary carries. */
export function stageNodes(lineage: Lineage, rddId: number): RddNode[] {
  const seen = new Map<number, RddNode>();
  const visit = (id: number): void => {
    if (seen.has(id)) return;
    const node = lineage.rdds[id];
    seen.set(id, node);
    for (const d of node.deps) if (d.kind === 'narrow') visit(d.rddId);
  };
  visit(rddId);
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

export function resultBinary(lineage: Lineage, rddId: number, func: FunctionRef = { id: BUILTIN_COLLECT }): TaskBinary {
  return { kind: 'result', rddId, jobId: 0, func, rdds: stageNodes(lineage, rddId) };
}

/** The map side of the shuffle dependency `index` of RDD `readerId`. */
export function shuffleMapBinary(lineage: Lineage, readerId: number, index = 0): TaskBinary & { kind: 'shuffleMap' } {
  const dep = lineage.rdds[readerId].deps.filter((d): d is ShuffleDependency => d.kind === 'shuffle')[index];
  return { kind: 'shuffleMap', rddId: dep.rddId, dependency: dep, rdds: stageNodes(lineage, dep.rddId) };
}

/** Spawns a scripted driver at `user/scheduler` on `system` (which can then also talk to executors). */
export function spawnScriptedDriver(system: ActorSystem): { driver: DriverScript; driverRef: ActorRef<DriverMessage> } {
  const driver = new DriverScript();
  const driverRef = system.spawn<DriverMessage>('scheduler', {
    protocol: driverProtocol,
    create: () => ({ receive(ctx, msg) { const r = driver.receive(msg); if (r !== undefined) ctx.reply(r); } }),
  });
  system.registerProtocol(executorProtocol);
  return { driver, driverRef };
}

export interface HarnessOptions {
  readonly executors?: number;
  readonly memoryBytes?: number;
  readonly conf?: Record<string, string>;
}

export interface Harness {
  readonly driver: DriverScript;
  readonly driverRef: ActorRef<DriverMessage>;
  readonly system: ActorSystem;
  readonly executors: readonly ExecutorRuntime[];
  readonly registrations: readonly ExecutorRegistration[];
  readonly appId: string;
  /** Launches a task on executor `executor` and resolves with its final status update. */
  run(executor: number, binary: TaskBinary, partition: number, fns?: Functions, extra?: Partial<TaskDescription>): Promise<StatusUpdate>;
  /** Runs every map task of a shuffle (`placement[p]` = executor of map partition p), registering outputs. */
  runMapStage(binary: TaskBinary & { kind: 'shuffleMap' }, placement: readonly number[], fns?: Functions): Promise<StatusUpdate[]>;
  /** Runs a result task and returns the decoded partition, failing the test on a non-success. */
  collect(executor: number, binary: TaskBinary, partition: number, fns?: Functions): Promise<unknown[]>;
  tell(executor: number, msg: ExecutorMessage): void;
  ask<R>(executor: number, msg: ExecutorMessage): Promise<R>;
  newTaskId(): number;
  /** A lineage builder sharing the application's RDD and shuffle id counters (ids never repeat within an app). */
  builder(): LineageBuilder;
}

export async function startHarness(t: Test, options: HarnessOptions = {}): Promise<Harness> {
  const hub = new InProcessHub();
  const logger = silentLogger();
  const transports: InProcessTransport[] = [];
  const systemOn = (nodeId: string): ActorSystem => {
    const transport = new InProcessTransport(hub, { maxPayload: 8 * 1024 * 1024 });
    transports.push(transport);
    return new ActorSystem({ nodeId, transport, logger });
  };
  const system = systemOn('driver');
  const { driver, driverRef } = spawnScriptedDriver(system);
  const conf = new Conf(Object.entries({ 'spark.testing.reservedMemory': '0', 'spark.shuffle.io.retryWait': '20ms', 'spark.shuffle.io.maxRetries': '1', ...options.conf }));
  const executorSystems: ActorSystem[] = [];
  const executors = await Promise.all(Array.from({ length: options.executors ?? 1 }, (_, i) => {
    const id = `exec-${String.fromCharCode(97 + i)}`;
    const s = systemOn(id);
    executorSystems.push(s);
    return startExecutorRuntime({
      system: s, executorId: id, nodeId: `node-${id}`, cores: 2, memoryBytes: options.memoryBytes ?? 64 * 1024 * 1024,
      conf, localDirs: [t.testdir()], logger,
    });
  }));
  t.teardown(async () => {
    await Promise.all(executors.map((e) => e.stop()));
    await system.terminate();
    await Promise.all(executorSystems.map((s) => s.terminate()));
    await Promise.all(transports.map((tr) => tr.close()));
  });
  const appId = 'app-test';
  const ask = <R>(executor: number, msg: ExecutorMessage): Promise<R> => system.ask<ExecutorMessage, R>(executors[executor].ref, msg, { timeoutMs: 10_000 });
  const registrations = await Promise.all(executors.map((_, i) => ask<ExecutorRegistration>(i, { kind: 'RegisterApplication', appId, driver: driverRef })));
  let nextTaskId = 1;
  const ids = counterIds();
  const run = (executor: number, binary: TaskBinary, partition: number, fns = new Functions(), extra: Partial<TaskDescription> = {}): Promise<StatusUpdate> => {
    const taskId = extra.taskId ?? nextTaskId++;
    const task: TaskDescription = {
      appId, driver: driverRef, taskId, attempt: 0, stageId: 0, stageAttempt: 0, jobId: 0, partition, epoch: driver.epoch,
      binary, functions: fns.functions, ...extra,
    };
    if (binary.kind === 'shuffleMap') driver.declareShuffle(binary.dependency.shuffleId, binary.rdds.find((n) => n.id === binary.rddId)!.numPartitions);
    system.tell(executors[executor].ref, { kind: 'LaunchTask', task });
    return driver.finalUpdate(taskId);
  };
  const successOf = (u: StatusUpdate): Extract<TaskOutcome, { kind: 'success' }> => {
    if (u.outcome?.kind !== 'success') throw new Error(`task ${u.taskId} ended ${u.state}: ${JSON.stringify(u.outcome)}`);
    return u.outcome;
  };
  return {
    driver, driverRef, system, executors, registrations, appId, run,
    async runMapStage(binary, placement, fns) {
      const updates = await Promise.all(placement.map((executor, p) => run(executor, binary, p, fns)));
      updates.forEach((u, p) => {
        const status = successOf(u).mapStatus!;
        const from = registrations.find((r) => r.executorId === status.executorId)!.blocks;
        driver.registerMapOutput(binary.dependency.shuffleId, p, from, status.sizes);
      });
      return updates;
    },
    async collect(executor, binary, partition, fns) {
      return decodeTaskValue(successOf(await run(executor, binary, partition, fns)).value!) as unknown[];
    },
    tell: (executor, msg) => system.tell(executors[executor].ref, msg),
    ask,
    newTaskId: () => nextTaskId++,
    builder: () => new LineageBuilder(ids),
  };
}
