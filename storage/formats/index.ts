// storage/formats: Parquet, CSV, JSON lines and Arrow IPC readers and writers over a FileSystem.
export { readParquet, readParquetMetadata, readParquetSchema, type ParquetFileInfo, type ParquetReadOptions, type RowGroupInfo } from './parquet-reader.js';
export { writeParquet, writeParquetStream, encodeParquet, type ParquetCompression, type ParquetWriteOptions } from './parquet-writer.js';
export { ParquetDecoder, sharedParquetDecoder } from './parquet-decoder.js';
export { selectRowGroups, canSkip, type ParquetPredicate, type ComparisonOp, type PredicateValue, type ColumnStatistics, type RowGroupStatistics } from './row-group-pruning.js';
export { readCsv, inferCsvSchema, type CsvOptions } from './csv-reader.js';
export { readJson, inferJsonSchema, type JsonOptions } from './json-reader.js';
export { readArrowIpc, readArrowIpcTable, writeArrowIpc, type IpcFormat } from './arrow-ipc.js';
export { CORRUPT_RECORD_COLUMN, type ParseMode } from './parse-mode.js';
