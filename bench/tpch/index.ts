// bench/tpch: a dbgen-exact TPC-H data generator writing Parquet (see docs/tpch.md).
export { generateTpch, type GenerateOptions, type Manifest, type TableManifest } from './generate-tpch.js';
export { TABLE_NAMES, SCHEMAS, type TableName } from './schema.js';
export { TABLES } from './tables.js';
export type { GenerateRange, TableGenerator } from './table-generator.js';
export { buildTextPool, defaultTextPool, TEXT_POOL_SIZE, type TextPool } from './text-pool.js';
export { toTblLines } from './tbl-format.js';
export type { ParquetCompression } from './parquet-sink.js';
