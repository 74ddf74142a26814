// JS code for CAST(x AS t) between two types, following Spark's non-ANSI Cast: integral narrowing wraps,
// fractional → integral truncates and saturates, unparsable strings become null.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { DataType } from '../types/index.js';
import { sameType, simpleString } from '../types/index.js';

const INT_RANGE: Readonly<Record<string, [number, number]>> = {
  byte: [-128, 127], short: [-32768, 32767], integer: [-2147483648, 2147483647],
};
const WRAP: Readonly<Record<string, string>> = { byte: '<< 24 >> 24', short: '<< 16 >> 16', integer: '| 0' };
const intLike = (k: string) => k === 'byte' || k === 'short' || k === 'integer';

/**
 * An expression over `x` computing the cast; `nullable` tells whether it may return null
 * (the caller then tests `=== null`).
 */
export function castCode(x: string, from: DataType, to: DataType, constant: (v: unknown) => string): { expr: string; nullable: boolean } {
  const ok = (expr: string) => ({ expr, nullable: false });
  const maybe = (expr: string) => ({ expr, nullable: true });
  const f = from.kind; const t = to.kind;
  if (sameType(from, to, true)) return ok(x);
  if (t === 'string') {
    switch (f) {
      case 'byte': case 'short': case 'integer': return ok(`String(${x})`);
      case 'long': return ok(`${x}.toString()`);
      case 'double': return ok(`rt.javaDoubleToString(${x})`);
      case 'float': return ok(`rt.javaFloatToString(${x})`);
      case 'boolean': return ok(`(${x} ? 'true' : 'false')`);
      case 'decimal': return ok(`rt.decimalToString(${x}, ${from.scale})`);
      case 'date': return ok(`rt.formatDate(${x})`);
      case 'timestamp': case 'timestamp_ntz': return ok(`rt.formatTimestamp(${x})`);
      case 'binary': return ok(`rt.utf8Decode(${x})`);
      default: return ok(`rt.castToString(${x}, ${constant(from)})`);
    }
  }
  if (f === 'string') {
    if (intLike(t)) return maybe(`rt.stringToInt(${x}, ${INT_RANGE[t][0]}, ${INT_RANGE[t][1]})`);
    switch (t) {
      case 'long': return maybe(`rt.stringToLong(${x}, -9223372036854775808n, 9223372036854775807n)`);
      case 'double': return maybe(`rt.stringToDouble(${x})`);
      case 'float': return maybe(`rt.fround(rt.stringToDouble(${x}))`);
      case 'boolean': return maybe(`rt.stringToBoolean(${x})`);
      case 'decimal': return maybe(`rt.stringToDecimal(${x}, ${to.precision}, ${to.scale})`);
      case 'date': return maybe(`rt.stringToDate(${x})`);
      case 'timestamp': case 'timestamp_ntz': return maybe(`rt.stringToTimestamp(${x})`);
      case 'binary': return ok(`rt.utf8Encode(${x})`);
    }
  }
  if (intLike(f)) {
    if (intLike(t)) return ok(`(${x} ${WRAP[t]})`);
    switch (t) {
      case 'long': return ok(`BigInt(${x})`);
      case 'double': return ok(x);
      case 'float': return ok(`Math.fround(${x})`);
      case 'boolean': return ok(`(${x} !== 0)`);
      case 'decimal': return maybe(`rt.decimalRescale(BigInt(${x}), 0, ${to.scale}, ${to.precision})`);
      case 'timestamp': return ok(`(BigInt(${x}) * 1000000n)`);
    }
  }
  if (f === 'long') {
    if (intLike(t)) return ok(`(Number(BigInt.asIntN(32, ${x})) ${WRAP[t]})`);
    switch (t) {
      case 'double': return ok(`Number(${x})`);
      case 'float': return ok(`Math.fround(Number(${x}))`);
      case 'boolean': return ok(`(${x} !== 0n)`);
      case 'decimal': return maybe(`rt.decimalRescale(${x}, 0, ${to.scale}, ${to.precision})`);
      case 'timestamp': return ok(`BigInt.asIntN(64, ${x} * 1000000n)`);
    }
  }
  if (f === 'double' || f === 'float') {
    if (intLike(t)) return ok(`(rt.doubleToInt(${x}) ${WRAP[t]})`);
    switch (t) {
      case 'long': return ok(`rt.doubleToLong(${x})`);
      case 'double': return ok(x);
      case 'float': return ok(`Math.fround(${x})`);
      case 'boolean': return ok(`(${x} !== 0)`);
      case 'decimal': return maybe(`rt.doubleToDecimal(${x}, ${to.precision}, ${to.scale})`);
      case 'timestamp': return maybe(`(Number.isFinite(${x}) ? rt.doubleToLong(${x} * 1e6) : null)`);
    }
  }
  if (f === 'boolean') {
    if (intLike(t) || t === 'double' || t === 'float') return ok(`(${x} ? 1 : 0)`);
    if (t === 'long') return ok(`(${x} ? 1n : 0n)`);
    if (t === 'decimal') return maybe(`rt.decimalRescale(${x} ? 1n : 0n, 0, ${to.scale}, ${to.precision})`);
  }
  if (f === 'decimal') {
    const s = from.scale;
    if (intLike(t)) return ok(`(Number(BigInt.asIntN(32, ${x} / ${constant(10n ** BigInt(s))})) ${WRAP[t]})`);
    switch (t) {
      case 'long': return ok(`BigInt.asIntN(64, ${x} / ${constant(10n ** BigInt(s))})`);
      case 'double': return ok(`rt.decimalToDouble(${x}, ${s})`);
      case 'float': return ok(`Math.fround(rt.decimalToDouble(${x}, ${s}))`);
      case 'boolean': return ok(`(${x} !== 0n)`);
      case 'decimal': return maybe(`rt.decimalRescale(${x}, ${s}, ${to.scale}, ${to.precision})`);
    }
  }
  if (f === 'date') {
    if (t === 'timestamp' || t === 'timestamp_ntz') return ok(`(BigInt(${x}) * 86400000000n)`);
  }
  if (f === 'timestamp' || f === 'timestamp_ntz') {
    if (t === 'date') return ok(`Number(rt.floorDiv(${x}, 86400000000n))`);
    if (t === 'timestamp' || t === 'timestamp_ntz') return ok(x);
    if (t === 'long') return ok(`rt.floorDiv(${x}, 1000000n)`);
    if (t === 'double') return ok(`(Number(${x}) / 1e6)`);
    if (intLike(t)) return ok(`(Number(BigInt.asIntN(32, rt.floorDiv(${x}, 1000000n))) ${WRAP[t]})`);
  }
  throw new EngineError(ErrorCode.Unsupported, `CAST from ${simpleString(from)} to ${simpleString(to)} is not supported yet`,
    { fields: { from: simpleString(from), to: simpleString(to) } });
}
