// A value's text as Spark's CAST(value AS STRING) gives it for show: Java number forms, `[1, 2]` arrays,
// `{1, a}` structs, `{a -> 1}` maps, `null` for nulls; top-level binary is hex (`[01 FF]`).
import type { DataType } from '../types/index.js';
import {
  decimalToString, formatBinaryHex, formatDate, formatTimestamp, javaDoubleToString, javaFloatToString,
} from '../types/index.js';

const utf8 = new TextDecoder();

/**
 * Text of one value of type `t` in Flint's internal row form: numbers (int, date days, double), bigint
 * (long, timestamp µs, decimal unscaled), string, boolean, Uint8Array, arrays, Map or [key, value][] for maps,
 * arrays or name-keyed objects for structs.
 */
export function castToString(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return 'null';
  switch (t.kind) {
    case 'string': return String(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'byte': case 'short': case 'integer': case 'long': return String(v);
    case 'double': return javaDoubleToString(Number(v));
    case 'float': return javaFloatToString(Number(v));
    case 'decimal':
      return typeof v === 'bigint' ? decimalToString(v, t.scale) : Number(v).toFixed(t.scale);
    case 'date': return v instanceof Date ? formatDate(Math.floor(v.getTime() / 86_400_000)) : formatDate(Number(v));
    case 'timestamp': case 'timestamp_ntz':
      return v instanceof Date ? formatTimestamp(BigInt(v.getTime()) * 1000n) : formatTimestamp(BigInt(v as bigint));
    case 'binary': return utf8.decode(v as Uint8Array);
    case 'null': return 'null';
    case 'array':
      return `[${(v as unknown[]).map((e) => castToString(e, t.elementType)).join(', ')}]`;
    case 'map': {
      const entries = v instanceof Map ? [...v.entries()] : (v as Array<[unknown, unknown]>);
      return `{${entries.map(([k, x]) => `${castToString(k, t.keyType)} -> ${castToString(x, t.valueType)}`).join(', ')}}`;
    }
    case 'struct': {
      const values = Array.isArray(v) ? v : t.fields.map((f) => (v as Record<string, unknown>)[f.name]);
      return `{${t.fields.map((f, i) => castToString(values[i], f.dataType)).join(', ')}}`;
    }
  }
}

/** The cell text show prints: like castToString, but top-level binary as hex. */
export function showCell(v: unknown, t: DataType): string {
  if (v !== null && v !== undefined && t.kind === 'binary') return formatBinaryHex(v as Uint8Array);
  return castToString(v, t);
}
