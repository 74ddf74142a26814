// Spark's (non-ANSI) implicit type coercion for arithmetic and comparison: numeric widening
// (byte < short < int < long < decimal < float < double), string promotion, and DecimalPrecision's result types.
import type { DataType, DecimalTypeData } from './data-type.js';
import { MAX_DECIMAL_PRECISION, isNumeric, sameType } from './data-type.js';

const d = (precision: number, scale: number): DecimalTypeData => ({ kind: 'decimal', precision, scale });
const DOUBLE: DataType = { kind: 'double' };
const RANK: Readonly<Record<string, number>> = { byte: 0, short: 1, integer: 2, long: 3, float: 4, double: 5 };

/** The decimal type that holds every value of an integral or fractional type (Spark's DecimalType.forType). */
export function decimalForType(t: DataType): DecimalTypeData | null {
  switch (t.kind) {
    case 'byte': return d(3, 0);
    case 'short': return d(5, 0);
    case 'integer': return d(10, 0);
    case 'long': return d(20, 0);
    case 'float': return d(14, 7);
    case 'double': return d(30, 15);
    case 'decimal': return t;
    default: return null;
  }
}

/** Spark's DecimalType.bounded: precision and scale clipped to 38. */
export function boundedDecimal(precision: number, scale: number): DecimalTypeData {
  return d(Math.min(precision, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_PRECISION));
}

/** Spark's DecimalType.adjustPrecisionScale (spark.sql.decimalOperations.allowPrecisionLoss=true). */
export function adjustPrecisionScale(precision: number, scale: number): DecimalTypeData {
  if (precision <= MAX_DECIMAL_PRECISION) return d(precision, scale);
  if (scale < 0) return d(MAX_DECIMAL_PRECISION, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  return d(MAX_DECIMAL_PRECISION, Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale));
}

/** The decimal wide enough for both (Spark's DecimalPrecision.widerDecimalType). */
export function widerDecimal(a: DecimalTypeData, b: DecimalTypeData): DecimalTypeData {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return boundedDecimal(range + scale, scale);
}

/** Spark's findTightestCommonType/findWiderTypeForTwo for numerics and nulls; null when none. */
export function widerNumericType(a: DataType, b: DataType): DataType | null {
  if (sameType(a, b)) return a;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (!isNumeric(a) || !isNumeric(b)) return null;
  if (a.kind === 'decimal' || b.kind === 'decimal') {
    const other = a.kind === 'decimal' ? b : a;
    if (other.kind === 'float' || other.kind === 'double') return DOUBLE;
    return widerDecimal(decimalForType(a)!, decimalForType(b)!);
  }
  return RANK[a.kind] >= RANK[b.kind] ? a : b;
}

/** Arithmetic operators whose result type coercion decides. */
export type ArithmeticOp = 'add' | 'subtract' | 'multiply' | 'divide' | 'remainder';

/** Result of coercing a binary operator: the types each side is cast to, and the result type. */
export interface Coerced { readonly left: DataType; readonly right: DataType; readonly result: DataType }

/**
 * Operand and result types of `left op right` (strings promote to double, int/int `/` is double,
 * decimals follow DecimalPrecision). Null when the operands cannot be combined.
 */
export function coerceArithmetic(op: ArithmeticOp, l: DataType, r: DataType): Coerced | null {
  const lt = l.kind === 'string' ? DOUBLE : l;
  const rt = r.kind === 'string' ? DOUBLE : r;
  if (lt.kind === 'null' && rt.kind === 'null') return coerceArithmetic(op, DOUBLE, DOUBLE);
  const common = widerNumericType(lt, rt);
  if (common === null || !isNumeric(common)) return null;
  if (common.kind === 'decimal') {
    const a = decimalForType(lt.kind === 'null' ? common : lt)!;
    const b = decimalForType(rt.kind === 'null' ? common : rt)!;
    return { left: a, right: b, result: decimalResult(op, a, b) };
  }
  if (op === 'divide' && common.kind !== 'double') return { left: DOUBLE, right: DOUBLE, result: DOUBLE };
  return { left: common, right: common, result: common };
}

/** Spark's DecimalPrecision result types for + - * / %. */
export function decimalResult(op: ArithmeticOp, a: DecimalTypeData, b: DecimalTypeData): DecimalTypeData {
  const { precision: p1, scale: s1 } = a;
  const { precision: p2, scale: s2 } = b;
  switch (op) {
    case 'add':
    case 'subtract': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case 'multiply':
      return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case 'divide': {
      const scale = Math.max(6, s1 + p2 + 1);
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case 'remainder': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
  }
}

/**
 * The common type both sides of a comparison are cast to (Spark's findCommonTypeForBinaryComparison,
 * non-ANSI): string vs numeric casts the string to the numeric type (double for decimals).
 */
export function comparisonType(l: DataType, r: DataType): DataType | null {
  if (sameType(l, r, true)) return l;
  if (l.kind === 'null') return r;
  if (r.kind === 'null') return l;
  const numeric = widerNumericType(l, r);
  if (numeric !== null) return numeric;
  const pair = (a: string, b: string) => (l.kind === a && r.kind === b) || (l.kind === b && r.kind === a);
  if (pair('string', 'decimal')) return DOUBLE;
  if (pair('string', 'date')) return { kind: 'date' };
  if (pair('string', 'timestamp') || pair('date', 'timestamp')) return { kind: 'timestamp' };
  if (pair('string', 'timestamp_ntz') || pair('date', 'timestamp_ntz')) return { kind: 'timestamp_ntz' };
  if (l.kind === 'string' && r.kind !== 'array' && r.kind !== 'map' && r.kind !== 'struct') return r;
  if (r.kind === 'string' && l.kind !== 'array' && l.kind !== 'map' && l.kind !== 'struct') return l;
  return null;
}

/** Common type of several branches (CASE, COALESCE, IN): numeric widening, else string if any is string. */
export function commonType(types: readonly DataType[]): DataType | null {
  let acc: DataType = { kind: 'null' };
  for (const t of types) {
    const w = widerNumericType(acc, t);
    if (w !== null) { acc = w; continue; }
    if ((acc.kind === 'string' && isAtomicScalar(t)) || (t.kind === 'string' && isAtomicScalar(acc))) { acc = { kind: 'string' }; continue; }
    if (sameType(acc, t, true)) continue;
    const c = comparisonType(acc, t);
    if (c === null) return null;
    acc = c;
  }
  return acc;
}

const isAtomicScalar = (t: DataType) => t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct' && t.kind !== 'binary';

