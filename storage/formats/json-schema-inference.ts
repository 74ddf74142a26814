// Spark's JSON schema inference (JsonInferSchema): integers → long, other numbers → double, objects →
// structs with fields sorted by name, arrays → arrays of the merged element type; conflicting types
// merge to string; types still null at the end become string. Merging mutates one accumulator per
// file so a line costs no allocation when its shape is already known.
import * as A from 'apache-arrow';
import { JsonFloat } from './json-numbers.js';

/** The inference lattice, as mutable plain data. */
export type JsonShape =
  | { readonly k: 'null' | 'bool' | 'long' | 'double' | 'string' }
  | { readonly k: 'list'; e: JsonShape }
  | { readonly k: 'struct'; readonly f: Map<string, JsonShape> };

const NULL: JsonShape = { k: 'null' };
const BOOL: JsonShape = { k: 'bool' };
const LONG: JsonShape = { k: 'long' };
const DOUBLE: JsonShape = { k: 'double' };
const STRING: JsonShape = { k: 'string' };

/** True for JSON values that Spark reads as a row (objects). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonFloat);
}

/** An empty accumulator. */
export function emptyShape(): JsonShape { return NULL; }

function widenScalar(a: JsonShape, b: JsonShape): JsonShape {
  if (a.k === b.k || b.k === 'null') return a;
  if (a.k === 'null') return b;
  if ((a.k === 'long' || a.k === 'double') && (b.k === 'long' || b.k === 'double')) return DOUBLE;
  return STRING;
}

/** Merges the shape of value `v` into `acc`; returns the (possibly new) accumulator. */
export function mergeShape(acc: JsonShape, v: unknown): JsonShape {
  if (v === null || v === undefined || acc.k === 'string') return acc;
  switch (typeof v) {
    case 'boolean': return widenScalar(acc, BOOL);
    case 'number': return widenScalar(acc, Number.isInteger(v) ? LONG : DOUBLE);
    case 'bigint': return widenScalar(acc, v >= -(2n ** 63n) && v < 2n ** 63n ? LONG : DOUBLE);
    case 'string': return STRING;
  }
  if (v instanceof JsonFloat) return widenScalar(acc, DOUBLE);
  if (Array.isArray(v)) {
    if (acc.k === 'null') acc = { k: 'list', e: NULL };
    if (acc.k !== 'list') return STRING;
    for (const e of v) acc.e = mergeShape(acc.e, e);
    return acc;
  }
  if (acc.k === 'null') acc = { k: 'struct', f: new Map() };
  if (acc.k !== 'struct') return STRING;
  for (const key in v as Record<string, unknown>) {
    acc.f.set(key, mergeShape(acc.f.get(key) ?? NULL, (v as Record<string, unknown>)[key]));
  }
  return acc;
}

/** Spark's canonical Arrow type of a shape: null → string, empty structs dropped (undefined). */
export function shapeToArrow(s: JsonShape): A.DataType | undefined {
  switch (s.k) {
    case 'null': case 'string': return new A.Utf8();
    case 'bool': return new A.Bool();
    case 'long': return new A.Int64();
    case 'double': return new A.Float64();
    case 'list': {
      const e = shapeToArrow(s.e);
      return e === undefined ? undefined : new A.List(new A.Field('element', e, true));
    }
    case 'struct': {
      const fields = shapeFields(s);
      return fields.length === 0 ? undefined : new A.Struct(fields);
    }
  }
}

/** The fields of a struct shape, sorted by name as Spark sorts inferred JSON fields. */
export function shapeFields(s: JsonShape): A.Field[] {
  if (s.k !== 'struct') return [];
  return [...s.f.keys()].sort().flatMap((k) => {
    const t = shapeToArrow(s.f.get(k)!);
    return t === undefined ? [] : [new A.Field(k, t, true)];
  });
}
