// The user functions a lineage node names (FunctionRefs in its pipeline ops and in the aggregators
// of its shuffle dependencies): what a job or a task must ship. Exhaustive over the op and
// aggregator unions, so a new kind that carries a function cannot be forgotten here.
import { assertNever } from '../../common/index.js';
import type { FunctionRef, PipelineOp } from './lineage-compute.js';
import type { Aggregator } from './lineage-dependency.js';
import type { RddNode } from './lineage.js';

export function opFunctionRefs(op: PipelineOp): readonly FunctionRef[] {
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

export function aggregatorFunctionRefs(a: Aggregator): readonly FunctionRef[] {
  switch (a.kind) {
    case 'reduce': return [a.fn];
    case 'aggregate': return [a.seqOp, a.combOp];
    case 'combine': return [a.createCombiner, a.mergeValue, a.mergeCombiners];
    case 'group': case 'first': return [];
    default: return assertNever(a, 'aggregator');
  }
}

/** Every FunctionRef `node` names: its pipeline ops', then its shuffle dependencies' aggregators'. */
export function nodeFunctionRefs(node: RddNode): FunctionRef[] {
  const out: FunctionRef[] = [];
  if (node.compute.kind === 'pipeline') for (const op of node.compute.ops) out.push(...opFunctionRefs(op));
  for (const dep of node.deps) if (dep.kind === 'shuffle' && dep.aggregator !== undefined) out.push(...aggregatorFunctionRefs(dep.aggregator));
  return out;
}
