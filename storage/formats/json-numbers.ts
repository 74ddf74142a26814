// Parses one JSON text keeping what JSON.parse loses and Spark's inference needs: integers beyond
// 2^53 stay exact (bigint), and integral-valued floats (`1.0`, `2e3`) stay floats (JsonFloat).

/** A float literal whose value is integral (`1.0`): Spark infers DoubleType for it, not LongType. */
export class JsonFloat {
  constructor(readonly value: number) {}
  toJSON(): number { return this.value; }
}

const TAG = '\u0000#';
const TAG_IN_JSON = '\\u0000#'; // the same tag as it is spelled inside JSON text
// Only lines with a long digit run, an all-zero fraction (`1.0`) or an exponent can need the slow path.
const SUSPECT = /\d{16}|\d\.0*(?!\d)|\d[eE]/;

function rewrite(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      for (let d = text.charCodeAt(i); i < n && ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45); d = text.charCodeAt(++i));
      const token = text.slice(start, i);
      const isFloat = /[.eE]/.test(token);
      const digits = token.replace(/^-/, '').length;
      if ((isFloat && Number.isInteger(Number(token))) || (!isFloat && digits >= 16 && !Number.isSafeInteger(Number(token)))) {
        out += text.slice(last, start) + `"${TAG_IN_JSON}${isFloat ? 'f' : 'i'}${token}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

function revive(_key: string, v: unknown): unknown {
  if (typeof v !== 'string' || !v.startsWith(TAG)) return v;
  const body = v.slice(TAG.length + 1);
  return v[TAG.length] === 'f' ? new JsonFloat(Number(body)) : BigInt(body);
}

/** JSON.parse, with exact big integers (bigint) and integral floats (JsonFloat). */
export function parseJsonText(text: string): unknown {
  if (!SUSPECT.test(text)) return JSON.parse(text);
  const rewritten = rewrite(text);
  return rewritten === text ? JSON.parse(text) : JSON.parse(rewritten, revive);
}

/** JSON text of a parsed value (bigints as digits), for string columns. */
export function stringifyJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${TAG}i${x}` : x)).replace(/"\\u0000#i(-?\d+)"/g, '$1');
}
