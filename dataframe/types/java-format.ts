// Java's text forms of values, as Spark's CAST(x AS STRING) produces them: Double.toString, Float.toString,
// BigDecimal.toPlainString for decimals, ISO dates and `yyyy-MM-dd HH:mm:ss[.ffffff]` timestamps (UTC session zone).

/** Java's Double.toString: shortest round-trip digits, plain in [1e-3, 1e7), else `d.dddE±n`. */
export function javaDoubleToString(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  let exp = Math.abs(v).toExponential();
  // Java (JDK 19+) picks among 2-digit decimals when one digit suffices: 5e-324 prints as 4.9E-324.
  if (!exp.includes('.')) {
    const two = Math.abs(v).toExponential(1);
    if (Number(two) === Math.abs(v)) exp = two.replace(/\.?0+e/, 'e');
  }
  return formatDigits(v, exp);
}

/** Java's Float.toString for a value already rounded to float precision. */
export function javaFloatToString(v: number): string {
  if (!Number.isFinite(v) || v === 0) return javaDoubleToString(v);
  const f = Math.fround(v);
  let exp = Math.abs(f).toExponential();
  for (let p = 1; p <= 9; p++) {
    const candidate = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(candidate)) === Math.abs(f)) { exp = candidate; break; }
  }
  return formatDigits(f, exp);
}

function formatDigits(v: number, exponential: string): string {
  const [mant, e] = exponential.split('e');
  const exp = Number(e);
  const digits = mant.replace('.', '');
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.slice(1);
  return `${sign}${digits[0]}.${frac === '' ? '0' : frac}E${exp}`;
}

/** A decimal's unscaled value as Java's BigDecimal.toPlainString with `scale` fraction digits. */
export function decimalToString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const s = (neg ? -unscaled : unscaled).toString();
  if (scale === 0) return (neg ? '-' : '') + s;
  const padded = s.padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function yearString(y: number): string {
  if (y < 0) return `-${String(-y).padStart(4, '0')}`;
  return y > 9999 ? `+${y}` : String(y).padStart(4, '0');
}

/** Days since 1970-01-01 as `yyyy-MM-dd` (proleptic Gregorian). */
export function formatDate(days: number): string {
  const dt = new Date(days * 86_400_000);
  return `${yearString(dt.getUTCFullYear())}-${pad2(dt.getUTCMonth() + 1)}-${pad2(dt.getUTCDate())}`;
}

/** Microseconds since the epoch as Spark prints a timestamp: fraction trimmed of trailing zeros. */
export function formatTimestamp(micros: bigint): string {
  let secs = micros / 1_000_000n;
  let frac = micros % 1_000_000n;
  if (frac < 0n) { frac += 1_000_000n; secs -= 1n; }
  const days = Number(secs / 86_400n) - (secs % 86_400n < 0n ? 1 : 0);
  const sod = Number(secs - BigInt(days) * 86_400n);
  const time = `${pad2(Math.floor(sod / 3600))}:${pad2(Math.floor(sod / 60) % 60)}:${pad2(sod % 60)}`;
  const f = frac === 0n ? '' : `.${frac.toString().padStart(6, '0').replace(/0+$/, '')}`;
  return `${formatDate(days)} ${time}${f}`;
}

/** Hex of bytes as Spark's show prints top-level binary: `[01 0A FF]`. */
export function formatBinaryHex(bytes: Uint8Array): string {
  return `[${Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')}]`;
}
