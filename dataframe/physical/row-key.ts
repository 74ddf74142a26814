// Grouping/join keys as strings (equal SQL values encode equally, types tagged so 1 and '1' differ),
// and Spark's ordering of non-null values (NaN above every other double, false before true).

function part(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'bigint': return `b${v}`;
    case 'string': return `s${v}`;
    // Spark normalizes -0.0 to 0.0 and all NaNs to one NaN in grouping keys.
    case 'number': return Number.isNaN(v) ? 'NaN' : v === 0 ? 0 : v;
    case 'boolean': return v;
    default:
      if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
      return `o${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `b${x}` : x))}`;
  }
}

/** The key string of a tuple of internal values. */
export function encodeKey(values: readonly unknown[]): string {
  return JSON.stringify(values.map(part));
}

/** Spark's ordering of two non-null internal values of one type. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const an = Number.isNaN(a); const bn = Number.isNaN(b);
    if (an || bn) return an && bn ? 0 : an ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  const x = a as string | bigint; const y = b as string | bigint;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** How one sort key orders its values. */
export interface KeyOrder { readonly direction: 'asc' | 'desc'; readonly nulls: 'first' | 'last' }

// A value encoded so the runtime's compareKeys (sortByKey's ordering: numbers and bigints
// numerically with NaN last, strings by code unit, arrays lexicographically with a prefix first)
// orders it descending: numbers negated (NaN first), strings and bytes as negated code units ended by
// a terminator above them all (so a prefix sorts after its extensions).
function descending(v: unknown): unknown {
  switch (typeof v) {
    case 'number': return Number.isNaN(v) ? [0] : [1, -v];
    case 'bigint': return [1, -v];
    case 'boolean': return [1, v ? 0 : 1];
    case 'string': { const out = new Array<number>(v.length + 1); for (let i = 0; i < v.length; i++) out[i] = -v.charCodeAt(i); out[v.length] = 1; return out; }
    default:
      if (v instanceof Uint8Array) return [...Array.from(v, (b) => -b), 1];
      return v;
  }
}

function ascending(v: unknown): unknown {
  if (typeof v === 'number') return Number.isNaN(v) ? [2] : [1, v];
  if (typeof v === 'bigint') return [1, v];
  if (typeof v === 'boolean') return [1, v ? 1 : 0];
  if (v instanceof Uint8Array) return Array.from(v);
  return v;
}

/**
 * A key whose runtime ordering (compareKeys) is the SQL ordering of `values` under `orders`: each
 * value becomes [null rank, encoded value], nulls ranked 0 (first) or 2 (last) around non-null 1.
 */
export function orderKey(values: readonly unknown[], orders: readonly KeyOrder[]): unknown[] {
  return values.map((v, i) => {
    const o = orders[i];
    if (v === null) return [o.nulls === 'first' ? 0 : 2];
    return [1, o.direction === 'asc' ? ascending(v) : descending(v)];
  });
}
