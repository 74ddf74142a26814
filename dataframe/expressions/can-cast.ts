// Which casts Spark allows in non-ANSI mode (Cast.canCast), and which may turn a non-null input into null
// (Cast.forceNullable: parsing strings, narrowing into decimals).
import type { DataType } from '../types/index.js';
import { isNumeric, sameType } from '../types/index.js';

const DATETIME = new Set(['date', 'timestamp', 'timestamp_ntz']);

/** True when CAST(from AS to) is accepted by the analyzer. */
export function canCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to, true) || from.kind === 'null') return true;
  if (to.kind === 'string') return true;
  if (from.kind === 'string') return to.kind !== 'array' && to.kind !== 'map' && to.kind !== 'struct';
  const numLike = (t: DataType) => isNumeric(t) || t.kind === 'boolean';
  if (numLike(from) && numLike(to)) return true;
  if (DATETIME.has(from.kind) && DATETIME.has(to.kind)) return true;
  if ((from.kind === 'timestamp' && numLike(to)) || (numLike(from) && to.kind === 'timestamp')) return true;
  if (to.kind === 'binary') return from.kind === 'byte' || from.kind === 'short' || from.kind === 'integer' || from.kind === 'long';
  if (from.kind === 'array' && to.kind === 'array') return canCast(from.elementType, to.elementType);
  if (from.kind === 'map' && to.kind === 'map') return canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType);
  if (from.kind === 'struct' && to.kind === 'struct') {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => canCast(f.dataType, to.fields[i].dataType));
  }
  return false;
}

/** True when a non-null input may cast to null. */
export function castIntroducesNull(from: DataType, to: DataType): boolean {
  if (sameType(from, to, true)) return false;
  if (from.kind === 'string' && to.kind !== 'string' && to.kind !== 'binary') return true;
  if (to.kind === 'decimal') return true;
  return (from.kind === 'float' || from.kind === 'double') && DATETIME.has(to.kind);
}
