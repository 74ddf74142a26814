// One column of a batch: values in a typed array chosen by type, plus a validity byte mask (1 = valid,
// 0 = null; null when no value is null). Strings are JS strings and decimals unscaled bigints (see docs/ note in index).
import { EngineError, ErrorCode } from '../../common/index.js';
import type { DataType } from '../types/index.js';

/** Storage by type: Int8/Int16/Int32Array (byte, short, int, date days), BigInt64Array (long, timestamp µs),
 * Float32/Float64Array, Uint8Array (boolean 0/1), and JS arrays for string, decimal (unscaled bigint), binary, nested. */
export type VectorValues =
  | Int8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array | Uint8Array
  | string[] | bigint[] | unknown[];

export interface ColumnVector {
  readonly dataType: DataType;
  readonly length: number;
  readonly values: VectorValues;
  /** Byte mask, 1 = valid; null when every value is valid. */
  readonly validity: Uint8Array | null;
}

/** Name of the typed array (or 'array') that stores `t`; generated code relies on these pairings. */
export function storageOf(t: DataType): 'Int8Array' | 'Int16Array' | 'Int32Array' | 'BigInt64Array' | 'Float32Array' | 'Float64Array' | 'Uint8Array' | 'array' {
  switch (t.kind) {
    case 'byte': return 'Int8Array';
    case 'short': return 'Int16Array';
    case 'integer': case 'date': return 'Int32Array';
    case 'long': case 'timestamp': case 'timestamp_ntz': return 'BigInt64Array';
    case 'float': return 'Float32Array';
    case 'double': return 'Float64Array';
    case 'boolean': case 'null': return 'Uint8Array';
    default: return 'array';
  }
}

/** Fresh zeroed storage for `n` values of `t`. */
export function allocateValues(t: DataType, n: number): VectorValues {
  switch (storageOf(t)) {
    case 'Int8Array': return new Int8Array(n);
    case 'Int16Array': return new Int16Array(n);
    case 'Int32Array': return new Int32Array(n);
    case 'BigInt64Array': return new BigInt64Array(n);
    case 'Float32Array': return new Float32Array(n);
    case 'Float64Array': return new Float64Array(n);
    case 'Uint8Array': return new Uint8Array(n);
    case 'array': return new Array<unknown>(n).fill(t.kind === 'string' ? '' : t.kind === 'decimal' ? 0n : null);
  }
}

/** Builds a vector from internal values (null = SQL null); for tests, literals and small inputs. */
export function vectorFromValues(t: DataType, data: readonly unknown[]): ColumnVector {
  const n = data.length;
  const values = allocateValues(t, n);
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v === null || v === undefined || t.kind === 'null') {
      validity ??= new Uint8Array(n).fill(1);
      validity[i] = 0;
      continue;
    }
    const st = storageOf(t);
    if (st === 'BigInt64Array') (values as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(v as number);
    else if (st === 'Uint8Array') (values as Uint8Array)[i] = v ? 1 : 0;
    else if (st === 'array') (values as unknown[])[i] = t.kind === 'decimal' && typeof v !== 'bigint' ? badDecimal(v) : v;
    else (values as Float64Array)[i] = Number(v);
  }
  return { dataType: t, length: n, values, validity };
}

function badDecimal(v: unknown): never {
  throw new EngineError(ErrorCode.InvalidArgument, `decimal vector values must be unscaled bigints, got ${String(v)}`);
}

/** The internal value at row `i` (null for SQL null). Not for hot loops. */
export function vectorGet(v: ColumnVector, i: number): unknown {
  if (v.dataType.kind === 'null' || (v.validity !== null && v.validity[i] === 0)) return null;
  if (v.dataType.kind === 'boolean') return (v.values as Uint8Array)[i] === 1;
  return v.values[i];
}
