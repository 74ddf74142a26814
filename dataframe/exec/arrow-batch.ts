// Conversion between apache-arrow RecordBatches and ColumnBatches. Fixed-width columns share Arrow's
// buffers (zero-copy); bit-packed validity/booleans expand to byte masks; Utf8 decodes once to JS strings.
import * as A from 'apache-arrow';
import type { DataType, StructTypeData } from '../types/index.js';
import { fromArrowSchema, toArrowSchema, toArrowType } from '../types/index.js';
import type { ColumnBatch } from './column-batch.js';
import type { ColumnVector, VectorValues } from './column-vector.js';
import { allocateValues, storageOf, vectorGet } from './column-vector.js';

const decoder = new TextDecoder();

function unpackBits(bits: Uint8Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) { const j = i + offset; out[i] = (bits[j >> 3] >> (j & 7)) & 1; }
  return out;
}

function packBits(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (bytes[i] !== 0) out[i >> 3] |= 1 << (i & 7);
  return out;
}

/** Arrow's JS value → Flint's internal value (nested types only; not a hot path). */
function internalOf(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'array': return Array.from(v as Iterable<unknown>, (x) => internalOf(x, t.elementType));
    case 'map': return new Map(Array.from(v as Iterable<[unknown, unknown]>, ([k, x]) => [internalOf(k, t.keyType), internalOf(x, t.valueType)]));
    case 'struct': return t.fields.map((f) => internalOf((v as Record<string, unknown>)[f.name], f.dataType));
    case 'decimal': return decimalFromWords(v as Uint32Array, 0);
    case 'date': return typeof v === 'number' ? Math.floor(v / 86_400_000) : v;
    case 'boolean': return Boolean(v);
    default: return v;
  }
}

function decimalFromWords(w: Uint32Array, at: number): bigint {
  const v = BigInt(w[at]) | (BigInt(w[at + 1]) << 32n) | (BigInt(w[at + 2]) << 64n) | (BigInt(w[at + 3]) << 96n);
  return BigInt.asIntN(128, v);
}

function vectorFromArrow(vec: A.Vector, t: DataType): ColumnVector {
  const n = vec.length;
  if (vec.data.length !== 1) {
    const values = allocateValues(t, n);
    const validity = new Uint8Array(n).fill(1);
    let k = 0;
    for (const d of vec.data) {
      const part = vectorFromArrow(new A.Vector([d]), t);
      for (let i = 0; i < part.length; i++, k++) {
        if (part.validity !== null && part.validity[i] === 0) validity[k] = 0; else (values as unknown[])[k] = part.values[i];
      }
    }
    return { dataType: t, length: n, values, validity: validity.includes(0) ? validity : null };
  }
  const d = vec.data[0];
  const validity = d.nullCount > 0 && d.nullBitmap ? unpackBits(d.nullBitmap, d.offset, n) : null;
  let values: VectorValues;
  const st = storageOf(t);
  if (t.kind === 'boolean') values = unpackBits(d.values as Uint8Array, d.offset, n);
  else if (t.kind === 'null') values = new Uint8Array(n);
  else if (t.kind === 'string') {
    const offs = d.valueOffsets as Int32Array; const bytes = d.values as Uint8Array;
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = validity !== null && validity[i] === 0 ? '' : decoder.decode(bytes.subarray(offs[i], offs[i + 1]));
    values = out;
  } else if (t.kind === 'decimal') {
    const words = d.values as Uint32Array; const out = new Array<bigint>(n);
    for (let i = 0; i < n; i++) out[i] = decimalFromWords(words, i * 4);
    values = out;
  } else if (t.kind === 'date' && A.DataType.isDate(d.type) && d.type.unit === A.DateUnit.MILLISECOND) {
    const ms = d.values as BigInt64Array; const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(ms[i] / 86_400_000n);
    values = out;
  } else if ((t.kind === 'timestamp' || t.kind === 'timestamp_ntz') && A.DataType.isTimestamp(d.type) && d.type.unit !== A.TimeUnit.MICROSECOND) {
    const raw = d.values as BigInt64Array; const out = new BigInt64Array(n);
    const unit = d.type.unit;
    for (let i = 0; i < n; i++) out[i] = unit === A.TimeUnit.SECOND ? raw[i] * 1_000_000n : unit === A.TimeUnit.MILLISECOND ? raw[i] * 1000n : raw[i] / 1000n;
    values = out;
  } else if (st !== 'array') values = (d.values as VectorValues);
  else values = Array.from({ length: n }, (_, i) => internalOf(vec.get(i), t));
  return { dataType: t, length: n, values, validity };
}

