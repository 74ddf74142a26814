// A total ordering of keys in Spark's spirit, for sortByKey and range partitioning: null and undefined
// first, then booleans, numbers (and bigints, compared numerically; NaN last among them), strings (by
// UTF-16 code unit), Dates, arrays (lexicographically, a prefix first), then other objects (by their
// canonical form). Equal keys under key-map.ts's equality compare 0.
import { canonicalKey } from './key-map.js';

function rank(v: unknown): number {
  switch (typeof v) {
    case 'undefined': return 0;
    case 'boolean': return 1;
    case 'number': case 'bigint': return 2;
    case 'string': return 3;
    case 'object':
      if (v === null) return 0;
      if (v instanceof Date) return 4;
      return Array.isArray(v) ? 5 : 6;
    default: return 7;
  }
}

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0: return 0;
    case 1: return Number(a) - Number(b);
    case 2: return compareNumeric(a as number | bigint, b as number | bigint);
    case 3: return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 4: return compareNumeric((a as Date).getTime(), (b as Date).getTime());
    case 5: return compareArrays(a as unknown[], b as unknown[]);
    default: {
      const ca = canonicalKey(a);
      const cb = canonicalKey(b);
      return ca < cb ? -1 : ca > cb ? 1 : 0;
    }
  }
}

function compareNumeric(a: number | bigint, b: number | bigint): number {
  const aNaN = typeof a === 'number' && Number.isNaN(a);
  const bNaN = typeof b === 'number' && Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : aNaN ? 1 : -1;
  // `<` compares numbers with bigints exactly; -0 and 0 compare equal, as they group together.
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareKeys(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * The reduce partition of `key` under range `bounds` (sorted ascending by compareKeys, as the
 * sampling job computes them whatever the sort direction): the first bound not below the key,
 * mirrored for a descending sort (Spark's RangePartitioner.getPartition).
 */
export function rangePartition(key: unknown, bounds: readonly unknown[], ascending: boolean): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(bounds[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return ascending ? lo : bounds.length - lo;
}

/** Sorts `[key, value]` pairs by key in place (stable), ascending or descending. */
export function sortPairsByKey(pairs: unknown[], ascending: boolean): unknown[] {
  const sign = ascending ? 1 : -1;
  return pairs.sort((x, y) => sign * compareKeys((x as readonly unknown[])[0], (y as readonly unknown[])[0]));
}
