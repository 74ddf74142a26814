// runtime/master: the Master's building blocks — liveness (phi accrual), the membership state core,
// the status snapshot, the Redis leader lease with fencing epochs, durable records on JetStream, and
// the autoscaler (dynamic allocation) with its executor providers.
export * from './phi-accrual-detector.js';
export * from './node-liveness.js';
export * from './membership.js';
export * from './cluster-status.js';
export * from './fencing.js';
export * from './fenced-store.js';
export * from './leader-lease.js';
export * from './durable-epoch.js';
export * from './durable-records.js';
export * from './master-keys.js';
export * from './redis-client.js';
export * from './dynamic-allocation.js';
export * from './app-allocation.js';
export * from './autoscaler.js';
export * from './executor-provider.js';
export * from './local-process-provider.js';
