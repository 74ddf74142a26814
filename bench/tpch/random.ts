// dbgen's random streams: one Park–Miller (Lehmer) generator per column, seed ← seed·16807 mod 2³¹−1,
// each stream consuming a fixed number of seeds per row so any row can be reached by skipping ahead.
// Integer arithmetic stays below 2⁵³ (products are split), so doubles reproduce dbgen bit for bit.

const MULTIPLIER = 16807;
const MODULUS = 2147483647;

/** 16807^k mod 2³¹−1 for the short skips of rowFinished (budgets are at most 92 seeds). */
const POWERS = new Float64Array(128);
POWERS[0] = 1;
for (let k = 1; k < POWERS.length; k++) POWERS[k] = (POWERS[k - 1] * MULTIPLIER) % MODULUS;

/** (a · b) mod 2³¹−1 for a, b < 2³¹ without leaving exact double arithmetic. */
export function mulMod(a: number, b: number): number {
  const hi = Math.floor(b / 65536);
  const lo = b % 65536;
  return (((a * hi) % MODULUS) * 65536 + a * lo) % MODULUS;
}

/** One column's random stream (dbgen's per-column seed with `seedsPerRow` draws reserved per row). */
export class RowRandom {
  seed: number;
  private usage = 0;

  constructor(seed: number, private readonly seedsPerRow: number = 1) {
    this.seed = seed;
  }

  /** The next seed. */
  nextRand(): number {
    this.seed = (this.seed * MULTIPLIER) % MODULUS;
    this.usage++;
    return this.seed;
  }

  /**
   * A value in [low, high]. Like dbgen, the span is computed in 32-bit arithmetic: for
   * [0, 2³¹−1] it wraps to −2³¹ and the result is negative (the alphanumeric generator relies on it).
   */
  nextInt(low: number, high: number): number {
    this.nextRand();
    const range = ((high - low + 1) | 0);
    return low + Math.trunc((this.seed / MODULUS) * range);
  }

  /** Skips the seeds this row did not use, so the next row starts at its reserved position. */
  rowFinished(): void {
    this.advance(this.seedsPerRow - this.usage);
    this.usage = 0;
  }

  /** Skips `rows` whole rows (to start generating mid-table). */
  advanceRows(rows: number): void {
    if (this.usage !== 0) this.rowFinished();
    this.advance(this.seedsPerRow * rows);
  }

  /** A copy at the same position (for draws that must not move this stream). */
  snapshot(): RowRandom {
    const r = new RowRandom(this.seed, this.seedsPerRow);
    r.usage = this.usage;
    return r;
  }

  private advance(count: number): void {
    if (count <= 0) return;
    if (count < POWERS.length) {
      this.seed = mulMod(POWERS[count], this.seed);
      return;
    }
    let multiplier = MULTIPLIER;
    while (count > 0) {
      if (count % 2 !== 0) this.seed = mulMod(multiplier, this.seed);
      count = Math.floor(count / 2);
      multiplier = mulMod(multiplier, multiplier);
    }
  }
}
