// dataframe/physical: the physical planner (logical plan → RDDs of the runtime) and the stage runner
// executors import to evaluate fragments column-at-a-time.
export * from './stage-task.js';
export * from './row-key.js';
export * from './physical-planner.js';
export { runStage } from './stage-runner.js';
export { STAGE_RUNNER_URL } from './stage-entry.js';
export { toPlainData } from './plain-data.js';
