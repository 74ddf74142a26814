// Spark's JSON schema inference (JsonInferSchema): integers → long, other numbers → double, objects →
// structs with fields sorted by name, arrays → arrays of the merged element type; conflicting types
// merge to string; types still null at the end become string.
import * as A from 'apache-arrow';
import { JsonFloat } from './json-numbers.js';

/** True for JSON values that Spark reads as a row (objects). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Arrow type of one JSON value (Null for null, empty arrays hold Null). */
export function inferJsonType(v: unknown): A.DataType {
  if (v === null) return new A.Null();
  if (typeof v === 'boolean') return new A.Bool();
  if (typeof v === 'number') return Number.isInteger(v) ? new A.Int64() : new A.Float64();
  if (v instanceof JsonFloat) return new A.Float64();
  if (typeof v === 'bigint') return v >= -(2n ** 63n) && v < 2n ** 63n ? new A.Int64() : new A.Float64();
  if (typeof v === 'string') return new A.Utf8();
  if (Array.isArray(v)) {
    const elem = v.reduce<A.DataType>((t, e) => mergeJsonTypes(t, inferJsonType(e)), new A.Null());
    return new A.List(new A.Field('element', elem, true));
  }
  const fields = Object.keys(v as object).sort().map((k) => new A.Field(k, inferJsonType((v as Record<string, unknown>)[k]), true));
  return new A.Struct(fields);
}

/** Spark's compatibleType for JSON. */
export function mergeJsonTypes(a: A.DataType, b: A.DataType): A.DataType {
  if (A.DataType.isNull(a)) return b;
  if (A.DataType.isNull(b)) return a;
  if (A.DataType.isInt(a) && A.DataType.isInt(b)) return a;
  if ((A.DataType.isInt(a) || A.DataType.isFloat(a)) && (A.DataType.isInt(b) || A.DataType.isFloat(b))) return new A.Float64();
  if (A.DataType.isBool(a) && A.DataType.isBool(b)) return a;
  if (A.DataType.isStruct(a) && A.DataType.isStruct(b)) {
    const byName = new Map<string, A.DataType>(a.children.map((f) => [f.name, f.type]));
    for (const f of b.children) byName.set(f.name, byName.has(f.name) ? mergeJsonTypes(byName.get(f.name)!, f.type) : f.type);
    return new A.Struct([...byName.keys()].sort().map((k) => new A.Field(k, byName.get(k)!, true)));
  }
  if (A.DataType.isList(a) && A.DataType.isList(b)) {
    return new A.List(new A.Field('element', mergeJsonTypes(a.children[0].type, b.children[0].type), true));
  }
  if (A.DataType.isUtf8(a) && A.DataType.isUtf8(b)) return a;
  return new A.Utf8();
}

/** Spark's canonicalization: null types become string, empty structs are dropped (undefined). */
export function canonicalJsonType(t: A.DataType): A.DataType | undefined {
  if (A.DataType.isNull(t)) return new A.Utf8();
  if (A.DataType.isList(t)) {
    const e = canonicalJsonType(t.children[0].type);
    return e === undefined ? undefined : new A.List(new A.Field('element', e, true));
  }
  if (A.DataType.isStruct(t)) {
    const fields = t.children.flatMap((f) => { const c = canonicalJsonType(f.type); return c === undefined ? [] : [new A.Field(f.name, c, true)]; });
    return fields.length === 0 ? undefined : new A.Struct(fields);
  }
  return t;
}
