// The display name Spark gives an unaliased expression (its pretty SQL): `(a + b)`, `(NOT a)`,
// `CAST(a AS INT)`, `CASE WHEN (a > 1) THEN x ELSE y END`; an alias or column keeps its own name.
import { assertNever } from '../../common/index.js';
import { castToString } from '../show/index.js';
import { sqlTypeName } from '../types/index.js';
import type { Expression } from './expression.js';

const SYMBOL: Readonly<Record<string, string>> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', remainder: '%', eq: '=', eqNullSafe: '<=>',
  lt: '<', lte: '<=', gt: '>', gte: '>=', and: 'AND', or: 'OR',
};

/** Spark's column name for an expression (usePrettyExpression: literals unquoted). */
export function expressionName(e: Expression): string {
  switch (e.kind) {
    case 'column': return e.name;
    case 'alias': return e.name;
    case 'literal': return e.value === null ? 'NULL' : castToString(e.value, e.dataType);
    case 'binary': return `(${expressionName(e.left)} ${SYMBOL[e.op]} ${expressionName(e.right)})`;
    case 'unary':
      switch (e.op) {
        case 'not': return `(NOT ${expressionName(e.child)})`;
        case 'negate': return `(- ${expressionName(e.child)})`;
        case 'isNull': return `(${expressionName(e.child)} IS NULL)`;
        case 'isNotNull': return `(${expressionName(e.child)} IS NOT NULL)`;
      }
      return assertNever(e as never, 'unary operator');
    case 'cast': return `CAST(${expressionName(e.child)} AS ${sqlTypeName(e.to)})`;
    case 'caseWhen':
      return `CASE ${e.branches.map((b) => `WHEN ${expressionName(b.condition)} THEN ${expressionName(b.value)}`).join(' ')}` +
        `${e.otherwise ? ` ELSE ${expressionName(e.otherwise)}` : ''} END`;
    case 'in': return `(${expressionName(e.child)} IN (${e.list.map(expressionName).join(', ')}))`;
    case 'like': return `${expressionName(e.child)} LIKE ${e.pattern}`;
    case 'rlike': return `RLIKE(${expressionName(e.child)}, ${e.pattern})`;
    case 'coalesce': return `coalesce(${e.children.map(expressionName).join(', ')})`;
    case 'call':
      if (e.name === 'count_distinct') return `count(DISTINCT ${e.args.map(expressionName).join(', ')})`;
      return `${e.name}(${e.args.map(expressionName).join(', ')})`;
    case 'sortOrder': return `${expressionName(e.child)} ${e.direction === 'asc' ? 'ASC' : 'DESC'} NULLS ${e.nulls === 'first' ? 'FIRST' : 'LAST'}`;
    default: return assertNever(e, 'expression');
  }
}
