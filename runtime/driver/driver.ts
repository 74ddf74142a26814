// The Driver: what a SparkContext talks to. It starts the scheduler actor, connects the executor
// source to it, and turns runJob into a job id, a span and a promise the actor settles. Queries
// (executors, cached blocks) read the registries the actor keeps; commands go through its mailbox.
import { context } from '@opentelemetry/api';
import { Conf, EngineError, ErrorCode, type Clock, type Logger } from '../../common/index.js';
import type { ActorRef, ActorSystem } from '../actors/index.js';
import { BlockManagerMaster, parseBlockId, rddIdOf, type BlockManagerId } from '../blocks/index.js';
import { executorProtocol } from '../executor/task-protocol.js';
import type { AccumulatorRegistry, BroadcastRegistry } from '../rdd/index.js';
import { STAGE_MAX_CONSECUTIVE_ATTEMPTS, dagConfig, taskSchedulerSettingsFromConf } from '../scheduler/index.js';
import { driverActorProps } from './driver-actor.js';
import { DRIVER_ACTOR_NAME, type DriverCommand } from './driver-protocol.js';
import type { Backlog } from './driver-scheduler-deps.js';
import { DriverTracing } from './driver-tracing.js';
import { DEFAULT_REGISTRATION, type RegistrationPolicy } from './executor-registration.js';
import type { ExecutorSource } from './executor-source.js';
import { ExecutorTable } from './executor-table.js';
import type { JobSpec } from './job-spec.js';
import type { BlockEndpoint } from '../executor/task-protocol.js';
import { JobWaiters } from './job-waiters.js';
import { ListenerBus, type DriverListener } from './listener-bus.js';
import { ResultFetcher } from './result-fetcher.js';

export interface DriverOptions {
  readonly system: ActorSystem;
  readonly appId: string;
  /** spark.task.*, spark.locality.*, spark.speculation*, spark.scheduler.mode, spark.stage.maxConsecutiveAttempts… */
  readonly conf?: Conf;
  readonly accumulators: AccumulatorRegistry;
  readonly broadcasts: BroadcastRegistry;
  readonly executors: ExecutorSource;
  readonly logger?: Logger;
  /** Defaults to the actor system's clock (timers and asks run on it). */
  readonly clock?: Clock;
  /** Called whenever pending or running task counts change (dynamic allocation). */
  readonly onBacklog?: (backlog: Backlog) => void;
  /** The driver's block server for slices too large for a task message (the SparkContext runs it). */
  readonly driverBlocks?: BlockEndpoint;
  /** Stores blocks in that server (large broadcast values). */
  readonly driverBlockStore?: { put(blockId: string, bytes: Uint8Array): void };
  /** Name of the scheduler actor under `user/` (default `driver`). */
  readonly name?: string;
  /** How RegisterApplication is retried per executor. */
  readonly registration?: Partial<RegistrationPolicy>;
}

/** An executor this application uses, without its block secret. */
export interface ExecutorSummary {
  readonly executorId: string;
  readonly nodeId: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly blockManager: BlockManagerId;
  readonly runningTasks: number;
}

/** One cached block of an RDD partition and where it is stored. */
export interface RddBlockInfo {
  readonly blockId: string;
  readonly rddId: number;
  readonly partition: number;
  readonly locations: readonly { readonly executorId: string; readonly nodeId: string; readonly storageLevel: string; readonly memSize: number; readonly diskSize: number }[];
}

const STOP_TIMEOUT_MS = 30_000;

