// Deep copy into plain data (class instances such as StructType become plain objects), so a stage
// task passes the capture encoder, which refuses class instances. bigint and bytes are kept.

export function toPlainData<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(toPlainData) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = toPlainData(x);
  return out as T;
}
