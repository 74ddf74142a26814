// Spark's schema inference for createDataFrame from local rows (PySpark's _infer_schema/_merge_type):
// objects give their keys sorted (as PySpark sorts dict items), arrays give _1, _2, ...; every field
// is nullable. JS numbers: integers infer as long and fractions as double, and a column mixing both is
// double (JS has one number type, where Python has int and float).
import { EngineError, ErrorCode } from '../../common/index.js';
import type { DataType, StructFieldData, StructTypeData } from '../types/index.js';

function inferValue(v: unknown): DataType {
  if (v === null || v === undefined) return { kind: 'null' };
  switch (typeof v) {
    case 'boolean': return { kind: 'boolean' };
    case 'string': return { kind: 'string' };
    case 'bigint': return { kind: 'long' };
    case 'number': return Number.isInteger(v) ? { kind: 'long' } : { kind: 'double' };
    default:
      if (v instanceof Date) return { kind: 'timestamp' };
      if (v instanceof Uint8Array) return { kind: 'binary' };
  }
  throw new EngineError(ErrorCode.Unsupported,
    `[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of a field of value ${String(v)}: nested values are not supported by createDataFrame yet.`,
    { fields: { errorClass: 'CANNOT_INFER_TYPE_FOR_FIELD' } });
}

function mergeType(a: DataType, b: DataType, field: string): DataType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null' || a.kind === b.kind) return a;
  if ((a.kind === 'long' && b.kind === 'double') || (a.kind === 'double' && b.kind === 'long')) return { kind: 'double' };
  throw new EngineError(ErrorCode.InvalidArgument,
    `[CANNOT_MERGE_TYPE] Can not merge type \`${typeClass(a)}\` and \`${typeClass(b)}\` (field ${field}).`,
    { fields: { errorClass: 'CANNOT_MERGE_TYPE', field } });
}

const typeClass = (t: DataType): string => ({ long: 'LongType', double: 'DoubleType', string: 'StringType', boolean: 'BooleanType', timestamp: 'TimestampType', binary: 'BinaryType' } as Record<string, string>)[t.kind] ?? t.kind;

/** Column names of a row: sorted object keys, or _1.._n for an array. */
export function rowNames(row: unknown): string[] {
  if (Array.isArray(row)) return row.map((_, i) => `_${i + 1}`);
  if (row !== null && typeof row === 'object') return Object.keys(row).sort();
  throw new EngineError(ErrorCode.InvalidArgument, `[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: \`${typeof row}\`.`,
    { fields: { errorClass: 'CANNOT_INFER_SCHEMA_FOR_TYPE' } });
}

/** The values of `row` in `names` order (by key for objects, by position for arrays). */
export function rowValues(row: unknown, names: readonly string[]): unknown[] {
  if (Array.isArray(row)) return names.map((_, i) => row[i]);
  const o = row as Record<string, unknown>;
  return names.map((n) => o[n]);
}

/** Infers a schema from `rows`; `names` renames (or names) the columns positionally. */
export function inferSchema(rows: readonly unknown[], names?: readonly string[]): StructTypeData {
  if (rows.length === 0) {
    throw new EngineError(ErrorCode.InvalidArgument, '[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.',
      { fields: { errorClass: 'CANNOT_INFER_EMPTY_SCHEMA' } });
  }
  const own = rowNames(rows[0]);
  let types: DataType[] = own.map(() => ({ kind: 'null' }));
  for (const r of rows) {
    const vals = rowValues(r, Array.isArray(r) ? own.map((_, i) => `_${i + 1}`) : own);
    types = types.map((t, i) => mergeType(t, inferValue(vals[i]), own[i]));
  }
  const fields: StructFieldData[] = own.map((n, i) => ({ name: names?.[i] ?? n, dataType: types[i], nullable: true, metadata: {} }));
  const unknown = fields.filter((f) => f.dataType.kind === 'null');
  if (unknown.length > 0) {
    throw new EngineError(ErrorCode.InvalidArgument, '[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring.',
      { fields: { errorClass: 'CANNOT_DETERMINE_TYPE', field: unknown[0].name } });
  }
  return { kind: 'struct', fields };
}
