// The interpreted baseline: walks the bound tree and runs one typed-array kernel per node, materializing
// every intermediate vector. Kept for the benchmark against compiled code and as an oracle in tests.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { BoundExpression } from '../expressions/index.js';
import type { ColumnBatch } from './column-batch.js';
import type { ColumnVector } from './column-vector.js';
import { allocateValues } from './column-vector.js';

type Num = Int32Array | Float64Array;

function orMasks(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b;
  if (b === null) return a;
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) m[i] = a[i] & b[i];
  return m;
}

/** Evaluates `e` node by node (int, double and boolean operands, arithmetic, comparison, AND/OR only). */
export function interpret(e: BoundExpression, batch: ColumnBatch): ColumnVector {
  const n = batch.numRows;
  switch (e.kind) {
    case 'input': return batch.columns[e.ordinal];
    case 'literal': {
      const values = allocateValues(e.dataType, n) as Num;
      values.fill(e.value as number);
      return { dataType: e.dataType, length: n, values, validity: e.value === null ? new Uint8Array(n) : null };
    }
    case 'arithmetic': case 'comparison': case 'logical': {
      const l = interpret(e.left, batch); const r = interpret(e.right, batch);
      const a = l.values as Num; const b = r.values as Num;
      const validity = orMasks(l.validity, r.validity, n);
      const out = allocateValues(e.dataType, n) as Num;
      const int = e.dataType.kind === 'integer';
      switch (e.op) {
        case 'add': if (int) for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; else for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; break;
        case 'subtract': for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; break;
        case 'multiply': if (int) for (let i = 0; i < n; i++) out[i] = Math.imul(a[i], b[i]); else for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; break;
        case 'gt': for (let i = 0; i < n; i++) out[i] = a[i] > b[i] ? 1 : 0; break;
        case 'lt': for (let i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1 : 0; break;
        case 'eq': for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0; break;
        case 'and': for (let i = 0; i < n; i++) out[i] = a[i] & b[i]; break;
        case 'or': for (let i = 0; i < n; i++) out[i] = a[i] | b[i]; break;
        default: throw new EngineError(ErrorCode.Unsupported, `interpreter: ${e.op}`);
      }
      // Three-valued logic needs per-row null handling the baseline skips unless inputs have nulls.
      if (validity !== null && (e.op === 'and' || e.op === 'or')) throw new EngineError(ErrorCode.Unsupported, 'interpreter: nullable AND/OR');
      return { dataType: e.dataType, length: n, values: out, validity };
    }
    case 'cast': {
      const c = interpret(e.child, batch);
      if (e.dataType.kind !== 'double') throw new EngineError(ErrorCode.Unsupported, 'interpreter: cast');
      return { dataType: e.dataType, length: n, values: Float64Array.from(c.values as Int32Array), validity: c.validity };
    }
    default:
      throw new EngineError(ErrorCode.Unsupported, `interpreter: ${e.kind}`);
  }
}
