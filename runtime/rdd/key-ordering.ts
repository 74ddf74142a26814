// One total order over the keys RDDs sort and range-partition by (Spark orders keys by their type's
// Ordering; JavaScript has no such thing, so Flint fixes one): null and undefined first, then
// booleans, numbers (NaN last among them), bigints, strings (by UTF-16 code units, as Java's
// String.compareTo), Dates, arrays (element-wise, shorter first), other objects by their sorted
// entries. Driver (range bounds) and executors (partitioning, sorting) must use this same function.

const RANK_NULL = 0;
const RANK_BOOLEAN = 1;
const RANK_NUMBER = 2;
const RANK_BIGINT = 3;
const RANK_STRING = 4;
const RANK_DATE = 5;
const RANK_ARRAY = 6;
const RANK_OBJECT = 7;

function rank(v: unknown): number {
  if (v === null || v === undefined) return RANK_NULL;
  switch (typeof v) {
    case 'boolean': return RANK_BOOLEAN;
    case 'number': return RANK_NUMBER;
    case 'bigint': return RANK_BIGINT;
    case 'string': return RANK_STRING;
    default:
      if (v instanceof Date) return RANK_DATE;
      if (Array.isArray(v)) return RANK_ARRAY;
      return RANK_OBJECT;
  }
}

/** Negative, zero or positive as `a` sorts before, with, or after `b`. */
export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case RANK_NULL: return 0;
    case RANK_BOOLEAN: return Number(a) - Number(b);
    case RANK_BIGINT: return (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
    case RANK_DATE: return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case RANK_ARRAY: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareKeys(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default: {
      const x = Object.entries(a as object).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
      const y = Object.entries(b as object).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
      return compareKeys(x, y);
    }
  }
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  // NaN sorts after every number and equals itself (Spark's double ordering).
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
}

/**
 * The reduce partition of `key` under sorted range `bounds` (Spark's RangePartitioner): the number
 * of bounds strictly less than the key, mirrored for descending order.
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
