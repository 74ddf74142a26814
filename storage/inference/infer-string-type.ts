// Spark's type inference for text values (CSV fields, partition directory values): the lattice
// null → integer → long → double → date → timestamp → boolean → string, and conversion of text to a typed value.
import * as A from 'apache-arrow';

/** The types a text value can be inferred as. */
export type InferredKind = 'null' | 'integer' | 'long' | 'double' | 'boolean' | 'date' | 'timestamp' | 'string';

const INT = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** Days since the epoch of a `yyyy-[m]m-[d]d` string, or undefined. */
export function parseDate(s: string): number | undefined {
  const m = DATE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(ms / 86_400_000);
}

/** Microseconds since the epoch (UTC unless an offset is given); `requireTime` refuses date-only text. */
export function parseTimestamp(s: string, requireTime = false): bigint | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m || (requireTime && m[4] === undefined)) return undefined;
  const days = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  const h = Number(m[4] ?? 0), mi = Number(m[5] ?? 0), sec = Number(m[6] ?? 0);
  if (days === undefined || h > 23 || mi > 59 || sec > 59) return undefined;
  let offsetMin = 0;
  const z = m[8];
  if (z !== undefined && z !== 'Z' && z !== 'UTC') {
    const digits = z.slice(1).replace(':', '');
    offsetMin = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * (z[0] === '-' ? -1 : 1);
  }
  const frac = BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  const secs = BigInt(days) * 86_400n + BigInt(h * 3600 + mi * 60 + sec - offsetMin * 60);
  return secs * 1_000_000n + frac;
}

function isInt32(s: string): boolean {
  if (!INT.test(s)) return false;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647;
}

function isInt64(s: string): boolean {
  if (!INT.test(s)) return false;
  const n = BigInt(s);
  return n >= -9223372036854775808n && n <= 9223372036854775807n;
}

function isDouble(s: string): boolean {
  return DOUBLE.test(s) || s === 'NaN' || s === 'Infinity' || s === '-Infinity' || s === 'Inf' || s === '-Inf';
}

const ORDER: readonly InferredKind[] = ['null', 'integer', 'long', 'double', 'date', 'timestamp', 'boolean', 'string'];

/** The narrowest type at or above `from` that `s` parses as (Spark's CSVInferSchema.inferField). */
export function inferKind(s: string, from: InferredKind = 'null'): InferredKind {
  for (let i = Math.max(1, ORDER.indexOf(from)); i < ORDER.length; i++) {
    const k = ORDER[i];
    if (k === 'string' || parseAs(s, k) !== undefined) return k;
  }
  return 'string';
}

/** The common type of two inferred types (Spark's compatibleType for text sources). */
export function mergeKinds(a: InferredKind, b: InferredKind): InferredKind {
  if (a === b || b === 'null') return a;
  if (a === 'null') return b;
  const numeric: readonly InferredKind[] = ['integer', 'long', 'double'];
  if (numeric.includes(a) && numeric.includes(b)) return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))];
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return 'string';
}

/** The typed value of `s` as `kind` (number, bigint, boolean, days, µs), or undefined when it does not parse. */
export function parseAs(s: string, kind: InferredKind): unknown {
  switch (kind) {
    case 'null': return undefined;
    case 'integer': return isInt32(s) ? Number(s) : undefined;
    case 'long': return isInt64(s) ? BigInt(s) : undefined;
    case 'double': {
      if (!isDouble(s)) return undefined;
      if (s === 'Inf' || s === 'Infinity') return Infinity;
      if (s === '-Inf' || s === '-Infinity') return -Infinity;
      return Number(s.replace(/[dDfF]$/, ''));
    }
    case 'boolean': { const l = s.toLowerCase(); return l === 'true' ? true : l === 'false' ? false : undefined; }
    case 'date': return parseDate(s);
    case 'timestamp': return parseTimestamp(s, true);
    case 'string': return s;
  }
}

/** The Arrow type of an inferred kind (NullType columns become strings, as Spark does for CSV). */
export function arrowTypeOfKind(kind: InferredKind): A.DataType {
  switch (kind) {
    case 'integer': return new A.Int32();
    case 'long': return new A.Int64();
    case 'double': return new A.Float64();
    case 'boolean': return new A.Bool();
    case 'date': return new A.DateDay();
    case 'timestamp': return new A.TimestampMicrosecond('UTC');
    case 'null': case 'string': return new A.Utf8();
  }
}

/** Converts text to a value for a column of Arrow `type`; undefined when it does not convert. */
export function convertText(s: string, type: A.DataType): unknown {
  if (A.DataType.isUtf8(type)) return s;
  const t = s.trim();
  if (A.DataType.isInt(type)) {
    if (type.bitWidth === 64) return parseAs(t, 'long');
    const v = parseAs(t, 'integer') as number | undefined;
    const lim = type.bitWidth === 8 ? 128 : type.bitWidth === 16 ? 32768 : 2147483648;
    return v !== undefined && v >= -lim && v < lim ? v : undefined;
  }
  if (A.DataType.isFloat(type)) return parseAs(t, 'double');
  if (A.DataType.isBool(type)) return parseAs(t, 'boolean');
  if (A.DataType.isDate(type)) return parseDate(t) ?? (parseTimestamp(t) === undefined ? undefined : Number(parseTimestamp(t)! / 86_400_000_000n));
  if (A.DataType.isTimestamp(type)) return parseTimestamp(t);
  if (A.DataType.isDecimal(type)) return parseDecimal(t, type.precision, type.scale);
  return undefined;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The unscaled value of decimal text at `scale` (HALF_UP rounding, as Spark), or undefined when it does not fit `precision`. */
export function parseDecimal(s: string, precision: number, scale: number): bigint | undefined {
  const m = DECIMAL.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const exp = Number(m[4] ?? 0);
  let digits = (m[2] + (m[3] ?? '')).replace(/^0+(?=\d)/, '');
  const pointShift = (m[3] ?? '').length - exp - scale; // digits to drop (>0) or zeros to append (<0)
  let unscaled: bigint;
  if (pointShift <= 0) unscaled = BigInt(digits + '0'.repeat(-pointShift));
  else {
    if (pointShift > digits.length) { digits = '0'.repeat(pointShift - digits.length) + digits; }
    const kept = digits.slice(0, digits.length - pointShift) || '0';
    const roundUp = digits.charCodeAt(digits.length - pointShift) >= 53; // '5'
    unscaled = BigInt(kept) + (roundUp ? 1n : 0n);
  }
  if (unscaled.toString().length > precision) return undefined;
  return m[1] === '-' ? -unscaled : unscaled;
}

/** A converter from text to values of Arrow `type`, chosen once per column (undefined: does not convert). */
export function textConverter(type: A.DataType): (s: string) => unknown {
  if (A.DataType.isUtf8(type)) return (s) => s;
  if (A.DataType.isInt(type) && type.bitWidth === 32) {
    return (s) => {
      const t = s.length > 0 && s.charCodeAt(0) > 32 && s.charCodeAt(s.length - 1) > 32 ? s : s.trim();
      return isInt32(t) ? Number(t) : undefined;
    };
  }
  if (A.DataType.isFloat(type)) return (s) => { const t = s.trim(); return parseAs(t, 'double'); };
  return (s) => convertText(s, type);
}
