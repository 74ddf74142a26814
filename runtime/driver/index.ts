// runtime/driver: the driver's scheduler actor (DAG and task scheduler cores wired to executors,
// map outputs, blocks, accumulators and broadcasts), the Driver facade a SparkContext uses, and the
// executor sources of local and cluster mode.
export { Driver, type DriverOptions, type ExecutorSummary, type RddBlockInfo } from './driver.js';
export type { JobSpec } from './job-spec.js';
export type { Backlog } from './driver-scheduler-deps.js';
export type { DriverEvent, DriverEventBody, DriverListener, TaskAttemptInfo, TaskEndReason } from './listener-bus.js';
export { DRIVER_ACTOR_NAME, driverSchedulerProtocol, type DriverCommand, type ExecutorHandle, type ExecutorLoss } from './driver-protocol.js';
export { fixedExecutors, type ExecutorSource, type ExecutorSourceEvents, type FixedExecutors } from './executor-source.js';
export { clusterExecutors, EXECUTOR_POLL_INTERVAL, type ClusterExecutorsOptions } from './executor-source-cluster.js';
export type { RegistrationPolicy } from './executor-registration.js';
