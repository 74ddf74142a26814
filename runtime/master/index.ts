// runtime/master: the Master's building blocks — liveness (phi accrual), the membership state core,
// the status snapshot, the Redis leader lease with fencing epochs, and durable records on JetStream.
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
