// Spark's UNRESOLVED_COLUMN errors: the missing name plus up to five existing names ordered by
// Levenshtein distance (StringUtils.orderSuggestedIdentifiersBySimilarity).
import { EngineError, ErrorCode } from '../../common/index.js';

/** Edit distance (insert, delete, substitute each cost 1). */
export function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(up + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** Candidates closest to `name` first (stable among ties). */
export function orderBySimilarity(name: string, candidates: readonly string[]): string[] {
  return candidates
    .map((c, i) => ({ c, i, d: levenshtein(c, name) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.c);
}

/** Spark's toSQLId: `name` in backquotes, inner backquotes doubled. */
export const toSqlId = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** The ANALYSIS error for a column that is not in the input. */
export function unresolvedColumnError(name: string, candidates: readonly string[]): EngineError {
  if (candidates.length === 0) {
    return new EngineError(ErrorCode.Analysis,
      `[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name ${toSqlId(name)} cannot be resolved.`,
      { fields: { errorClass: 'UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', objectName: name } });
  }
  const suggestion = orderBySimilarity(name, candidates).slice(0, 5).map(toSqlId).join(', ');
  return new EngineError(ErrorCode.Analysis,
    `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name ${toSqlId(name)} cannot be resolved. ` +
    `Did you mean one of the following? [${suggestion}].`,
    { fields: { errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', objectName: name, suggestion } });
}
