// runtime/scheduler: the DAG scheduler's pure core (stages cut at shuffles, lineage recovery) and its
// data types. The task scheduler (task-*.ts) exports its own entry points here beside them.
export * from './stage.js';
export * from './job.js';
export * from './dag-events.js';
export * from './dag-commands.js';
export * from './dag-map-outputs.js';
export * from './dag-state.js';
export { dagStep, type DagTransition } from './dag-scheduler-core.js';
// Task scheduler (Spark's TaskSchedulerImpl + TaskSetManager + Pool + HealthTracker) as a pure core.
export * from './task-set.js';
export * from './task-scheduler-protocol.js';
export { initialTaskScheduler, stepTaskScheduler, type TaskSchedulerState, type TaskSchedulerStep } from './task-scheduler.js';
export { nextDeadline, taskSetProgress, type TaskSetProgress } from './task-scheduler-queries.js';
export * from './scheduler-config.js';
export { type SchedulingMode, type PoolSpec } from './pool.js';
export { type TaskLocality } from './locality.js';
