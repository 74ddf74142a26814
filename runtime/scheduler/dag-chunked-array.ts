// A persistent array as plain data: fixed-size chunks, so setting one slot copies one chunk and the
// chunk list, not the whole array. Keeps per-task updates of 10,000-partition stages cheap and pure.

const CHUNK = 128;

export interface ChunkedArray<T> {
  readonly length: number;
  readonly chunks: readonly (readonly T[])[];
}

export function chunkedFill<T>(length: number, value: T): ChunkedArray<T> {
  const chunks: T[][] = [];
  for (let start = 0; start < length; start += CHUNK) chunks.push(new Array<T>(Math.min(CHUNK, length - start)).fill(value));
  return { length, chunks };
}

/** An array of `length` slots, `true` at each index in `indices` and `false` elsewhere. */
export function chunkedFlags(length: number, indices: readonly number[]): ChunkedArray<boolean> {
  const flat = new Array<boolean>(length).fill(false);
  for (const i of indices) flat[i] = true;
  const chunks: boolean[][] = [];
  for (let start = 0; start < length; start += CHUNK) chunks.push(flat.slice(start, start + CHUNK));
  return { length, chunks };
}

export function chunkedGet<T>(a: ChunkedArray<T>, i: number): T | undefined {
  return i >= 0 && i < a.length ? a.chunks[Math.floor(i / CHUNK)][i % CHUNK] : undefined;
}

/** A copy of `a` with slot `i` set; throws RangeError outside the array. */
export function chunkedSet<T>(a: ChunkedArray<T>, i: number, value: T): ChunkedArray<T> {
  if (!(i >= 0 && i < a.length)) throw new RangeError(`index ${i} outside 0..${a.length - 1}`);
  const c = Math.floor(i / CHUNK);
  const chunk = a.chunks[c].slice();
  chunk[i % CHUNK] = value;
  const chunks = a.chunks.slice();
  chunks[c] = chunk;
  return { length: a.length, chunks };
}

export function chunkedToArray<T>(a: ChunkedArray<T>): T[] {
  return a.chunks.flat() as T[];
}
