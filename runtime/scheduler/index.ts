// runtime/scheduler: the DAG scheduler's pure core (stages cut at shuffles, lineage recovery) and its
// data types. The task scheduler (task-*.ts) exports its own entry points here beside them.
export * from './stage.js';
export * from './job.js';
export * from './dag-events.js';
export * from './dag-commands.js';
export * from './dag-map-outputs.js';
export * from './dag-state.js';
export { dagStep, type DagTransition } from './dag-scheduler-core.js';
