// Infers a literal's Spark type from a JS value the way PySpark's lit does for Python values
// (int-range integers → int, other integers → bigint, fractions → double, Date → timestamp).
import { EngineError, ErrorCode } from '../../common/index.js';
import type { DataType } from '../types/index.js';
import type { Literal, LiteralValue } from './expression.js';

/** Values accepted where a literal is expected. */
export type LiteralInput = LiteralValue | Date | undefined;

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** A literal expression for a JS value; `dataType` overrides inference (e.g. lit(2, double)). */
export function literalOf(v: LiteralInput, dataType?: DataType): Literal {
  if (dataType !== undefined) return { kind: 'literal', value: toInternal(v, dataType), dataType };
  if (v === null || v === undefined) return { kind: 'literal', value: null, dataType: { kind: 'null' } };
  switch (typeof v) {
    case 'boolean': return { kind: 'literal', value: v, dataType: { kind: 'boolean' } };
    case 'string': return { kind: 'literal', value: v, dataType: { kind: 'string' } };
    case 'bigint': return { kind: 'literal', value: BigInt.asIntN(64, v), dataType: { kind: 'long' } };
    case 'number':
      if (Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX) return { kind: 'literal', value: v, dataType: { kind: 'integer' } };
      if (Number.isSafeInteger(v)) return { kind: 'literal', value: BigInt(v), dataType: { kind: 'long' } };
      return { kind: 'literal', value: v, dataType: { kind: 'double' } };
    default:
      if (v instanceof Date) return { kind: 'literal', value: BigInt(v.getTime()) * 1000n, dataType: { kind: 'timestamp' } };
      if (v instanceof Uint8Array) return { kind: 'literal', value: v, dataType: { kind: 'binary' } };
  }
  throw new EngineError(ErrorCode.InvalidArgument, `Unsupported literal value: ${String(v)}`);
}

function toInternal(v: LiteralInput, t: DataType): LiteralValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const ms = v.getTime();
    return t.kind === 'date' ? Math.floor(ms / 86_400_000) : BigInt(ms) * 1000n;
  }
  switch (t.kind) {
    case 'long': case 'timestamp': case 'timestamp_ntz':
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'decimal': {
      if (typeof v === 'bigint') return v * 10n ** BigInt(t.scale);
      const [i, f = ''] = String(v).split('.');
      return BigInt(i + f.padEnd(t.scale, '0').slice(0, t.scale));
    }
    case 'byte': case 'short': case 'integer': case 'float': case 'double': case 'date':
      return Number(v);
    default:
      return v;
  }
}
