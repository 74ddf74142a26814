// What runJob is given: the final RDD's lineage, the partitions to compute, what each result task
// runs, and the shipped user functions the lineage names. Plain data.
import type { FunctionRef, Lineage, ShippedFunction } from '../rdd/index.js';

export interface JobSpec {
  readonly lineage: Lineage;
  readonly finalRddId: number;
  /** RDD partitions to compute; result i is partition `partitions[i]`. */
  readonly partitions: readonly number[];
  /** What each result task runs on its partition (`builtin:collect` or a shipped function). */
  readonly func: FunctionRef;
  /** Every shipped function a FunctionRef in the lineage or `func` names, by id. */
  readonly functions: Readonly<Record<string, ShippedFunction>>;
  /** The user's call site (`collect at app.ts:12`), for listeners, spans and messages. */
  readonly callSite: string;
  /** FAIR scheduler pool (Spark's `spark.scheduler.pool` local property); `default` when absent. */
  readonly pool?: string;
}
