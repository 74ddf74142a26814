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
