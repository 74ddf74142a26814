// Grouping by key with value equality: primitive keys compare as a Map compares them (SameValueZero:
// -0 equals 0, NaN equals NaN), object keys (tuples, Dates, plain objects) by a canonical string, so
// `[1, 'a']` from two records lands in one group. Entries keep first-insertion order in flat arrays.

/**
 * A type-tagged canonical form of `v`: equal for structurally equal values, never equal to the
 * canonical form of a value of another type.
 */
export function canonicalKey(v: unknown): string {
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'number': return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '0' : String(v);
    case 'boolean': return v ? 'T' : 'F';
    case 'undefined': return 'U';
    case 'bigint': return `${v}n`;
    case 'object': return v === null ? 'N' : canonicalObject(v);
    default: return `?${String(v)}`;
  }
}

function canonicalObject(o: object): string {
  if (Array.isArray(o)) {
    let s = '[';
    for (let i = 0; i < o.length; i++) s += (i > 0 ? ',' : '') + canonicalKey(o[i]);
    return `${s}]`;
  }
  if (o instanceof Date) return `D${o.getTime()}`;
  if (ArrayBuffer.isView(o)) return `B${Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('base64')}`;
  if (o instanceof Map) return `M{${[...o].map(([k, v]) => `${canonicalKey(k)}:${canonicalKey(v)}`).sort().join(',')}}`;
  if (o instanceof Set) return `S{${[...o].map(canonicalKey).sort().join(',')}}`;
  const keys = Object.keys(o).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalKey((o as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Keys and one slot per distinct key, in first-seen order. */
export class KeyMap<V> {
  readonly keys: unknown[] = [];
  readonly values: V[] = [];
  private readonly primitives = new Map<unknown, number>();
  private readonly objects = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }

  /** The slot index of `key`, or -1. */
  indexOf(key: unknown): number {
    if (typeof key === 'object' && key !== null) return this.objects.get(canonicalKey(key)) ?? -1;
    return this.primitives.get(key) ?? -1;
  }

  /** The slot index of `key`, adding a slot holding `initial` when the key is new. */
  slot(key: unknown, initial: V): number {
    let index: number | undefined;
    if (typeof key === 'object' && key !== null) {
      const c = canonicalKey(key);
      index = this.objects.get(c);
      if (index === undefined) this.objects.set(c, (index = this.push(key, initial)));
    } else {
      index = this.primitives.get(key);
      if (index === undefined) this.primitives.set(key, (index = this.push(key, initial)));
    }
    return index;
  }

  private push(key: unknown, value: V): number {
    this.keys.push(key);
    this.values.push(value);
    return this.keys.length - 1;
  }
}
