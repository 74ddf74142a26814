// The FunctionRef ids a task binary names: result function, pipeline operators and shuffle
// aggregators of the stage's RDDs, and the map-side combine of the shuffle it writes. A task ships
// exactly these functions; `builtin:*` refs are known to executors and never listed.
import { aggregatorFunctionRefs, nodeFunctionRefs, type FunctionRef } from '../rdd/index.js';
import type { TaskBinary } from '../scheduler/index.js';

const BUILTIN_PREFIX = 'builtin:';

/** Shipped-function ids `binary` refers to, without duplicates and builtins, in first-seen order. */
export function functionIdsOf(binary: TaskBinary): string[] {
  const ids = new Set<string>();
  const take = (ref: FunctionRef): void => { if (!ref.id.startsWith(BUILTIN_PREFIX)) ids.add(ref.id); };
  for (const rdd of binary.rdds) nodeFunctionRefs(rdd).forEach(take);
  if (binary.kind === 'result') take(binary.func);
  else if (binary.dependency.aggregator !== undefined) aggregatorFunctionRefs(binary.dependency.aggregator).forEach(take);
  return [...ids];
}

