// Per-value helpers that compiled expressions call for the slow cases (string parsing, decimals, Java
// number text). Non-ANSI semantics: invalid input or overflow returns null instead of throwing.
import { decimalToString, formatDate, formatTimestamp, javaDoubleToString, javaFloatToString } from '../types/index.js';

const TRIM = /^[\s\u0000-\u0020]+|[\s\u0000-\u0020]+$/g;
const INTEGRAL = /^[+-]?\d+(\.\d*)?$/;
const FRACTIONAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;
const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));

/** String → integral (Spark's UTF8String.toLong: trims, accepts a discarded fraction); null when invalid or outside [min, max]. */
export function stringToLong(s: string, min: bigint, max: bigint): bigint | null {
  const t = s.replace(TRIM, '');
  if (!INTEGRAL.test(t)) return null;
  const dot = t.indexOf('.');
  const v = BigInt(dot < 0 ? t : t.slice(0, dot) || '0');
  return v < min || v > max ? null : v;
}

export function stringToInt(s: string, min: number, max: number): number | null {
  const v = stringToLong(s, BigInt(min), BigInt(max));
  return v === null ? null : Number(v);
}

/** String → double as Spark casts: trimmed Java syntax plus inf/infinity/nan in any case. */
export function stringToDouble(s: string): number | null {
  const t = s.replace(TRIM, '');
  if (FRACTIONAL.test(t)) return Number(t.replace(/[dDfF]$/, ''));
  switch (t.toLowerCase()) {
    case 'inf': case '+inf': case 'infinity': case '+infinity': return Infinity;
    case '-inf': case '-infinity': return -Infinity;
    case 'nan': return NaN;
    default: return null;
  }
}

const TRUE = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE = new Set(['f', 'false', 'n', 'no', '0']);
export function stringToBoolean(s: string): boolean | null {
  const t = s.replace(TRIM, '').toLowerCase();
  return TRUE.has(t) ? true : FALSE.has(t) ? false : null;
}

/** Java's saturating (int)d / (long)d: truncates toward zero, NaN → 0. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d);
}
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9223372036854775807) return 9223372036854775807n;
  if (d <= -9223372036854775808) return -9223372036854775808n;
  return BigInt(Math.trunc(d));
}

/** Rescales an unscaled decimal from scale `from` to `to` rounding HALF_UP; null when |v| needs more than `precision` digits. */
export function decimalRescale(v: bigint, from: number, to: number, precision: number): bigint | null {
  let r = v;
  if (to > from) r = v * POW10[to - from];
  else if (to < from) r = divHalfUp(v, POW10[from - to]);
  return r >= POW10[precision] || r <= -POW10[precision] ? null : r;
}

function divHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const rem = n % d;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  const dd = d < 0n ? -d : d;
  if (twice >= dd) return (n < 0n) !== (d < 0n) ? q - 1n : q + 1n;
  return q;
}

/** a / b for unscaled decimals of scales sa, sb into scale `s` (HALF_UP); null on zero divisor or overflow. */
export function decimalDivide(a: bigint, sa: number, b: bigint, sb: number, s: number, precision: number): bigint | null {
  if (b === 0n) return null;
  const shift = s + sb - sa;
  const r = shift >= 0 ? divHalfUp(a * POW10[shift], b) : divHalfUp(a, b * POW10[-shift]);
  return r >= POW10[precision] || r <= -POW10[precision] ? null : r;
}

export const pow10 = (n: number): bigint => POW10[n];

/** String → unscaled decimal of (precision, scale), HALF_UP; null when invalid or too large. */
export function stringToDecimal(s: string, precision: number, scale: number): bigint | null {
  const t = s.replace(TRIM, '');
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? '0');
  const digits = BigInt(`${m[2]}${frac}` || '0');
  const srcScale = frac.length - exp;
  const signed = m[1] === '-' ? -digits : digits;
  if (srcScale < 0) return decimalRescale(signed * 10n ** BigInt(-srcScale), 0, scale, precision);
  return decimalRescale(signed, srcScale, scale, precision);
}

export function doubleToDecimal(d: number, precision: number, scale: number): bigint | null {
  return Number.isFinite(d) ? stringToDecimal(javaDoubleToString(d), precision, scale) : null;
}

export const decimalToDouble = (v: bigint, scale: number): number => Number(decimalToString(v, scale));

/** String → days since epoch for `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d` with an optional ` ...`/`T...` tail. */
export function stringToDate(s: string): number | null {
  const m = /^([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T].*)?$/.exec(s.replace(TRIM, ''));
  if (m === null) return null;
  const y = Number(m[1]); const mo = Number(m[2] ?? '1'); const d = Number(m[3] ?? '1');
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  if (dt.getUTCDate() !== d) return null;
  return Math.floor(dt.getTime() / 86_400_000);
}

/** String → µs since epoch for `yyyy-MM-dd[ T]HH:mm[:ss[.ffffff]][Z]` read in UTC (the session zone). */
export function stringToTimestamp(s: string): bigint | null {
  const t = s.replace(TRIM, '');
  const m = /^([+-]?\d{4,6}-\d{1,2}-\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?(Z|UTC)?$/.exec(t);
  if (m === null) return null;
  const days = stringToDate(m[1]);
  const h = Number(m[2] ?? '0'); const mi = Number(m[3] ?? '0'); const sec = Number(m[4] ?? '0');
  if (days === null || h > 23 || mi > 59 || sec > 59) return null;
  const micros = BigInt((m[5] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  return (BigInt(days) * 86_400n + BigInt(h * 3600 + mi * 60 + sec)) * 1_000_000n + micros;
}

/** Spark's length(): characters (code points), not UTF-16 units. */
export function stringLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** NaN-aware total order on doubles as Spark compares them (NaN equals NaN and is greater than all). */
export function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a; const bn = b !== b;
  return an && bn ? 0 : an ? 1 : -1;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const utf8Encode = (s: string): Uint8Array => encoder.encode(s);
export const utf8Decode = (b: Uint8Array): string => decoder.decode(b);

export { decimalToString, formatDate, formatTimestamp, javaDoubleToString, javaFloatToString };

/** Floor division of bigints (timestamps before 1970 round toward minus infinity). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Math.fround that keeps null. */
export const fround = (v: number | null): number | null => (v === null ? null : Math.fround(v));
