// A deterministic hash of shuffle keys that every executor process computes alike (no per-process
// seed, explicit byte order): map tasks on different machines must send a key to the same reducer.
// Keys equal under key-map.ts's equality hash equal: -0 and 0, every NaN, structurally equal arrays,
// Dates and plain objects (by sorted keys). As Java's Integer.hashCode, a 32-bit integer key is its own
// hash, so `repartition`'s round-robin keys 0…n-1 land in partitions 0…n-1.

const TAG = {
  undefined: 0x01, null: 0x02, false: 0x03, true: 0x04, int: 0x05, double: 0x06, nan: 0x07,
  string: 0x08, bigint: 0x09, array: 0x0a, date: 0x0b, bytes: 0x0c, object: 0x0d, map: 0x0e, set: 0x0f, other: 0x10,
} as const;

const TWO_32 = 4294967296;
const scratch = new DataView(new ArrayBuffer(8));

// MurmurHash3 (x86, 32-bit) mixing steps.
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function mixNumber(h: number, n: number): number {
  if (Number.isInteger(n)) {
    // -0 lands here as 0; the integer path does not depend on how the number was encoded on the wire.
    const lo = (n % TWO_32) >>> 0;
    const hi = Math.floor(n / TWO_32) | 0;
    return mix(mix(mix(h, TAG.int), lo), hi);
  }
  if (Number.isNaN(n)) return mix(h, TAG.nan);
  scratch.setFloat64(0, n, true);
  return mix(mix(mix(h, TAG.double), scratch.getUint32(0, true)), scratch.getUint32(4, true));
}

function mixString(h: number, s: string, tag: number = TAG.string): number {
  h = mix(mix(h, tag), s.length);
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = mix(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) h = mix(h, s.charCodeAt(i));
  return h;
}

function mixValue(h: number, v: unknown): number {
  switch (typeof v) {
    case 'number': return mixNumber(h, v);
    case 'string': return mixString(h, v);
    case 'boolean': return mix(h, v ? TAG.true : TAG.false);
    case 'undefined': return mix(h, TAG.undefined);
    case 'bigint': return mixString(h, v.toString(), TAG.bigint);
    case 'object': return v === null ? mix(h, TAG.null) : mixObject(h, v);
    default: return mixString(h, String(v), TAG.other);
  }
}

function mixObject(h: number, o: object): number {
  if (Array.isArray(o)) {
    h = mix(mix(h, TAG.array), o.length);
    for (let i = 0; i < o.length; i++) h = mixValue(h, o[i]);
    return h;
  }
  if (o instanceof Date) return mixNumber(mix(h, TAG.date), o.getTime());
  if (ArrayBuffer.isView(o)) {
    const bytes = new Uint8Array(o.buffer, o.byteOffset, o.byteLength);
    h = mix(mix(h, TAG.bytes), bytes.length);
    for (let i = 0; i < bytes.length; i++) h = mix(h, bytes[i]);
    return h;
  }
  if (o instanceof Map) {
    // Entry order is insertion order, which equal maps need not share: combine order-independently.
    let acc = 0;
    for (const [k, v] of o) acc = (acc + finish(mixValue(mixValue(0, k), v))) | 0;
    return mix(mix(mix(h, TAG.map), o.size), acc);
  }
  if (o instanceof Set) {
    let acc = 0;
    for (const v of o) acc = (acc + finish(mixValue(0, v))) | 0;
    return mix(mix(mix(h, TAG.set), o.size), acc);
  }
  const keys = Object.keys(o).sort();
  h = mix(mix(h, TAG.object), keys.length);
  for (const k of keys) h = mixValue(mixString(h, k), (o as Record<string, unknown>)[k]);
  return h;
}

/** A signed 32-bit hash of `key`, the same in every process for the same key. */
export function portableHash(key: unknown): number {
  if (typeof key === 'number' && (key | 0) === key) return key | 0;
  if (typeof key === 'string') return finish(mixString(0, key));
  return finish(mixValue(0, key));
}

/** The reduce partition of `key` under a hash partitioner of `numPartitions`: the hash mod n, made non-negative. */
export function hashPartition(key: unknown, numPartitions: number): number {
  const m = portableHash(key) % numPartitions;
  return m < 0 ? m + numPartitions : m;
}