export class Driver {
  private nextJobId = 0;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly o: DriverOptions,
    private readonly ref: ActorRef<DriverCommand>,
    private readonly waiters: JobWaiters,
    private readonly tracing: DriverTracing,
    private readonly bus: ListenerBus,
    private readonly executorTable: ExecutorTable,
    private readonly blocks: BlockManagerMaster,
  ) {}

  /** Spawns the scheduler actor and starts the executor source. Throws CONFIG for bad scheduler settings. */
  static async start(o: DriverOptions): Promise<Driver> {
    const conf = o.conf ?? new Conf();
    const clock = o.clock ?? o.system.clock;
    const log = (o.logger ?? o.system.log).child({ component: 'driver', appId: o.appId });
    const waiters = new JobWaiters();
    const tracing = new DriverTracing(o.appId);
    const bus = new ListenerBus(log);
    const executors = new ExecutorTable();
    const blocks = new BlockManagerMaster();
    o.system.registerProtocol(executorProtocol);
    const ref = o.system.spawn(o.name ?? DRIVER_ACTOR_NAME, driverActorProps({
      appId: o.appId, clock, log,
      settings: taskSchedulerSettingsFromConf(conf),
      dagConfig: dagConfig({ maxConsecutiveStageAttempts: conf.get(STAGE_MAX_CONSECUTIVE_ATTEMPTS) }),
      registration: { ...DEFAULT_REGISTRATION, ...o.registration },
      accumulators: o.accumulators, broadcasts: o.broadcasts, tracing, bus, waiters, executors, blocks,
      results: new ResultFetcher(clock),
      ...(o.onBacklog === undefined ? {} : { onBacklog: o.onBacklog }),
      ...(o.driverBlocks === undefined ? {} : { driverBlocks: o.driverBlocks }),
      ...(o.driverBlockStore === undefined ? {} : { driverBlockStore: o.driverBlockStore }),
    }));
    const driver = new Driver(o, ref, waiters, tracing, bus, executors, blocks);
    await o.executors.start({
      added: (executor) => o.system.tell(ref, { kind: 'ExecutorOffered', ref: executor }),
      removed: (executor, loss) => o.system.tell(ref, { kind: 'ExecutorGone', executor, loss }),
    });
    return driver;
  }

  /** The scheduler actor (executors address it as their driver). */
  get actor(): ActorRef<DriverCommand> {
    return this.ref;
  }

  /**
   * Runs a job; resolves with each requested partition's decoded result, in `job.partitions` order.
   * Rejects with JOB_ABORTED (Spark's "Job aborted due to stage failure: …", the task's error as
   * `cause`), JOB_CANCELLED, or INVALID_ARGUMENT for a job the DAG scheduler refuses.
   */
  runJob(job: JobSpec): Promise<unknown[]> {
    if (this.stopping !== undefined) {
      return Promise.reject(new EngineError(ErrorCode.JobCancelled, `cannot run a job: the driver of ${this.o.appId} is stopped`, { fields: { appId: this.o.appId } }));
    }
    const jobId = this.nextJobId++;
    const result = this.waiters.wait(jobId);
    this.tracing.startJob(jobId, job.callSite, context.active());
    this.o.system.tell(this.ref, { kind: 'SubmitJob', jobId, job });
    return result;
  }

  /** Cancels a running job: its promise rejects with JOB_CANCELLED. */
  cancelJob(jobId: number, reason?: string): void {
    this.o.system.tell(this.ref, { kind: 'CancelJob', jobId, ...(reason === undefined ? {} : { reason }) });
  }

  /** Listener-bus events, time-stamped; returns the function that removes the listener. */
  onEvent(listener: DriverListener): () => void {
    return this.bus.on(listener);
  }

  executors(): readonly ExecutorSummary[] {
    return this.executorTable.entries().map((e) => {
      const r = e.registration;
      return { executorId: r.executorId, nodeId: r.nodeId, cores: r.cores, memoryBytes: r.memoryBytes, blockManager: r.blocks.id, runningTasks: e.running };
    });
  }

  /** Cached blocks of one RDD (or of every RDD), by RDD and partition, with each copy's level and sizes. */
  rddBlocks(rddId?: number): readonly RddBlockInfo[] {
    const ids = this.blocks.getMatchingBlockIds((b) => {
      const r = rddIdOf(b);
      return r !== undefined && (rddId === undefined || r === rddId);
    });
    return ids.flatMap((blockId): RddBlockInfo[] => {
      const id = parseBlockId(blockId);
      if (id.kind !== 'rdd') return [];
      const locations = [...this.blocks.getStatus(blockId)].map(([executorId, s]) => ({
        executorId, nodeId: this.executorTable.nodeOf(executorId) ?? '', storageLevel: s.level.name, memSize: s.memSize, diskSize: s.diskSize,
      }));
      return [{ blockId, rddId: id.rddId, partition: id.partition, locations }];
    }).sort((a, b) => a.rddId - b.rddId || a.partition - b.partition);
  }

  /** Forgets the RDD's cached blocks and tells every executor to drop them. */
  async unpersist(rddId: number): Promise<void> {
    await this.o.system.ask(this.ref, { kind: 'Unpersist', rddId }, { timeoutMs: STOP_TIMEOUT_MS });
  }

  /** Tells every executor to drop its copies of a broadcast (BroadcastLifecycle's unpersist and destroy). */
  removeBroadcast(broadcastId: number): void {
    this.o.system.tell(this.ref, { kind: 'RemoveBroadcast', broadcastId });
  }

  /** Fails running jobs, tells every executor the application ended, stops the source and the actor. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.o.system.ask(this.ref, { kind: 'StopApplication', reason: `the driver of ${this.o.appId} stopped` }, { timeoutMs: STOP_TIMEOUT_MS });
      } finally {
        await this.o.executors.stop();
        await this.o.system.stop(this.ref);
      }
    })();
    return this.stopping;
  }
}