/** A ColumnBatch over an Arrow RecordBatch (or every batch of a Table joined). */
export function batchFromArrow(source: A.RecordBatch | A.Table): ColumnBatch {
  const schema = fromArrowSchema(source.schema);
  const columns = schema.fields.map((f, i) => vectorFromArrow(source.getChildAt(i)!, f.dataType));
  return { schema, numRows: source.numRows, columns, selection: null };
}

function arrowData(v: ColumnVector, rows: Uint32Array | null): A.Data {
  const t = v.dataType;
  const n = rows === null ? v.length : rows.length;
  const pick = <X>(get: (i: number) => X): X[] => Array.from({ length: n }, (_, k) => get(rows === null ? k : rows[k]));
  const validBytes = v.validity === null ? null : Uint8Array.from(pick((i) => v.validity![i]));
  const nullCount = validBytes === null ? 0 : validBytes.length - validBytes.reduce((a, b) => a + b, 0);
  const nullBitmap = nullCount > 0 ? packBits(validBytes!, n) : undefined;
  const type = toArrowType(t);
  const st = storageOf(t);
  if (t.kind === 'boolean') return A.makeData({ type: type as A.Bool, length: n, nullCount, nullBitmap, data: packBits(Uint8Array.from(pick((i) => (v.values as Uint8Array)[i])), n) });
  if (st !== 'array' && st !== 'Uint8Array') {
    const src = v.values as Int32Array;
    const data = rows === null ? src : (() => { const out = new (src.constructor as Int32ArrayConstructor)(n); for (let k = 0; k < n; k++) out[k] = src[rows[k]]; return out; })();
    return A.makeData({ type: type as A.Int32, length: n, nullCount, nullBitmap, data });
  }
  if (t.kind === 'decimal') {
    const words = new Uint32Array(n * 4);
    pick((i) => (v.values as bigint[])[i]).forEach((x, k) => {
      const u = BigInt.asUintN(128, x);
      for (let w = 0; w < 4; w++) words[k * 4 + w] = Number((u >> BigInt(32 * w)) & 0xffffffffn);
    });
    return A.makeData({ type: type as A.Decimal, length: n, nullCount, nullBitmap, data: words });
  }
  const values = pick((i) => vectorGet(v, i)).map((x) => arrowValue(x, t));
  return A.vectorFromArray(values, type).data[0];
}

function arrowValue(v: unknown, t: DataType): unknown {
  if (v === null) return null;
  switch (t.kind) {
    case 'array': return (v as unknown[]).map((x) => arrowValue(x, t.elementType));
    case 'map': return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [arrowValue(k, t.keyType), arrowValue(x, t.valueType)]));
    case 'struct': return Object.fromEntries(t.fields.map((f, i) => [f.name, arrowValue((v as unknown[])[i], f.dataType)]));
    case 'date': return new Date((v as number) * 86_400_000);
    default: return v;
  }
}

/** An Arrow RecordBatch of the batch's selected rows (selected rows are gathered here, once). */
export function batchToArrow(batch: ColumnBatch, schema: StructTypeData = batch.schema): A.RecordBatch {
  const arrowSchema = toArrowSchema(schema);
  const children = batch.columns.map((c) => arrowData(c, batch.selection));
  const n = batch.selection === null ? batch.numRows : batch.selection.length;
  const struct = A.makeData({ type: new A.Struct(arrowSchema.fields), length: n, nullCount: 0, children });
  return new A.RecordBatch(arrowSchema, struct);
}
