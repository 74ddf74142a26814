// Resolved ("bound") expressions: plain data like Expression, but every node carries its output type and
// nullability, columns are input ordinals, implicit casts are explicit and aliases/sort keys are stripped.
import type { DataType } from '../types/index.js';
import type {
  ArithmeticOperator, ComparisonOperator, LiteralValue, LogicalOperator, UnaryOperator,
} from './expression.js';

interface Typed { readonly dataType: DataType; readonly nullable: boolean }

export interface BoundInput extends Typed { readonly kind: 'input'; readonly ordinal: number; readonly name: string }
export interface BoundLiteral extends Typed { readonly kind: 'literal'; readonly value: LiteralValue }
export interface BoundArithmetic extends Typed {
  readonly kind: 'arithmetic'; readonly op: ArithmeticOperator; readonly left: BoundExpression; readonly right: BoundExpression;
}
export interface BoundComparison extends Typed {
  readonly kind: 'comparison'; readonly op: ComparisonOperator; readonly left: BoundExpression; readonly right: BoundExpression;
}
export interface BoundLogical extends Typed {
  readonly kind: 'logical'; readonly op: LogicalOperator; readonly left: BoundExpression; readonly right: BoundExpression;
}
export interface BoundUnary extends Typed { readonly kind: 'unary'; readonly op: UnaryOperator; readonly child: BoundExpression }
/** Cast of `child` to this node's dataType (non-ANSI: invalid input becomes null). */
export interface BoundCast extends Typed { readonly kind: 'cast'; readonly child: BoundExpression }
export interface BoundCaseWhen extends Typed {
  readonly kind: 'caseWhen';
  readonly branches: ReadonlyArray<{ readonly condition: BoundExpression; readonly value: BoundExpression }>;
  readonly otherwise: BoundExpression | null;
}
export interface BoundIn extends Typed { readonly kind: 'in'; readonly child: BoundExpression; readonly list: readonly BoundExpression[] }
/** LIKE and RLIKE, both as a JS regular expression source matched with `test`. */
export interface BoundRegexMatch extends Typed {
  readonly kind: 'regexMatch'; readonly child: BoundExpression; readonly regex: string; readonly flags: string;
}
export interface BoundCoalesce extends Typed { readonly kind: 'coalesce'; readonly children: readonly BoundExpression[] }
export interface BoundCall extends Typed { readonly kind: 'call'; readonly name: string; readonly args: readonly BoundExpression[] }

export type BoundExpression =
  | BoundInput | BoundLiteral | BoundArithmetic | BoundComparison | BoundLogical | BoundUnary | BoundCast
  | BoundCaseWhen | BoundIn | BoundRegexMatch | BoundCoalesce | BoundCall;
