// The driver scheduler actor's one closed union: what executors send (`DriverMessage` of the task
// protocol) plus the commands and ask outcomes of its own process (the Driver facade, the executor
// source, timers). The internal kinds are sent only from this process.
import type { WireError } from '../../common/index.js';
import type { ActorRef } from '../actors/index.js';
import { defineProtocol } from '../actors/index.js';
import {
  TASK_PROTOCOL_VERSION, type DriverMessage, type ExecutorMessage, type ExecutorRegistration,
} from '../executor/task-protocol.js';
import type { JobSpec } from './job-spec.js';

/** Why an executor left: `hostLost` when its whole node (and every shuffle file there) is gone. */
export interface ExecutorLoss {
  readonly hostLost: boolean;
  readonly reason: string;
}

/** An executor by id (its registration's `executorId`) or by its actor ref. */
export type ExecutorHandle = string | ActorRef<ExecutorMessage>;

export type DriverCommand =
  | DriverMessage
  /** runJob: the facade already holds the job's promise and span under `jobId`. */
  | { readonly kind: 'SubmitJob'; readonly jobId: number; readonly job: JobSpec }
  | { readonly kind: 'CancelJob'; readonly jobId: number; readonly reason?: string }
  /** The executor source found an executor: register this application with it. */
  | { readonly kind: 'ExecutorOffered'; readonly ref: ActorRef<ExecutorMessage> }
  | { readonly kind: 'ExecutorRegistered'; readonly ref: ActorRef<ExecutorMessage>; readonly registration: ExecutorRegistration }
  | { readonly kind: 'ExecutorRegistrationFailed'; readonly ref: ActorRef<ExecutorMessage>; readonly reason: string }
  | { readonly kind: 'ExecutorGone'; readonly executor: ExecutorHandle; readonly loss: ExecutorLoss }
  /** A result block was fetched (or not) for a finished task; the task's success is reported now. */
  | { readonly kind: 'ResultFetched'; readonly taskId: number; readonly bytes: Uint8Array }
  | { readonly kind: 'ResultFetchFailed'; readonly taskId: number; readonly error: WireError }
  /** The task scheduler's next deadline (delay scheduling, speculation, exclusion expiry) passed. */
  | { readonly kind: 'Tick' }
  /** The DAG scheduler's resubmit delay passed. */
  | { readonly kind: 'ResubmitTimer' }
  /** A backlog change held back by the report interval may go now. */
  | { readonly kind: 'BacklogTimer' }
  /** Asked; answered once every executor was told to drop the RDD's blocks. */
  | { readonly kind: 'Unpersist'; readonly rddId: number }
  | { readonly kind: 'RemoveBroadcast'; readonly broadcastId: number }
  /** Asked; fails running jobs, tells every executor ApplicationEnded, then answers. */
  | { readonly kind: 'StopApplication'; readonly reason: string };

export const DRIVER_ACTOR_NAME = 'driver';

export const driverSchedulerProtocol = defineProtocol<DriverCommand>('driver', TASK_PROTOCOL_VERSION, {
  StatusUpdate: true, GetMapOutputs: true, GetBroadcast: true, BlockUpdated: true,
  SubmitJob: true, CancelJob: true, ExecutorOffered: true, ExecutorRegistered: true, ExecutorRegistrationFailed: true,
  ExecutorGone: true, ResultFetched: true, ResultFetchFailed: true, Tick: true, ResubmitTimer: true, BacklogTimer: true, Unpersist: true,
  RemoveBroadcast: true, StopApplication: true,
});
