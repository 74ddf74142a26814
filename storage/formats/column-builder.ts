// Growable Arrow column builders for the text formats (CSV, JSON): values arrive already converted
// (int32/float64/date-days as number, int64/timestamp-µs as bigint), and `finish` lays out Arrow Data directly.
import * as A from 'apache-arrow';
import { EngineError, ErrorCode } from '../../common/index.js';

class Validity {
  bytes = new Uint8Array(64);
  length = 0;
  nullCount = 0;
  push(valid: boolean): void {
    if (this.length === this.bytes.length) { const b = new Uint8Array(this.bytes.length * 2); b.set(this.bytes); this.bytes = b; }
    this.bytes[this.length++] = valid ? 1 : 0;
    if (!valid) this.nullCount++;
  }
  bitmap(): Uint8Array | undefined {
    if (this.nullCount === 0) return undefined;
    const out = new Uint8Array((this.length + 7) >> 3);
    for (let i = 0; i < this.length; i++) if (this.bytes[i]) out[i >> 3] |= 1 << (i & 7);
    return out;
  }
}

/** Appends values of one Arrow type. */
export interface ColumnBuilder {
  readonly type: A.DataType;
  readonly length: number;
  append(value: unknown): void;
  appendNull(): void;
  finish(): A.Data;
}

type NumArray = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;
type NumArrayCtor = { new (n: number): NumArray };

class FixedBuilder implements ColumnBuilder {
  private values: NumArray;
  private readonly validity = new Validity();
  constructor(readonly type: A.DataType, private readonly ctor: NumArrayCtor, private readonly zero: number | bigint) {
    this.values = new ctor(64);
  }
  get length(): number { return this.validity.length; }
  append(value: unknown): void { this.put(value as number | bigint, true); }
  appendNull(): void { this.put(this.zero, false); }
  private put(v: number | bigint, valid: boolean): void {
    const i = this.validity.length;
    if (i === this.values.length) { const b = new this.ctor(i * 2); b.set(this.values as never); this.values = b; }
    (this.values as unknown as (number | bigint)[])[i] = v;
    this.validity.push(valid);
  }
  finish(): A.Data {
    return A.makeData({
      type: this.type as A.Int, length: this.length, nullCount: this.validity.nullCount,
      nullBitmap: this.validity.bitmap(), data: this.values.subarray(0, this.length) as Int32Array,
    });
  }
}

class BoolBuilder implements ColumnBuilder {
  readonly type = new A.Bool();
  private readonly values = new Validity();
  private readonly validity = new Validity();
  get length(): number { return this.validity.length; }
  append(value: unknown): void { this.values.push(value === true); this.validity.push(true); }
  appendNull(): void { this.values.push(false); this.validity.push(false); }
  finish(): A.Data {
    const bits = new Uint8Array((this.length + 7) >> 3);
    for (let i = 0; i < this.length; i++) if (this.values.bytes[i]) bits[i >> 3] |= 1 << (i & 7);
    return A.makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap: this.validity.bitmap(), data: bits });
  }
}

const encoder = new TextEncoder();

class Utf8Builder implements ColumnBuilder {
  readonly type = new A.Utf8();
  private strings: string[] = [];
  private readonly validity = new Validity();
  get length(): number { return this.validity.length; }
  append(value: unknown): void { this.strings.push(String(value)); this.validity.push(true); }
  appendNull(): void { this.strings.push(''); this.validity.push(false); }
  finish(): A.Data {
    const offsets = new Int32Array(this.length + 1);
    const bytes = encoder.encode(this.strings.join(''));
    if (bytes.length === this.strings.reduce((n, s) => n + s.length, 0)) {
      for (let i = 0; i < this.length; i++) offsets[i + 1] = offsets[i] + this.strings[i].length;
    } else {
      for (let i = 0; i < this.length; i++) offsets[i + 1] = offsets[i] + encoder.encode(this.strings[i]).length;
    }
    return A.makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap: this.validity.bitmap(), valueOffsets: offsets, data: bytes });
  }
}

