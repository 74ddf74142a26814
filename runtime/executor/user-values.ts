// What user functions may return where the engine expects many values (flatMap, mapPartitions, a
// registered source): an array, any iterable (a generator), an async iterable (an async generator),
// or a promise of one of them. Arrays and sync iterables are appended without awaiting anything.
import { EngineError, ErrorCode } from '../../common/index.js';

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function notIterable(v: unknown, what: string): EngineError {
  const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
  return new EngineError(ErrorCode.InvalidArgument, `${what} must return an array or an iterable, got ${got}`, { fields: { got } });
}

/**
 * Appends the values `result` holds to `out`. Returns undefined when done synchronously (arrays,
 * iterables), or a promise for async iterables and promises.
 */
export function appendValues(out: unknown[], result: unknown, what: string): Promise<void> | undefined {
  if (Array.isArray(result)) {
    for (let i = 0; i < result.length; i++) out.push(result[i]);
    return undefined;
  }
  if (typeof result === 'object' && result !== null && typeof (result as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const v of result as Iterable<unknown>) out.push(v);
    return undefined;
  }
  if (typeof result === 'string') {
    // A string is iterable by code point, as a Python str is by character; flatMap(s => s) splits it.
    for (const c of result) out.push(c);
    return undefined;
  }
  if (isAsyncIterable(result)) {
    return (async () => { for await (const v of result) out.push(v); })();
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then((r) => {
      if (isThenable(r)) throw notIterable(r, what);
      return appendValues(out, r, what);
    });
  }
  throw notIterable(result, what);
}

/** The values `result` holds as an array (the array itself when it is one). */
export async function valuesOf(result: unknown, what: string): Promise<unknown[]> {
  if (Array.isArray(result)) return result;
  const out: unknown[] = [];
  const pending = appendValues(out, result, what);
  if (pending) await pending;
  return out;
}

/** A fresh copy of a plain-data zero value, so no two partitions (or keys) share one mutable accumulator. */
export function cloneZero(zero: unknown): unknown {
  return typeof zero === 'object' && zero !== null ? structuredClone(zero) : zero;
}
