// dataframe/exec: columnar batches and vectors, expressions compiled to fused JS loops (projection → vector,
// predicate → selection vector), Spark non-ANSI semantics, and Arrow conversion.
// Strings are JS string arrays: decoded once from Arrow Utf8, every comparison/LIKE/upper then runs on V8 strings.
export * from './column-vector.js';
export * from './column-batch.js';
export * from './compile-expression.js';
export * from './interpreted-evaluator.js';
export * from './arrow-batch.js';
