// dataframe/api: the public DataFrame API — SparkSession, DataFrame, GroupedData and Row values.
export { SparkSession, Builder, RuntimeConfig, type BuilderAccess } from './spark-session.js';
export { DataFrame, type Row } from './data-frame.js';
export { GroupedData } from './grouped-data.js';
export { inferSchema } from './infer-schema.js';
export { parseDdlSchema } from './ddl-schema.js';
export { toInternalValue, toExternalValue } from './row-values.js';
export * as functions from './functions.js';
