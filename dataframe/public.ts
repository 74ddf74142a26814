// The `flint` package entry: the DataFrame API (SparkSession, DataFrame, functions, types) and the
// RDD API's SparkContext, as `import { SparkSession, col, types as T } from 'flint'`.
export { SparkSession, DataFrame, GroupedData, type Row } from './api/index.js';
export * as functions from './api/functions.js';
export * from './api/functions.js';
export { Column } from './expressions/index.js';
export { AnalysisError } from './plan/index.js';
export * as types from './types/index.js';
export { SparkContext, RDD, type SparkContextOptions, type Pair } from '../runtime/context/index.js';
