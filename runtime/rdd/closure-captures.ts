// Captured values of a shipped function as bytes: plain data that msgpackr round-trips exactly
// (structured-clone mode), with accumulator and broadcast handles lifted out as references that
// the executor replaces by its own proxies. Anything else (functions, class instances) is refused.

import { Packr } from 'msgpackr';
import { EngineError, ErrorCode } from '../../common/index.js';

/** Implemented by handles that travel as references (Accumulator, Broadcast), not as values. */
export const SHIP_AS_REF: unique symbol = Symbol('flint.shipAsRef');

/** A reference to a driver-side object, resolved on the executor. `data` is plain data. */
export interface HandleRef {
  readonly kind: 'accumulator' | 'broadcast';
  readonly id: number;
  readonly data?: unknown;
}

/** An object the capture encoder ships as a HandleRef. */
export interface ShippableHandle {
  [SHIP_AS_REF](): HandleRef;
}

/** Where a handle sat in the captures object: keys of plain objects and indexes of arrays. */
export interface PlacedHandle {
  readonly path: readonly (string | number)[];
  readonly ref: HandleRef;
}

/** Captures as shipped: the encoded values (handles as null) and the handles lifted out. */
export interface EncodedCaptures {
  readonly bytes: Uint8Array;
  readonly handles: readonly PlacedHandle[];
}

/** The one codec for user data shipped with functions: keeps Set, RegExp, typed arrays, big BigInts. */
export const capturePackr = new Packr({ structuredClone: true, useBigIntExtension: true, moreTypes: true });

const TYPED = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array];
const DATA_PROTOS: ReadonlySet<object | null> = new Set<object | null>([
  Object.prototype, null, Date.prototype, RegExp.prototype, Map.prototype, Set.prototype, ArrayBuffer.prototype,
  DataView.prototype, Buffer.prototype, Error.prototype, TypeError.prototype, RangeError.prototype,
  SyntaxError.prototype, ReferenceError.prototype, EvalError.prototype, URIError.prototype,
  ...TYPED.map((c) => c.prototype),
]);

function isHandle(v: object): v is ShippableHandle {
  return typeof (v as Partial<ShippableHandle>)[SHIP_AS_REF] === 'function';
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function notSerializable(path: readonly (string | number)[], what: string, fix: string): EngineError {
  const capture = pathText(path);
  return new EngineError(ErrorCode.NotSerializable, `cannot ship captured value \`${capture}\`: ${what}; ${fix}`,
    { fields: { capture, reason: what } });
}

/**
 * Checks that `value` is plain shippable data, throwing NOT_SERIALIZABLE naming `what` (a path
 * such as `lookup.table`) otherwise. Handles are refused here: they belong only in captures.
 */
export function assertShippable(value: unknown, what: string): void {
  lift(value, [what], null, new Map());
}

/** Encodes a captures object, lifting handles out; throws NOT_SERIALIZABLE naming the bad key. */
export function encodeCaptures(captures: Readonly<Record<string, unknown>>): EncodedCaptures {
  const handles: PlacedHandle[] = [];
  const copy: Record<string, unknown> = {};
  const memo = new Map<object, unknown>();
  for (const [key, value] of Object.entries(captures)) copy[key] = lift(value, [key], handles, memo);
  return { bytes: capturePackr.pack(copy), handles };
}

/** Decodes captures and puts back each handle as `resolve(ref)` (an executor-side proxy). */
export function decodeCaptures(encoded: EncodedCaptures, resolve: (ref: HandleRef) => unknown): Record<string, unknown> {
  const captures = capturePackr.unpack(encoded.bytes) as Record<string, unknown>;
  for (const { path, ref } of encoded.handles) {
    let holder: Record<string | number, unknown> = captures;
    for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
    holder[path[path.length - 1] as string | number] = resolve(ref);
  }
  return captures;
}

// Copies plain objects and arrays (so handles can be replaced by null), validates the rest.
// `handles` null means handles are not allowed here (inside a Map/Set, or outside captures).
function lift(value: unknown, path: (string | number)[], handles: PlacedHandle[] | null,
  memo: Map<object, unknown>): unknown {
  switch (typeof value) {
    case 'undefined': case 'boolean': case 'number': case 'string': case 'bigint':
      return value;
    case 'symbol':
      throw notSerializable(path, 'it is a symbol', 'capture a string instead');
    case 'function':
      throw notSerializable(path, 'it is a function, and functions cannot travel as data',
        'capture the data the function needs, or make it a named operation');
  }
  const obj = value as object | null;
  if (obj === null) return null;
  if (memo.has(obj)) return memo.get(obj);
  if (isHandle(obj)) {
    if (!handles) {
      throw notSerializable(path, 'accumulator and broadcast handles ship only as captured values or '
        + 'inside plain objects and arrays of them', 'capture the handle directly: rdd.map(fn, { acc })');
    }
    handles.push({ path: [...path], ref: obj[SHIP_AS_REF]() });
    return null;
  }
  if (Array.isArray(obj)) {
    const out: unknown[] = [];
    memo.set(obj, out);
    obj.forEach((v, i) => { out[i] = lift(v, [...path, i], handles, memo); });
    return out;
  }
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    memo.set(obj, out);
    for (const [k, v] of Object.entries(obj)) out[k] = lift(v, [...path, k], handles, memo);
    return out;
  }
  if (!DATA_PROTOS.has(proto)) {
    const name = (obj.constructor as { name?: string } | undefined)?.name || 'an unknown class';
    throw notSerializable(path, `it is an instance of ${name}, which would arrive as a plain object without `
      + 'its methods', 'capture plain data (object literals, arrays, Map, Set, Date, typed arrays) instead');
  }
  memo.set(obj, obj);
  if (obj instanceof Map) {
    for (const [k, v] of obj) { lift(k, [...path, '<key>'], null, memo); lift(v, [...path, String(k)], null, memo); }
  } else if (obj instanceof Set) {
    for (const v of obj) lift(v, [...path, '<element>'], null, memo);
  }
  return obj;
}
