// What an RDD needs from its SparkContext: the lineage builder, the shipped functions, and a way to
// run a job. An interface, so rdd.ts does not import the context that imports it.
import type { LineageBuilder } from '../rdd/lineage-builder.js';
import type { FunctionRegistry } from './function-registry.js';

export interface RddContext {
  readonly builder: LineageBuilder;
  readonly functions: FunctionRegistry;
  /**
   * Runs a job collecting partitions `partitions` (all when undefined) of RDD `rddId`; resolves with
   * each partition's elements, in partition order. `callSite` names the action (`collect`, `count`…).
   */
  runJob<R = unknown[]>(rddId: number, partitions: readonly number[] | undefined, callSite: string): Promise<R[]>;
  unpersist(rddId: number): Promise<void>;
  saveAsTextFile(rddId: number, path: string): Promise<void>;
  /** spark.default.parallelism when set: the partition count of shuffles that name none. */
  defaultParallelismForShuffles(): number | undefined;
}
