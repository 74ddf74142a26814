// Column builders that fill Arrow buffers directly (typed arrays, no per-row objects): 64-bit
// integers and 128-bit decimals are written as 32-bit words, strings as bytes plus offsets.
import { Data, Decimal, Int32, Int64, DateDay, Utf8, makeData } from 'apache-arrow';

const TWO_32 = 4294967296;

/** Int64 column from safe integers. */
export class Int64Column {
  private readonly words: Uint32Array;
  length = 0;
  constructor(capacity: number) { this.words = new Uint32Array(capacity * 2); }
  push(v: number): void {
    const i = this.length++ * 2;
    this.words[i] = v >>> 0;
    this.words[i + 1] = Math.floor(v / TWO_32) >>> 0;
  }
  finish(): Data<Int64> {
    const data = new BigInt64Array(this.words.buffer, 0, this.length);
    return makeData({ type: new Int64(), length: this.length, nullCount: 0, data });
  }
}

/** Int32 or date (epoch days) column. */
export class Int32Column<T extends Int32 | DateDay = Int32> {
  private readonly values: Int32Array;
  length = 0;
  constructor(capacity: number, private readonly type: T) { this.values = new Int32Array(capacity); }
  push(v: number): void { this.values[this.length++] = v; }
  finish(): Data<T> {
    const data = makeData({ type: this.type as Int32, length: this.length, nullCount: 0, data: this.values.subarray(0, this.length) });
    return data as unknown as Data<T>;
  }
}

/** decimal(15,2) column from integer hundredths. */
export class DecimalColumn {
  static readonly type = new Decimal(2, 15, 128);
  private readonly words: Uint32Array;
  length = 0;
  constructor(capacity: number) { this.words = new Uint32Array(capacity * 4); }
  push(cents: number): void {
    const i = this.length++ * 4;
    const sign = cents < 0 ? 0xffffffff : 0;
    this.words[i] = cents >>> 0;
    this.words[i + 1] = Math.floor(cents / TWO_32) >>> 0;
    this.words[i + 2] = sign;
    this.words[i + 3] = sign;
  }
  finish(): Data<Decimal> {
    return makeData({ type: DecimalColumn.type, length: this.length, nullCount: 0, data: this.words.subarray(0, this.length * 4) });
  }
}

/** UTF-8 (here always ASCII) column built byte by byte. */
export class StringColumn {
  private bytes: Uint8Array;
  private readonly offsets: Int32Array;
  /** Bytes written so far. */
  end = 0;
  length = 0;
  constructor(capacity: number, averageBytes: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(Math.max(64, capacity * averageBytes));
  }
  /** Makes room for `n` more bytes; returns the buffer to write into at `end`. */
  reserve(n: number): Uint8Array {
    if (this.end + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.end + n));
      grown.set(this.bytes.subarray(0, this.end));
      this.bytes = grown;
    }
    return this.bytes;
  }
  /** Appends bytes to the current value (call `close` to end it). */
  append(src: Uint8Array, from = 0, to = src.length): void {
    const n = to - from;
    const b = this.reserve(n);
    // Comments average under 100 bytes: a plain loop beats allocating a subarray for set().
    if (n > 256) b.set(src.subarray(from, to), this.end);
    else for (let i = from, at = this.end; i < to; i++) b[at++] = src[i];
    this.end += n;
  }
  /** Appends one byte to the current value. */
  appendByte(c: number): void {
    this.reserve(1)[this.end++] = c;
  }
  /** Appends `value` in decimal, zero-padded to `width` digits. */
  appendInt(value: number, width = 0): void {
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    const n = Math.max(digits, width);
    const b = this.reserve(n);
    let at = this.end + n - 1;
    let v = value;
    for (let i = 0; i < n; i++) { b[at--] = 0x30 + (v % 10); v = Math.floor(v / 10); }
    this.end += n;
  }
  /** Ends the current value. */
  close(): void {
    this.offsets[++this.length] = this.end;
  }
  /** Appends a whole value. */
  push(src: Uint8Array, from = 0, to = src.length): void {
    this.append(src, from, to);
    this.close();
  }
  finish(): Data<Utf8> {
    return makeData({
      type: new Utf8(), length: this.length, nullCount: 0,
      valueOffsets: this.offsets.subarray(0, this.length + 1), data: this.bytes.subarray(0, this.end),
    });
  }
}
