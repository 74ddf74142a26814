// The messages between a driver and the executors running its tasks (Spark's CoarseGrainedExecutorBackend
// and DriverEndpoint protocols), all plain data. Executors are shared by applications: every message
// names its `appId`, and an executor keeps each application's blocks apart.
//
// Naming: the scheduler's "host" is the Flint node id (one `node runtime` = one machine), so losing a
// node loses exactly the outputs stored there; the socket address blocks are fetched from is
// `BlockEndpoint.host`, which is a bind address, not a scheduling unit.
import type { WireError } from '../../common/index.js';
import type { ActorRef } from '../actors/index.js';
import { defineProtocol } from '../actors/index.js';
import type { AccumulatorUpdate } from '../rdd/accumulator.js';
import { capturePackr } from '../rdd/closure-captures.js';
import type { ShippedFunction } from '../rdd/function-ship.js';
import type { ParallelizeSlice } from '../rdd/lineage-compute.js';
import type { TaskBinary } from '../scheduler/dag-commands.js';
import type { MapStatus } from '../scheduler/dag-events.js';
import type { FetchFailure, TaskState } from '../scheduler/task-set.js';
import type { BlockManagerId, BlockUpdate } from '../blocks/block-status.js';

export const TASK_PROTOCOL_VERSION = 1;

/**
 * How peers fetch an executor's blocks: its block manager id (socket host and port) and the random
 * secret its block server checks (generated per executor process, handed out only over the
 * authenticated control plane, never logged: `secret` is a redacted key).
 */
export interface BlockEndpoint {
  readonly id: BlockManagerId;
  readonly secret: Uint8Array;
}

/** An executor's answer to RegisterApplication. */
export interface ExecutorRegistration {
  readonly executorId: string;
  /** Flint node id: the scheduler's host. */
  readonly nodeId: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly blocks: BlockEndpoint;
}

/** Everything one task attempt needs. The driver prunes parallelized slices to those the partition reads. */
export interface TaskDescription {
  readonly appId: string;
  /** Where StatusUpdates, map-output and broadcast requests go. */
  readonly driver: ActorRef<DriverMessage>;
  readonly taskId: number;
  /** Attempt number of this partition within its task set. */
  readonly attempt: number;
  readonly stageId: number;
  readonly stageAttempt: number;
  readonly jobId: number;
  readonly partition: number;
  /** MapOutputTracker epoch; an executor drops map statuses it cached under an older one. */
  readonly epoch: number;
  readonly binary: TaskBinary;
  /** Every user function a FunctionRef in `binary` names, by FunctionRef id ('builtin:*' refs are not listed). */
  readonly functions: Readonly<Record<string, ShippedFunction>>;
  /** W3C traceparent of the task span, so executor work joins the job's trace. */
  readonly traceparent?: string;
  /** The driver's block server, for slices stored there (`onDriver` block slices). */
  readonly driverBlocks?: BlockEndpoint;
}

/** The parallelized slices a task reads from one source RDD of its stage, with their partition indexes. */
export interface TaskSlices {
  readonly rddId: number;
  readonly slices: readonly ParallelizeSlice[];
  readonly sliceIndex: readonly number[];
}

/**
 * A task whose stage binary and functions the executor already holds (Spark broadcasts the task binary
 * once per stage): a StageBinary for `stageId.stageAttempt` went to this executor first, with every
 * parallelized source emptied; `slices` puts back those this task reads.
 */
export type StageTaskDescription = Omit<TaskDescription, 'binary' | 'functions'> & { readonly slices: readonly TaskSlices[] };

/** Counters a finished or failed task reports (Spark's TaskMetrics, the parts Flint measures). */
export interface TaskMetrics {
  readonly runMs: number;
  readonly recordsRead: number;
  readonly recordsWritten: number;
  readonly shuffleBytesWritten: number;
  readonly shuffleRecordsWritten: number;
  readonly shuffleBytesRead: number;
  readonly shuffleRecordsRead: number;
  readonly shuffleRemoteBlocksFetched: number;
  /** Persisted RDD partitions read from this executor's block manager instead of computed. */
  readonly cacheHits: number;
  /** Persisted RDD partitions computed (and then stored). */
  readonly cacheMisses: number;
  readonly resultBytes: number;
}

/** Where a result too large for a control message waits (Spark's IndirectTaskResult). */
export interface ResultBlockRef {
  readonly blockId: string;
  readonly from: BlockEndpoint;
  readonly size: number;
}

export type TaskOutcome =
  | {
    readonly kind: 'success';
    /** A result task's value, encoded with `encodeTaskValue`, when small enough to travel inline. */
    readonly value?: Uint8Array;
    readonly resultBlock?: ResultBlockRef;
    /** A shuffle map task's output. */
    readonly mapStatus?: MapStatus;
    readonly accumulatorUpdates: readonly AccumulatorUpdate[];
    readonly metrics: TaskMetrics;
  }
  | {
    readonly kind: 'failed';
    readonly error: WireError;
    /** Set when the task could not read a shuffle block: the parent stage re-runs, not a task failure. */
    readonly fetchFailed?: FetchFailure;
    readonly metrics?: TaskMetrics;
  }
  | { readonly kind: 'killed'; readonly reason: string };

