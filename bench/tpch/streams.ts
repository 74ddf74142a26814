// dbgen's composite column streams: comments (slices of the text pool), random alphanumeric
// addresses and phone numbers, each on its own random stream with a fixed seed budget per row.
import type { StringColumn } from './column-builders.js';
import { RowRandom } from './random.js';
import type { TextPool } from './text-pool.js';

/** A comment stream: a slice of the pool of length uniform in [0.4, 1.6] × the average. */
export class TextStream {
  readonly random: RowRandom;
  private readonly min: number;
  private readonly max: number;

  constructor(seed: number, private readonly pool: TextPool, averageLength: number, valuesPerRow = 1) {
    this.random = new RowRandom(seed, 2 * valuesPerRow);
    this.min = Math.trunc(averageLength * 0.4);
    this.max = Math.trunc(averageLength * 1.6);
  }

  /** Appends the next comment as a whole value of `out`; returns its length. */
  next(out: StringColumn): number {
    const offset = this.random.nextInt(0, this.pool.bytes.length - this.max);
    const length = this.random.nextInt(this.min, this.max);
    out.push(this.pool.bytes, offset, offset + length);
    return length;
  }
}

const ALPHANUMERIC = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ,', 'latin1');

/** Random addresses: length uniform in [0.4, 1.6] × the average, 6 bits of a draw per character. */
export class AlphanumericStream {
  readonly random: RowRandom;
  private readonly min: number;
  private readonly max: number;

  constructor(seed: number, averageLength: number) {
    this.random = new RowRandom(seed, 9);
    this.min = Math.trunc(averageLength * 0.4);
    this.max = Math.trunc(averageLength * 1.6);
  }

  next(out: StringColumn): void {
    const length = this.random.nextInt(this.min, this.max);
    // The characters come from a copy of the stream: the row's seed budget covers them.
    const chars = this.random.snapshot();
    const b = out.reserve(length);
    let at = out.end;
    let bits = 0;
    for (let i = 0; i < length; i++) {
      if (i % 5 === 0) bits = chars.nextInt(0, 0x7fffffff);
      b[at++] = ALPHANUMERIC[bits & 0x3f];
      bits >>= 6;
    }
    out.end = at;
    out.close();
  }
}

/** Phone numbers `CC-LLL-LLL-LLLL` with country code 10 + nation key. */
export class PhoneStream {
  readonly random: RowRandom;
  constructor(seed: number) { this.random = new RowRandom(seed, 3); }

  next(nationKey: number, out: StringColumn): void {
    const a = this.random.nextInt(100, 999);
    const b = this.random.nextInt(100, 999);
    const c = this.random.nextInt(1000, 9999);
    out.appendInt(10 + (nationKey % 90), 2);
    out.appendByte(0x2d);
    out.appendInt(a, 3);
    out.appendByte(0x2d);
    out.appendInt(b, 3);
    out.appendByte(0x2d);
    out.appendInt(c, 4);
    out.close();
  }
}
