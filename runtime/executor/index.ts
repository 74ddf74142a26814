// runtime/executor: the executor side of the distributed core — the task protocol spoken with drivers,
// the executor runtime (actor, block manager, block socket) and what libraries register with it.
export * from './task-protocol.js';
export { EXECUTOR_ACTOR_NAME, EXECUTOR_PATH, executorProps, type ExecutorIdentity } from './executor-actor.js';
export { startExecutorRuntime, type ExecutorRuntime, type ExecutorRuntimeOptions } from './executor-runtime.js';
export type { LocalExecutorData } from './local-executor-worker-data.js';
export { registerSourceKind, unregisterSourceKind, type SourceKindCompute, type SourcePartitionContext } from './source-registry.js';
export { portableHash, hashPartition } from './portable-hash.js';
export { compareKeys, rangePartition } from './key-ordering.js';
export { driverAskTimeout, shuffleBlocksInFlight } from './executor-config.js';
