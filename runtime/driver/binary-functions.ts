// The FunctionRef ids a task binary names: result function, pipeline operators and shuffle
// aggregators of the stage's RDDs, and the map-side combine of the shuffle it writes. A task ships
// exactly these functions; `builtin:*` refs are known to executors and never listed.
import { assertNever } from '../../common/index.js';
import type { Aggregator, FunctionRef, PipelineOp } from '../rdd/index.js';
import type { TaskBinary } from '../scheduler/index.js';

const BUILTIN_PREFIX = 'builtin:';

/** Shipped-function ids `binary` refers to, without duplicates and builtins, in first-seen order. */
export function functionIdsOf(binary: TaskBinary): string[] {
  const ids = new Set<string>();
  const take = (ref: FunctionRef): void => { if (!ref.id.startsWith(BUILTIN_PREFIX)) ids.add(ref.id); };
  for (const rdd of binary.rdds) {
    if (rdd.compute.kind === 'pipeline') for (const op of rdd.compute.ops) opFunctions(op).forEach(take);
    for (const dep of rdd.deps) if (dep.kind === 'shuffle' && dep.aggregator !== undefined) aggregatorFunctions(dep.aggregator).forEach(take);
  }
  if (binary.kind === 'result') take(binary.func);
  else if (binary.dependency.aggregator !== undefined) aggregatorFunctions(binary.dependency.aggregator).forEach(take);
  return [...ids];
}

function opFunctions(op: PipelineOp): readonly FunctionRef[] {
  switch (op.kind) {
    case 'map': case 'filter': case 'flatMap': case 'mapPartitions': case 'keyBy': case 'mapValues':
    case 'flatMapValues': case 'reducePartition': case 'foldPartition': case 'foreach':
      return [op.fn];
    case 'aggregatePartition':
      return [op.seqOp];
    case 'keys': case 'asKeys': case 'values': case 'joinPairs': case 'roundRobinKey': case 'countPartition':
    case 'takePartition': case 'sampleKeys': case 'saveAsTextFile':
      return [];
    default:
      return assertNever(op, 'pipeline op');
  }
}

function aggregatorFunctions(a: Aggregator): readonly FunctionRef[] {
  switch (a.kind) {
    case 'reduce': return [a.fn];
    case 'aggregate': return [a.seqOp, a.combOp];
    case 'combine': return [a.createCombiner, a.mergeValue, a.mergeCombiners];
    case 'group': case 'first': return [];
    default: return assertNever(a, 'aggregator');
  }
}
