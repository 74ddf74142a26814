// Executor side of a DataFrame stage: turns a partition's rows into a ColumnBatch (typed arrays),
// runs the fragment's compiled filters (selection vectors) and projections column-at-a-time, then its
// sink; or runs a post-shuffle step. Loaded by executors through dynamic import (see stage-entry.ts).
import { assertNever } from '../../common/index.js';
import type { BoundExpression } from '../expressions/index.js';
import type { ColumnBatch, ColumnVector, CompiledPredicate, CompiledProjection } from '../exec/index.js';
import { batchFromRows, compilePredicate, compileProjection, vectorGet } from '../exec/index.js';
import { finalAggregate, partialAggregate } from './hash-aggregate.js';
import { joinRows } from './join-rows.js';
import { compareValues, encodeKey, orderKey } from './row-key.js';
import type { BatchOp, FragmentSink, SortKey, StageTask } from './stage-task.js';

const textOf = (e: BoundExpression): string => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v));
const projections = new Map<string, CompiledProjection>();
const predicates = new Map<string, CompiledPredicate>();

/** Compiled once per executor process for each distinct expression. */
function projection(e: BoundExpression): CompiledProjection {
  const k = textOf(e);
  let c = projections.get(k);
  if (c === undefined) { c = compileProjection(e); projections.set(k, c); }
  return c;
}
function predicate(e: BoundExpression): CompiledPredicate {
  const k = textOf(e);
  let c = predicates.get(k);
  if (c === undefined) { c = compilePredicate(e); predicates.set(k, c); }
  return c;
}

function applyOp(batch: ColumnBatch, op: BatchOp): ColumnBatch {
  switch (op.kind) {
    case 'filter': return { ...batch, selection: predicate(op.predicate).select(batch) };
    case 'project': return { schema: op.schema, numRows: batch.numRows, columns: op.exprs.map((e) => evaluate(batch, e)), selection: batch.selection };
    default: return assertNever(op, 'batch op');
  }
}

/** A column passes through untouched; anything else runs its compiled loop. */
function evaluate(batch: ColumnBatch, e: BoundExpression): ColumnVector {
  return e.kind === 'input' ? batch.columns[e.ordinal] : projection(e).evaluate(batch);
}

function selected(batch: ColumnBatch): ArrayLike<number> {
  if (batch.selection !== null) return batch.selection;
  const all = new Uint32Array(batch.numRows);
  for (let i = 0; i < all.length; i++) all[i] = i;
  return all;
}

const rowAt = (batch: ColumnBatch, i: number): unknown[] => batch.columns.map((c) => vectorGet(c, i));

function sortRows(batch: ColumnBatch, keys: readonly SortKey[], limit: number | null): unknown[][] {
  const vectors = keys.map((k) => evaluate(batch, k.expr));
  const idx = Array.from(selected(batch));
  idx.sort((x, y) => {
    for (let k = 0; k < keys.length; k++) {
      const a = vectorGet(vectors[k], x); const b = vectorGet(vectors[k], y);
      if (a === null || b === null) {
        if (a === b) continue;
        return (a === null) === (keys[k].nulls === 'first') ? -1 : 1;
      }
      const c = compareValues(a, b);
      if (c !== 0) return keys[k].direction === 'asc' ? c : -c;
    }
    return x - y;
  });
  return (limit === null ? idx : idx.slice(0, limit)).map((i) => rowAt(batch, i));
}

function sink(batch: ColumnBatch, s: FragmentSink, partition: number): unknown[] {
  switch (s.kind) {
    case 'rows': return Array.from(selected(batch), (i) => rowAt(batch, i));
    case 'partialAggregate':
      return partialAggregate(batch, s.keys.map((k) => evaluate(batch, k)), s.aggregates.map((a) => a.args.map((x) => evaluate(batch, x))), s.aggregates);
    case 'keyBy': {
      const keys = s.keys.map((k) => evaluate(batch, k));
      const out: unknown[] = [];
      for (const i of Array.from(selected(batch))) {
        const kv = keys.map((v) => vectorGet(v, i));
        if (kv.some((x) => x === null)) {
          // A null key never matches; an outer side keeps the row under a key no other row has.
          if (s.keepNullKeys) out.push([`\u0000${partition}:${i}`, [rowAt(batch, i), kv]]);
          continue;
        }
        out.push([encodeKey(kv), [rowAt(batch, i), kv]]);
      }
      return out;
    }
    case 'distinctKey': return Array.from(selected(batch), (i) => { const r = rowAt(batch, i); return [encodeKey(r), r]; });
    case 'sortKey': {
      const keys = s.keys.map((k) => evaluate(batch, k.expr));
      return Array.from(selected(batch), (i) => [orderKey(keys.map((v) => vectorGet(v, i)), s.keys), rowAt(batch, i)]);
    }
    case 'sort': return sortRows(batch, s.keys, s.limit);
    default: return assertNever(s, 'fragment sink');
  }
}

/** Runs `task` over one partition's input records. */
export function runStage(task: StageTask, partition: number, input: Iterable<unknown>): unknown[] {
  switch (task.kind) {
    case 'fragment': {
      let batch = batchFromRows(task.inputSchema, Array.from(input) as unknown[][]);
      for (const op of task.ops) batch = applyOp(batch, op);
      return sink(batch, task.sink, partition);
    }
    case 'finalAggregate': return finalAggregate(input, task.aggregates, task.output, task.global);
    case 'joinRows': return joinRows(input, task.how, task.output);
    case 'limit': {
      const out: unknown[] = [];
      for (const r of input) { if (out.length >= task.n) break; out.push(r); }
      return out;
    }
    default: return assertNever(task, 'stage task');
  }
}
