// runtime/context: the RDD API's entry points (SparkContext, RDD) over the driver and executors.
export { SparkContext, SUBMIT_CONF_ENV, type SparkContextOptions } from './spark-context.js';
export { RDD, type Pair } from './rdd.js';
export { parseMasterUrl, type MasterUrl } from './master-url.js';
export type { Captures } from './function-registry.js';
