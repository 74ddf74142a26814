// The narrow operators of a pipeline over one materialized partition: plain loops over arrays, user
// functions called directly and awaited only when they return a promise, a kill check and a yield
// opportunity every CHECK_MASK + 1 records. Pair RDDs hold `[key, value]` arrays. Outputs grow by
// push: V8 makes `new Array(n)` a slow dictionary array beyond ~100k elements.
import { assertNever } from '../../common/index.js';
import type { PipelineOp } from '../rdd/lineage.js';
import { applyPartitionAction, isPartitionAction, type PartitionActionOp } from './partition-action-ops.js';
import { CHECK_MASK, type TaskContext } from './task-context.js';
import { userCodeError } from './task-errors.js';
import type { UserFunction } from './user-functions.js';
import { appendValues, isThenable, valuesOf } from './user-values.js';

/** Where a pipeline runs: for messages and for ops that depend on the partition index. */
export interface OpSite {
  readonly rddId: number;
  readonly partition: number;
}

type Pair = readonly [unknown, unknown];
type ElementOp = Exclude<PipelineOp, PartitionActionOp>;

/** Applies one operator to a partition's elements; never mutates `input`. */
export async function applyOp(ctx: TaskContext, op: PipelineOp, input: readonly unknown[], site: OpSite): Promise<unknown[]> {
  const fnRef = 'fn' in op ? op.fn : 'seqOp' in op ? op.seqOp : undefined;
  const fn = fnRef ? ctx.functions.get(fnRef) : undefined;
  try {
    if (isPartitionAction(op)) return await applyPartitionAction(ctx, op, input, site, fn);
    return await applyElementOp(ctx, op, input, site, fn);
  } catch (err) {
    throw userCodeError(err, { label: fn?.label ?? op.kind, operation: op.kind, ...site });
  }
}

async function applyElementOp(ctx: TaskContext, op: ElementOp, input: readonly unknown[], site: OpSite, fn: UserFunction | undefined): Promise<unknown[]> {
  const n = input.length;
  switch (op.kind) {
    case 'map': case 'keyBy': case 'mapValues': {
      const call = fn!.call;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const x = input[i];
        let r = call(op.kind === 'mapValues' ? (x as Pair)[1] : x);
        if (isThenable(r)) r = await ctx.settle(r);
        out.push(op.kind === 'map' ? r : op.kind === 'keyBy' ? [r, x] : [(x as Pair)[0], r]);
        if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
      }
      return out;
    }
    case 'filter': {
      const call = fn!.call;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        let keep = call(input[i]);
        if (isThenable(keep)) keep = await ctx.settle(keep);
        if (keep) out.push(input[i]);
        if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
      }
      return out;
    }
    case 'flatMap': {
      const call = fn!.call;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const pending = appendValues(out, call(input[i]), 'a flatMap function');
        if (pending) await ctx.settle(pending);
        if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
      }
      return out;
    }
    case 'flatMapValues': {
      const call = fn!.call;
      const out: unknown[] = [];
      const values: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const [k, v] = input[i] as Pair;
        values.length = 0;
        const pending = appendValues(values, call(v), 'a flatMapValues function');
        if (pending) await ctx.settle(pending);
        for (let j = 0; j < values.length; j++) out.push([k, values[j]]);
        if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
      }
      return out;
    }
    case 'mapPartitions': {
      // The user gets an iterator (PySpark's contract) and may return an array, a generator or an async one.
      const iterator = input.values();
      const result = op.withIndex ? fn!.call(site.partition, iterator) : fn!.call(iterator);
      return valuesOf(isThenable(result) ? await result : result, 'a mapPartitions function');
    }
    case 'keys': case 'values': {
      const side = op.kind === 'keys' ? 0 : 1;
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push((input[i] as Pair)[side]);
      return out;
    }
    case 'asKeys': {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push([input[i], null]);
      return out;
    }
    case 'joinPairs': {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const [k, groups] = input[i] as readonly [unknown, readonly [readonly unknown[], readonly unknown[]]];
        const [vs, ws] = groups;
        for (let a = 0; a < vs.length; a++) for (let b = 0; b < ws.length; b++) out.push([k, [vs[a], ws[b]]]);
        if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
      }
      return out;
    }
    case 'roundRobinKey': {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push([(site.partition + i) % op.numPartitions, input[i]]);
      return out;
    }
    default:
      return assertNever(op, 'pipeline op');
  }
}
