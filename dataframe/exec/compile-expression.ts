// Compiles a bound expression once into a JS function (new Function over the generated fused loop) that
// evaluates it over a whole batch column-at-a-time: a projection writes a vector, a predicate a selection.
import type { BoundExpression } from '../expressions/index.js';
import { castToString } from '../show/index.js';
import type { DataType } from '../types/index.js';
import type { ColumnBatch } from './column-batch.js';
import type { ColumnVector, VectorValues } from './column-vector.js';
import { allocateValues, storageOf } from './column-vector.js';
import { CodegenContext } from './codegen-context.js';
import { emit } from './emit-expression.js';
import * as helpers from './scalar-helpers.js';

const RT = { ...helpers, castToString };

type ProjectFn = (cols: readonly ColumnVector[], n: number, out: VectorValues, valid: Uint8Array, K: unknown[], rt: typeof RT) => boolean;
type FilterFn = (cols: readonly ColumnVector[], n: number, sel: Uint32Array | null, out: Uint32Array, K: unknown[], rt: typeof RT) => number;

/** A compiled projection: evaluates to one vector per batch. */
export interface CompiledProjection {
  readonly dataType: DataType;
  readonly source: string;
  evaluate(batch: ColumnBatch): ColumnVector;
}

/** A compiled predicate: narrows a batch's selection to rows where it is true (null counts as false). */
export interface CompiledPredicate {
  readonly source: string;
  select(batch: ColumnBatch): Uint32Array;
}

function store(t: DataType, v: string): string {
  return t.kind === 'boolean' ? `(${v} ? 1 : 0)` : v;
}

/** Compiles `e` as a projection. Rows outside a batch's selection are computed too (dense, branch-free). */
export function compileProjection(e: BoundExpression): CompiledProjection {
  const ctx = new CodegenContext();
  const body = emit(ctx, e);
  const source = [
    ...ctx.decls,
    'let hasNull = false;',
    'for (let i = 0; i < n; i++) {',
    `  ${body.code}`,
    `  if (${body.n}) { valid[i] = 0; hasNull = true; } else { out[i] = ${store(e.dataType, body.v)}; }`,
    '}',
    'return hasNull;',
  ].join('\n');
  const fn = new Function('cols', 'n', 'out', 'valid', 'K', 'rt', source) as ProjectFn;
  const constants = ctx.constants;
  return {
    dataType: e.dataType,
    source,
    evaluate(batch: ColumnBatch): ColumnVector {
      const n = batch.numRows;
      const out = allocateValues(e.dataType, n);
      const valid = new Uint8Array(n).fill(1);
      const hasNull = fn(batch.columns, n, out, valid, constants, RT);
      if (storageOf(e.dataType) === 'array' && e.dataType.kind !== 'string' && e.dataType.kind !== 'decimal') {
        for (let i = 0; i < n; i++) if (valid[i] === 0) (out as unknown[])[i] = null;
      }
      return { dataType: e.dataType, length: n, values: out, validity: hasNull ? valid : null };
    },
  };
}

/** Compiles a boolean `e` as a filter predicate producing a selection vector (no rows are copied). */
export function compilePredicate(e: BoundExpression): CompiledPredicate {
  const ctx = new CodegenContext();
  const body = emit(ctx, e);
  const test = `if (!${body.n} && ${body.v}) out[k++] = i;`;
  const source = [
    ...ctx.decls,
    'let k = 0;',
    'if (sel === null) {',
    `  for (let i = 0; i < n; i++) { ${body.code} ${test} }`,
    '} else {',
    `  for (let j = 0; j < sel.length; j++) { const i = sel[j]; ${body.code} ${test} }`,
    '}',
    'return k;',
  ].join('\n');
  const fn = new Function('cols', 'n', 'sel', 'out', 'K', 'rt', source) as FilterFn;
  const constants = ctx.constants;
  return {
    source,
    select(batch: ColumnBatch): Uint32Array {
      const out = new Uint32Array(batch.selection === null ? batch.numRows : batch.selection.length);
      const k = fn(batch.columns, batch.numRows, batch.selection, out, constants, RT);
      return out.subarray(0, k);
    },
  };
}

/** The batch narrowed by `predicate`: same columns, a new selection vector. */
export function filterBatch(batch: ColumnBatch, predicate: CompiledPredicate): ColumnBatch {
  return { ...batch, selection: predicate.select(batch) };
}
