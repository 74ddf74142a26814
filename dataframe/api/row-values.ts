// JS values ↔ Flint's internal values for one Spark type: what createDataFrame accepts and what
// collect() returns. long → bigint, date/timestamp → Date (UTC), decimal → its exact decimal string.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { DataType } from '../types/index.js';
import { decimalToString } from '../types/index.js';

const DAY_MS = 86_400_000;

function bad(v: unknown, t: DataType): EngineError {
  return new EngineError(ErrorCode.InvalidArgument,
    `[FIELD_DATA_TYPE_UNACCEPTABLE] ${t.kind} can not accept object ${typeof v === 'string' ? `'${v}'` : String(v)} in type ${typeof v}.`,
    { fields: { errorClass: 'FIELD_DATA_TYPE_UNACCEPTABLE', dataType: t.kind } });
}

/** The internal form of a JS value `v` for a column of type `t` (null/undefined → null). */
export function toInternalValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'null': return null;
    case 'boolean': if (typeof v === 'boolean') return v; throw bad(v, t);
    case 'string': if (typeof v === 'string') return v; throw bad(v, t);
    case 'byte': case 'short': case 'integer':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'bigint') return Number(v);
      throw bad(v, t);
    case 'long':
      if (typeof v === 'bigint') return BigInt.asIntN(64, v);
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      throw bad(v, t);
    case 'float': case 'double':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      throw bad(v, t);
    case 'decimal': {
      if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'bigint') throw bad(v, t);
      const text = typeof v === 'number' ? v.toFixed(t.scale) : String(v);
      const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
      if (m === null) throw bad(v, t);
      return BigInt(`${m[1]}${m[2] || '0'}${(m[3] ?? '').padEnd(t.scale, '0').slice(0, t.scale)}`);
    }
    case 'date':
      if (v instanceof Date) return Math.floor(v.getTime() / DAY_MS);
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return Math.floor(Date.parse(`${v}T00:00:00Z`) / DAY_MS);
      throw bad(v, t);
    case 'timestamp': case 'timestamp_ntz':
      if (v instanceof Date) return BigInt(v.getTime()) * 1000n;
      throw bad(v, t);
    case 'binary': if (v instanceof Uint8Array) return v; throw bad(v, t);
    default:
      throw new EngineError(ErrorCode.Unsupported, `createDataFrame does not accept ${t.kind} columns yet`);
  }
}

/** The JS value collect() returns for internal value `v` of type `t`. */
export function toExternalValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'date': return new Date((v as number) * DAY_MS);
    case 'timestamp': case 'timestamp_ntz': return new Date(Number((v as bigint) / 1000n));
    case 'decimal': return decimalToString(v as bigint, t.scale);
    default: return v;
  }
}