/** Decimal128: unscaled bigint values stored as two's-complement 128-bit little-endian words. */
class DecimalBuilder implements ColumnBuilder {
  private words = new BigInt64Array(128);
  private readonly validity = new Validity();
  constructor(readonly type: A.Decimal) {}
  get length(): number { return this.validity.length; }
  append(value: unknown): void { this.put(value as bigint, true); }
  appendNull(): void { this.put(0n, false); }
  private put(v: bigint, valid: boolean): void {
    const i = this.validity.length;
    if (2 * i === this.words.length) { const b = new BigInt64Array(this.words.length * 2); b.set(this.words); this.words = b; }
    this.words[2 * i] = BigInt.asIntN(64, v);
    this.words[2 * i + 1] = BigInt.asIntN(64, v >> 64n);
    this.validity.push(valid);
  }
  finish(): A.Data {
    return A.makeData({
      type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap: this.validity.bitmap(),
      data: new Uint32Array(this.words.buffer, 0, this.length * 4),
    });
  }
}

class NullColumnBuilder implements ColumnBuilder {
  readonly type = new A.Null();
  length = 0;
  append(): void { this.length++; }
  appendNull(): void { this.length++; }
  finish(): A.Data { return A.makeData({ type: this.type, length: this.length }); }
}

/** Struct columns: append each child's value, then `appendValid`; `appendNull` nulls every child too. */
export class StructBuilder implements ColumnBuilder {
  private readonly validity = new Validity();
  constructor(readonly type: A.Struct, readonly children: ColumnBuilder[]) {}
  get length(): number { return this.validity.length; }
  append(_value?: unknown): void { this.validity.push(true); }
  appendNull(): void { for (const c of this.children) c.appendNull(); this.validity.push(false); }
  finish(): A.Data {
    return A.makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap: this.validity.bitmap(), children: this.children.map((c) => c.finish()) });
  }
}

/** List columns: append the elements to `child`, then `append(count)`. */
export class ListBuilder implements ColumnBuilder {
  private offsets = [0];
  private readonly validity = new Validity();
  constructor(readonly type: A.List, readonly child: ColumnBuilder) {}
  get length(): number { return this.validity.length; }
  append(count: unknown): void { this.offsets.push(this.offsets[this.offsets.length - 1] + (count as number)); this.validity.push(true); }
  appendNull(): void { this.offsets.push(this.offsets[this.offsets.length - 1]); this.validity.push(false); }
  finish(): A.Data {
    return A.makeData({ type: this.type, length: this.length, nullCount: this.validity.nullCount, nullBitmap: this.validity.bitmap(), valueOffsets: Int32Array.from(this.offsets), child: this.child.finish() });
  }
}

/** A builder for `type`; throws UNSUPPORTED for types the text formats do not produce. */
export function columnBuilder(type: A.DataType): ColumnBuilder {
  if (A.DataType.isNull(type)) return new NullColumnBuilder();
  if (A.DataType.isBool(type)) return new BoolBuilder();
  if (A.DataType.isUtf8(type)) return new Utf8Builder();
  if (A.DataType.isInt(type) && type.isSigned) {
    switch (type.bitWidth) {
      case 8: return new FixedBuilder(type, Int8Array, 0);
      case 16: return new FixedBuilder(type, Int16Array, 0);
      case 32: return new FixedBuilder(type, Int32Array, 0);
      case 64: return new FixedBuilder(type, BigInt64Array, 0n);
    }
  }
  if (A.DataType.isFloat(type)) {
    return type.precision === A.Precision.SINGLE ? new FixedBuilder(type, Float32Array, 0) : new FixedBuilder(type, Float64Array, 0);
  }
  if (A.DataType.isDate(type) && type.unit === A.DateUnit.DAY) return new FixedBuilder(type, Int32Array, 0);
  if (A.DataType.isTimestamp(type) && type.unit === A.TimeUnit.MICROSECOND) return new FixedBuilder(type, BigInt64Array, 0n);
  if (A.DataType.isDecimal(type) && type.bitWidth === 128) return new DecimalBuilder(type);
  if (A.DataType.isStruct(type)) return new StructBuilder(type, type.children.map((f) => columnBuilder(f.type)));
  if (A.DataType.isList(type)) return new ListBuilder(type, columnBuilder(type.children[0].type));
  throw new EngineError(ErrorCode.Unsupported, `text formats cannot produce Arrow type ${String(type)}`, { fields: { arrowType: String(type) } });
}

/** A record batch from finished builders, one per schema field. */
export function finishBatch(schema: A.Schema, builders: readonly ColumnBuilder[], length: number): A.RecordBatch {
  const data = A.makeData({ type: new A.Struct(schema.fields), length, nullCount: 0, children: builders.map((b) => b.finish()) });
  return new A.RecordBatch(schema, data);
}
