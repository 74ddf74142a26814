// A fast check that a value the engine is about to encode (a shuffle record, a task result) is plain
// data: the codec would silently drop functions and turn class instances into method-less objects.
// Primitives cost one typeof; the path of the offending value is built only on failure.
import { EngineError, ErrorCode } from '../../common/index.js';

function isDataObject(o: object): boolean {
  if (Array.isArray(o)) return true;
  const proto = Object.getPrototypeOf(o) as object | null;
  return proto === Object.prototype || proto === null || o instanceof Date || o instanceof Map || o instanceof Set
    || o instanceof RegExp || o instanceof Error || o instanceof ArrayBuffer || ArrayBuffer.isView(o);
}

/** The first non-data value inside `v` as `[path, what]`, or undefined when all of it is data. */
function findUnshippable(v: unknown, seen: Set<object>): [string, string] | undefined {
  const t = typeof v;
  if (t === 'function') return ['', 'a function'];
  if (t === 'symbol') return ['', 'a symbol'];
  if (t !== 'object' || v === null) return undefined;
  const o = v as object;
  if (seen.has(o)) return undefined;
  if (!isDataObject(o)) return ['', `an instance of ${(o.constructor as { name?: string } | undefined)?.name || 'a class'}`];
  seen.add(o);
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const bad = findUnshippable(o[i], seen);
      if (bad) return [`[${i}]${bad[0]}`, bad[1]];
    }
  } else if (o instanceof Map) {
    for (const [k, val] of o) {
      const bad = findUnshippable(k, seen) ?? findUnshippable(val, seen);
      if (bad) return [`<${String(k)}>${bad[0]}`, bad[1]];
    }
  } else if (o instanceof Set) {
    for (const val of o) {
      const bad = findUnshippable(val, seen);
      if (bad) return [`<element>${bad[0]}`, bad[1]];
    }
  } else if (!(o instanceof Date || o instanceof RegExp || o instanceof Error || o instanceof ArrayBuffer || ArrayBuffer.isView(o))) {
    for (const k of Object.keys(o)) {
      const bad = findUnshippable((o as Record<string, unknown>)[k], seen);
      if (bad) return [`.${k}${bad[0]}`, bad[1]];
    }
  }
  return undefined;
}

/** Throws NOT_SERIALIZABLE naming `what` and the path of the first value that is not plain data. */
export function checkShippable(v: unknown, what: string): void {
  const t = typeof v;
  if (t !== 'object' && t !== 'function' && t !== 'symbol') return;
  if (v === null) return;
  const bad = findUnshippable(v, new Set());
  if (!bad) return;
  throw new EngineError(ErrorCode.NotSerializable,
    `${what} cannot be sent: ${what}${bad[0]} is ${bad[1]}; return plain data (objects, arrays, Map, Set, Date, typed arrays)`,
    { fields: { what, path: bad[0], reason: bad[1] } });
}
