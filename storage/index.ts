// storage: files and S3, the Parquet/CSV/JSON/Arrow IPC formats; the layer under the runtime,
// importing only common/. Returns apache-arrow RecordBatches and Tables.
export * from './errors.js';
export * from './fs/index.js';
export * from './formats/index.js';
export * from './inference/index.js';