/** Maps of one reduce range, per map partition that wrote anything there (empty outputs are skipped). */
export interface MapOutputBlocks {
  readonly mapPartition: number;
  readonly from: BlockEndpoint;
  /** Bytes per reduce partition in [startPartition, endPartition). */
  readonly sizes: readonly number[];
}

export interface MapOutputsReply {
  readonly epoch: number;
  readonly blocks: readonly MapOutputBlocks[];
  /** Map partitions with no registered output: the reader reports a FetchFailed for the first. */
  readonly missing: readonly number[];
}

/**
 * The answer to GetBroadcast: the value's bytes (encodeBroadcastValue) when they fit a control
 * message, else where the driver's block server holds them (Spark keeps broadcasts in blocks too).
 */
export type BroadcastReply =
  | { readonly bytes: Uint8Array }
  | { readonly block: { readonly blockId: string; readonly from: BlockEndpoint } };

/** Messages to `user/executor`. */
export type ExecutorMessage =
  | { readonly kind: 'Ping' }
  /** Asked; answered with ExecutorRegistration. Idempotent. */
  | { readonly kind: 'RegisterApplication'; readonly appId: string; readonly driver: ActorRef<DriverMessage> }
  | { readonly kind: 'LaunchTask'; readonly task: TaskDescription }
  /** A stage attempt's binary and functions, kept for its LaunchStageTasks until DropStageBinaries or ApplicationEnded. */
  | {
    readonly kind: 'StageBinary'; readonly appId: string; readonly stageId: number; readonly stageAttempt: number;
    readonly binary: TaskBinary; readonly functions: Readonly<Record<string, ShippedFunction>>;
  }
  /** LaunchTask without the binary: the executor holds it from StageBinary (FAILED, retryable, when it does not). */
  | { readonly kind: 'LaunchStageTask'; readonly task: StageTaskDescription }
  | { readonly kind: 'DropStageBinaries'; readonly appId: string; readonly stages: readonly { readonly stageId: number; readonly stageAttempt: number }[] }
  | { readonly kind: 'KillTask'; readonly appId: string; readonly taskId: number; readonly reason: string }
  /** Drop blocks: an unpersisted RDD, a finished shuffle, a destroyed broadcast, a fetched task result. */
  | { readonly kind: 'RemoveBlocks'; readonly appId: string; readonly rddId?: number; readonly shuffleId?: number; readonly broadcastId?: number; readonly blockId?: string }
  /** The application stopped: every block, cached function and broadcast of it goes. */
  | { readonly kind: 'ApplicationEnded'; readonly appId: string };

/** Messages to the driver's scheduler actor. */
export type DriverMessage =
  | { readonly kind: 'StatusUpdate'; readonly appId: string; readonly taskId: number; readonly executorId: string; readonly state: TaskState; readonly outcome?: TaskOutcome }
  /** Asked by a reducer; answered with MapOutputsReply. */
  | { readonly kind: 'GetMapOutputs'; readonly shuffleId: number; readonly startPartition: number; readonly endPartition: number }
  /** Asked; answered with a BroadcastReply. */
  | { readonly kind: 'GetBroadcast'; readonly broadcastId: number }
  /** A block of this application changed on an executor (cached partition stored, spilled, evicted). */
  | { readonly kind: 'BlockUpdated'; readonly update: BlockUpdate };

export const executorProtocol = defineProtocol<ExecutorMessage>('executor', TASK_PROTOCOL_VERSION, {
  Ping: true, RegisterApplication: true, LaunchTask: true, KillTask: true, RemoveBlocks: true, ApplicationEnded: true,
  StageBinary: true, LaunchStageTask: true, DropStageBinaries: true,
});

export const driverProtocol = defineProtocol<DriverMessage>('driver', TASK_PROTOCOL_VERSION, {
  StatusUpdate: true, GetMapOutputs: true, GetBroadcast: true, BlockUpdated: true,
});

/** Result values and shuffle records are encoded with the capture codec (Map, Set, Date, typed arrays, bigint survive). */
export function encodeTaskValue(value: unknown): Uint8Array {
  return capturePackr.pack(value);
}

export function decodeTaskValue(bytes: Uint8Array): unknown {
  return capturePackr.unpack(bytes);
}

/** Result values above this many bytes go through the executor's block manager instead of the StatusUpdate. */
export const MAX_DIRECT_RESULT_BYTES = 512 * 1024;

/**
 * Built-in result functions (FunctionRef ids the executor knows without shipping): `builtin:collect`
 * returns the partition's elements as an array. Actions put their per-partition work in a pipeline op
 * (countPartition, takePartition, …) and collect that.
 */
export const BUILTIN_COLLECT = 'builtin:collect';

/** Block names on an executor are scoped by application: `<appId>/<block>` (shuffle ids repeat across apps). */
export function appBlockName(appId: string, blockName: string): string {
  return `${appId}/${blockName}`;
}

export function splitAppBlockName(name: string): { readonly appId: string; readonly blockName: string } | undefined {
  const slash = name.indexOf('/');
  return slash <= 0 ? undefined : { appId: name.slice(0, slash), blockName: name.slice(slash + 1) };
}
