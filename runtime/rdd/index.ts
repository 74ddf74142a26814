// runtime/rdd: RDD lineage as plain data, and shipping user functions (with accumulators and
// broadcast variables) to executors.
export * from './lineage.js';
export * from './lineage-dependency.js';
export * from './lineage-compute.js';
export * from './lineage-graph.js';
export * from './lineage-builder.js';
export * from './closure-check.js';
export * from './closure-imports.js';
export * from './function-ship.js';
export * from './function-revive.js';
export * from './function-cache.js';
export * from './function-task-env.js';
export * from './accumulator.js';
export * from './accumulator-param.js';
export * from './accumulator-task.js';
export * from './broadcast.js';
export * from './broadcast-cache.js';
export * from './lineage-functions.js';
