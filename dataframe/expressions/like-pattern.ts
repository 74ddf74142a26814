// SQL LIKE patterns as JS regular expressions (Spark's StringUtils.escapeLikeRegex): `_` one character,
// `%` any run, the escape character quotes the next `_`, `%` or itself; the match spans the whole string.
import { EngineError, ErrorCode } from '../../common/index.js';

const quote = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** The regex source (anchored) for a LIKE pattern; use with flag `s` so `%` spans newlines. */
export function likeToRegex(pattern: string, escapeChar = '\\'): string {
  let out = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === escapeChar) {
      const next = chars[i + 1];
      if (next === '_' || next === '%' || next === escapeChar) { out += quote(next); i++; continue; }
      throw new EngineError(ErrorCode.Analysis,
        `[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: '${pattern}'. The escape character is not allowed to precede '${next ?? ''}'.`,
        { fields: { errorClass: 'INVALID_FORMAT.ESC_IN_THE_MIDDLE', pattern } });
    }
    out += c === '_' ? '.' : c === '%' ? '.*' : quote(c);
  }
  return `${out}$`;
}
