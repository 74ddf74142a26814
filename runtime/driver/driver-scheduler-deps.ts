// What the driver scheduler is built from: the registries the Driver facade shares with it (executors,
// blocks, waiting jobs, listeners, spans), its settings, and the port through which it acts as its actor.
import type { Clock, Logger } from '../../common/index.js';
import type { ActorRef, AskOptions } from '../actors/index.js';
import type { BlockManagerMaster } from '../blocks/index.js';
import type { BlockEndpoint, ExecutorMessage } from '../executor/task-protocol.js';
import type { AccumulatorRegistry, BroadcastRegistry } from '../rdd/index.js';
import type { DagConfig, TaskSchedulerSettings } from '../scheduler/index.js';
import type { DriverCommand } from './driver-protocol.js';
import type { DriverTracing } from './driver-tracing.js';
import type { RegistrationPolicy } from './executor-registration.js';
import type { ExecutorTable } from './executor-table.js';
import type { JobWaiters } from './job-waiters.js';
import type { ListenerBus } from './listener-bus.js';
import type { ResultFetcher } from './result-fetcher.js';

/** What the driver reports for dynamic allocation when its backlog changes. */
export interface Backlog {
  readonly pendingTasks: number;
  readonly runningTasks: number;
  /** Executors running at least one task of this application. */
  readonly busyExecutors: readonly string[];
  readonly executors: readonly string[];
}

/** How the scheduler acts as its actor: tells, asks and watches with the actor as sender. */
export interface DriverPort {
  readonly self: ActorRef<DriverCommand>;
  tell(ref: ActorRef<ExecutorMessage>, msg: ExecutorMessage): void;
  tellSelf(msg: DriverCommand): void;
  ask(ref: ActorRef<ExecutorMessage>, msg: ExecutorMessage, options: AskOptions): Promise<unknown>;
  watch(ref: ActorRef<ExecutorMessage>): void;
  unwatch(ref: ActorRef<ExecutorMessage>): void;
}

export interface DriverSchedulerDeps {
  readonly appId: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: TaskSchedulerSettings;
  readonly dagConfig: DagConfig;
  readonly registration: RegistrationPolicy;
  readonly accumulators: AccumulatorRegistry;
  readonly broadcasts: BroadcastRegistry;
  readonly tracing: DriverTracing;
  readonly bus: ListenerBus;
  readonly waiters: JobWaiters;
  readonly executors: ExecutorTable;
  readonly blocks: BlockManagerMaster;
  readonly results: ResultFetcher;
  readonly onBacklog?: (b: Backlog) => void;
  /** The driver's block server (large parallelized slices), named in every task. */
  readonly driverBlocks?: BlockEndpoint;
  /** Where the driver puts values too large to answer inline (broadcasts), served at `driverBlocks`. */
  readonly driverBlockStore?: { put(blockId: string, bytes: Uint8Array): void };
}
