// Expressions as a closed union of plain data tagged by `kind` (never closures): what the Column API
// builds, what plans carry and what travels between processes. Functions are referenced by registered name.
import type { DataType } from '../types/index.js';

/**
 * A literal's value in Flint's internal form: number (byte, short, int, float, double, date as days),
 * bigint (long, timestamp as µs, decimal as unscaled), string, boolean, Uint8Array (binary) or null.
 */
export type LiteralValue = number | bigint | string | boolean | Uint8Array | null;

export type ArithmeticOperator = 'add' | 'subtract' | 'multiply' | 'divide' | 'remainder';
export type ComparisonOperator = 'eq' | 'eqNullSafe' | 'lt' | 'lte' | 'gt' | 'gte';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;
export type UnaryOperator = 'not' | 'negate' | 'isNull' | 'isNotNull';

export interface ColumnRef { readonly kind: 'column'; readonly name: string }
export interface Literal { readonly kind: 'literal'; readonly value: LiteralValue; readonly dataType: DataType }
export interface BinaryExpression {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}
export interface UnaryExpression { readonly kind: 'unary'; readonly op: UnaryOperator; readonly child: Expression }
export interface Cast { readonly kind: 'cast'; readonly child: Expression; readonly to: DataType }
export interface Alias { readonly kind: 'alias'; readonly child: Expression; readonly name: string }
export interface WhenBranch { readonly condition: Expression; readonly value: Expression }
export interface CaseWhen {
  readonly kind: 'caseWhen';
  readonly branches: readonly WhenBranch[];
  readonly otherwise: Expression | null;
}
export interface In { readonly kind: 'in'; readonly child: Expression; readonly list: readonly Expression[] }
/** SQL LIKE with `_`/`%` wildcards and an escape character (Spark's default `\`). */
export interface Like { readonly kind: 'like'; readonly child: Expression; readonly pattern: string; readonly escapeChar: string }
/** Java-regex match anywhere in the string (Spark's RLIKE). */
export interface RLike { readonly kind: 'rlike'; readonly child: Expression; readonly pattern: string }
export interface Coalesce { readonly kind: 'coalesce'; readonly children: readonly Expression[] }
/** A scalar function call by registered name (see function-registry.ts). */
export interface Call { readonly kind: 'call'; readonly name: string; readonly args: readonly Expression[] }
/** A sort key; Spark's defaults are ascending nulls first, descending nulls last. */
export interface SortOrder {
  readonly kind: 'sortOrder';
  readonly child: Expression;
  readonly direction: 'asc' | 'desc';
  readonly nulls: 'first' | 'last';
}

/** Every expression kind. Each switch over it ends in assertNever. */
export type Expression =
  | ColumnRef | Literal | BinaryExpression | UnaryExpression | Cast | Alias | CaseWhen
  | In | Like | RLike | Coalesce | Call | SortOrder;
export type ExpressionKind = Expression['kind'];

export const ARITHMETIC_OPERATORS: ReadonlySet<BinaryOperator> = new Set(['add', 'subtract', 'multiply', 'divide', 'remainder']);
export const COMPARISON_OPERATORS: ReadonlySet<BinaryOperator> = new Set(['eq', 'eqNullSafe', 'lt', 'lte', 'gt', 'gte']);

/** The direct children of an expression, in evaluation order. */
export function childrenOf(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case 'column': case 'literal': return [];
    case 'binary': return [e.left, e.right];
    case 'unary': case 'cast': case 'alias': case 'like': case 'rlike': case 'sortOrder': return [e.child];
    case 'caseWhen': return [...e.branches.flatMap((b) => [b.condition, b.value]), ...(e.otherwise ? [e.otherwise] : [])];
    case 'in': return [e.child, ...e.list];
    case 'coalesce': return e.children;
    case 'call': return e.args;
  }
}
