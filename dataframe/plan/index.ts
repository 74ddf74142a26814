// dataframe/plan: logical plan nodes as plain data, the analyzer that resolves and types them, and
// their explain() text.
export * from './logical-plan.js';
export * from './analysis-error.js';
export * from './aggregate-expression.js';
export * from './analyzer.js';
export * from './plan-tree-string.js';
