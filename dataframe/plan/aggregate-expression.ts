// Aggregate calls (count, sum, avg, min, max, count distinct) inside an Aggregate's output list:
// recognised by name, their inputs bound against the child schema, typed as Spark types them.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { BoundExpression, Expression } from '../expressions/index.js';
import { castTo, expressionName, resolveExpression } from '../expressions/index.js';
import type { DataType, StructTypeData } from '../types/index.js';
import { boundedDecimal, isNumeric, sqlTypeName } from '../types/index.js';

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'count_distinct';
const AGGREGATES: ReadonlySet<string> = new Set(['count', 'sum', 'avg', 'mean', 'min', 'max', 'count_distinct']);

/** One aggregate as the executors evaluate it: inputs bound to the child's columns, output typed. */
export interface BoundAggregate {
  readonly fn: AggregateFunction;
  readonly args: readonly BoundExpression[];
  readonly dataType: DataType;
  readonly nullable: boolean;
}

const stripAlias = (e: Expression): Expression => (e.kind === 'alias' ? stripAlias(e.child) : e);

/** True when `e` (under aliases) is a call of an aggregate function. */
export function isAggregateCall(e: Expression): boolean {
  const s = stripAlias(e);
  return s.kind === 'call' && AGGREGATES.has(s.name.toLowerCase());
}

/** True when an aggregate call occurs anywhere in `e` (select(count('*')) makes an Aggregate). */
export function containsAggregate(e: Expression): boolean {
  if (e.kind === 'call' && AGGREGATES.has(e.name.toLowerCase())) return true;
  switch (e.kind) {
    case 'column': case 'literal': return false;
    case 'binary': return containsAggregate(e.left) || containsAggregate(e.right);
    case 'caseWhen': return e.branches.some((b) => containsAggregate(b.condition) || containsAggregate(b.value)) || (e.otherwise !== null && containsAggregate(e.otherwise));
    case 'in': return containsAggregate(e.child) || e.list.some(containsAggregate);
    case 'coalesce': return e.children.some(containsAggregate);
    case 'call': return e.args.some(containsAggregate);
    default: return containsAggregate(e.child);
  }
}

function mismatch(e: Expression, detail: string): EngineError {
  return new EngineError(ErrorCode.Analysis,
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${expressionName(e)}" due to data type mismatch: ${detail}.`,
    { fields: { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE', expression: expressionName(e) } });
}

const DOUBLE: DataType = { kind: 'double' };
const LONG: DataType = { kind: 'long' };

/** Binds the aggregate call `e` (no alias) against the child `schema`. */
export function resolveAggregateCall(e: Expression, schema: StructTypeData): BoundAggregate {
  if (e.kind !== 'call' || !AGGREGATES.has(e.name.toLowerCase())) {
    throw new EngineError(ErrorCode.Internal, `not an aggregate call: ${expressionName(e)}`);
  }
  for (const a of e.args) {
    if (containsAggregate(a)) {
      throw new EngineError(ErrorCode.Analysis,
        `[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument of another aggregate function.`,
        { fields: { errorClass: 'NESTED_AGGREGATE_FUNCTION' } });
    }
  }
  const name = e.name.toLowerCase();
  const args = e.args.map((a) => resolveExpression(a, schema));
  if (name === 'count' || name === 'count_distinct') {
    return { fn: name, args, dataType: LONG, nullable: false };
  }
  if (args.length !== 1) {
    throw new EngineError(ErrorCode.Analysis, `[WRONG_NUM_ARGS] The \`${name}\` requires 1 parameters but the actual number is ${args.length}.`,
      { fields: { errorClass: 'WRONG_NUM_ARGS', functionName: name } });
  }
  const a = args[0];
  const t = a.dataType;
  const typeError = () => mismatch(e, `parameter 1 requires the "NUMERIC" type, however "${expressionName(e.args[0])}" has the type "${sqlTypeName(t)}"`);
  switch (name) {
    case 'sum': {
      if (t.kind === 'decimal') return { fn: 'sum', args: [a], dataType: boundedDecimal(t.precision + 10, t.scale), nullable: true };
      if (t.kind === 'byte' || t.kind === 'short' || t.kind === 'integer' || t.kind === 'long') return { fn: 'sum', args: [castTo(a, LONG)], dataType: LONG, nullable: true };
      if (t.kind === 'float' || t.kind === 'double' || t.kind === 'string' || t.kind === 'null') return { fn: 'sum', args: [castTo(a, DOUBLE)], dataType: DOUBLE, nullable: true };
      throw typeError();
    }
    case 'avg': case 'mean': {
      if (!isNumeric(t) && t.kind !== 'string' && t.kind !== 'null') throw typeError();
      // Decimal averages are computed in double in this slice (Spark keeps decimal(p+4, s+4)).
      return { fn: 'avg', args: [castTo(a, DOUBLE)], dataType: DOUBLE, nullable: true };
    }
    default: {
      if (t.kind === 'map' || t.kind === 'struct' || t.kind === 'array' || t.kind === 'binary') {
        throw mismatch(e, `the ${name} function does not support ordering on type "${sqlTypeName(t)}"`);
      }
      return { fn: name as 'min' | 'max', args: [a], dataType: t, nullable: true };
    }
  }
}

/** `e` with each direct child replaced by `f(child)`. */
export function mapChildren(e: Expression, f: (c: Expression) => Expression): Expression {
  switch (e.kind) {
    case 'column': case 'literal': return e;
    case 'binary': return { ...e, left: f(e.left), right: f(e.right) };
    case 'unary': case 'cast': case 'alias': case 'like': case 'rlike': case 'sortOrder': return { ...e, child: f(e.child) };
    case 'caseWhen': return { ...e, branches: e.branches.map((b) => ({ condition: f(b.condition), value: f(b.value) })), otherwise: e.otherwise === null ? null : f(e.otherwise) };
    case 'in': return { ...e, child: f(e.child), list: e.list.map(f) };
    case 'coalesce': return { ...e, children: e.children.map(f) };
    case 'call': return { ...e, args: e.args.map(f) };
  }
}

/** Aggregate calls in `e`, outermost first, each once (by name). */
export function collectAggregateCalls(e: Expression, into: Expression[] = []): Expression[] {
  if (isAggregateCall(e) && e.kind !== 'alias') {
    if (!into.some((x) => expressionName(x) === expressionName(e))) into.push(e);
    return into;
  }
  mapChildren(e, (c) => { collectAggregateCalls(c, into); return c; });
  return into;
}
