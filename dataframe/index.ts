// dataframe: Flint's DataFrame engine — types, expressions, exec kernels, logical plans, the physical
// planner over RDDs and the public API. Other layers import it through here (or the package entry,
// dataframe/public.ts).
export * from './api/index.js';
export { Column, col, lit, when } from './expressions/index.js';
export { AnalysisError } from './plan/index.js';
export * as types from './types/index.js';
export * as expressions from './expressions/index.js';
export * as exec from './exec/index.js';
export * as plan from './plan/index.js';
export * as physical from './physical/index.js';
export * as show from './show/index.js';
