// The plan analyzer: resolves every node's names against its children's schemas (reusing the
// expression resolver, so errors carry UNRESOLVED_COLUMN suggestions) and computes output schemas
// with Spark's types and nullability. Results are memoized per node object (plans are immutable).
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { BoundExpression, Expression } from '../expressions/index.js';
import { castTo, expressionName, resolveColumnIndex, resolveExpression, toSqlId } from '../expressions/index.js';
import type { DataType, StructFieldData, StructTypeData } from '../types/index.js';
import { commonType, simpleString, sqlTypeName } from '../types/index.js';
import type { BoundAggregate } from './aggregate-expression.js';
import { collectAggregateCalls, isAggregateCall, mapChildren, resolveAggregateCall } from './aggregate-expression.js';
import type { Aggregate, Join, LogicalPlan, Union } from './logical-plan.js';

const field = (name: string, dataType: DataType, nullable: boolean): StructFieldData => ({ name, dataType, nullable, metadata: {} });
const struct = (fields: readonly StructFieldData[]): StructTypeData => ({ kind: 'struct', fields });
const stripAlias = (e: Expression): Expression => (e.kind === 'alias' ? stripAlias(e.child) : e);

/** Spark's output name of a projected expression: its alias, column name or pretty SQL. */
export const outputName = (e: Expression): string => expressionName(e);

/** A projection list bound against `schema`, with its output schema. */
export function resolveProjection(exprs: readonly Expression[], schema: StructTypeData): { bound: BoundExpression[]; schema: StructTypeData } {
  const bound = exprs.map((e) => resolveExpression(e, schema));
  return { bound, schema: struct(bound.map((b, i) => field(outputName(exprs[i]), b.dataType, b.nullable))) };
}

/** A filter condition bound against `schema`; it must be boolean. */
export function resolveCondition(condition: Expression, schema: StructTypeData): BoundExpression {
  const b = resolveExpression(condition, schema);
  if (b.dataType.kind !== 'boolean' && b.dataType.kind !== 'null') {
    throw new EngineError(ErrorCode.Analysis,
      `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${expressionName(condition)}" due to data type mismatch: Filter expression "${expressionName(condition)}" of type "${sqlTypeName(b.dataType)}" is not a boolean.`,
      { fields: { errorClass: 'DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN' } });
  }
  return castTo(b, { kind: 'boolean' });
}

/** An intermediate aggregate column: a grouping key (by index) or an aggregate (by index). */
export type AggregateOutput = { readonly kind: 'group'; readonly index: number } | { readonly kind: 'aggregate'; readonly index: number };
/**
 * An Aggregate as two steps: the hash aggregation's `intermediate` rows (grouping values, then
 * aggregate values), and `results` bound against them — output expressions over grouping
 * expressions and aggregates (`sum(a) / count(1)`, `k + 1` when grouped by k).
 */
export interface ResolvedAggregate {
  readonly grouping: readonly BoundExpression[];
  readonly aggregates: readonly BoundAggregate[];
  readonly intermediate: StructTypeData;
  readonly results: readonly BoundExpression[];
  readonly schema: StructTypeData;
}

const groupColumn = (i: number): string => `__group_${i}`;
const aggregateColumn = (i: number): string => `__aggregate_${i}`;

export function resolveAggregate(p: Aggregate): ResolvedAggregate {
  const input = schemaOf(p.child);
  const grouping = p.grouping.map((g) => resolveExpression(g, input));
  const groupNames = p.grouping.map((g) => expressionName(stripAlias(g)).toLowerCase());
  const calls: Expression[] = [];
  for (const e of p.aggregates) collectAggregateCalls(e, calls);
  const aggregates = calls.map((c) => resolveAggregateCall(c, input));
  const callNames = calls.map(expressionName);
  const intermediate = struct([
    ...grouping.map((g, i) => field(groupColumn(i), g.dataType, g.nullable)),
    ...aggregates.map((a, i) => field(aggregateColumn(i), a.dataType, a.nullable)),
  ]);
  // Rewrites an output expression over the intermediate columns; a column left over is not grouped.
  const rewrite = (e: Expression): Expression => {
    if (e.kind === 'alias') return rewrite(e.child);
    const ai = isAggregateCall(e) ? callNames.indexOf(expressionName(e)) : -1;
    if (ai >= 0) return { kind: 'column', name: aggregateColumn(ai) };
    const gi = groupNames.indexOf(expressionName(e).toLowerCase());
    if (gi >= 0) return { kind: 'column', name: groupColumn(gi) };
    if (e.kind === 'column') {
      resolveExpression(e, input);
      throw new EngineError(ErrorCode.Analysis,
        `[MISSING_AGGREGATION] The non-aggregating expression "${e.name}" is based on columns which are not participating in the GROUP BY clause. ` +
        `Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${e.name})" if you do not care which of the values within a group is returned.`,
        { fields: { errorClass: 'MISSING_AGGREGATION', expression: e.name } });
    }
    return mapChildren(e, rewrite);
  };
  const results = p.aggregates.map((e) => resolveExpression(rewrite(e), intermediate));
  return { grouping, aggregates, intermediate, results, schema: struct(results.map((b, i) => field(outputName(p.aggregates[i]), b.dataType, b.nullable))) };
}

/** A join output column: from one side, or (full outer USING key) the first non-null of both. */
export type JoinOutput =
  | { readonly kind: 'left'; readonly index: number }
  | { readonly kind: 'right'; readonly index: number }
  | { readonly kind: 'coalesce'; readonly left: number; readonly right: number; readonly key: number };
export interface ResolvedJoin {
  /** Key expressions per side, cast to a common type so equal keys encode equally. */
  readonly leftKeys: readonly BoundExpression[];
  readonly rightKeys: readonly BoundExpression[];
  readonly output: readonly JoinOutput[];
  readonly schema: StructTypeData;
}

function conjuncts(e: Expression): Expression[] {
  return e.kind === 'binary' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function tryResolve(e: Expression, schema: StructTypeData): BoundExpression | null {
  try { return resolveExpression(e, schema); } catch { return null; }
}

function keyPair(l: BoundExpression, r: BoundExpression, what: string): [BoundExpression, BoundExpression] {
  const t = commonType([l.dataType, r.dataType]);
  if (t === null) {
    throw new EngineError(ErrorCode.Analysis,
      `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "${what}" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${sqlTypeName(l.dataType)}" and "${sqlTypeName(r.dataType)}").`,
      { fields: { errorClass: 'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES' } });
  }
  return [castTo(l, t), castTo(r, t)];
}

export function resolveJoin(p: Join): ResolvedJoin {
  const ls = schemaOf(p.left);
  const rs = schemaOf(p.right);
  const leftNullable = p.how === 'right' || p.how === 'full';
  const rightNullable = p.how === 'left' || p.how === 'full';
  const leftOnly = p.how === 'semi' || p.how === 'anti';
  const leftKeys: BoundExpression[] = [];
  const rightKeys: BoundExpression[] = [];
  const output: JoinOutput[] = [];
  const fields: StructFieldData[] = [];
  if (p.criteria.kind === 'using') {
    const usedL = new Set<number>();
    const usedR = new Set<number>();
    for (const name of p.criteria.columns) {
      const side = (schema: StructTypeData, which: string): number => {
        try { return resolveColumnIndex(schema, name); } catch {
          throw new EngineError(ErrorCode.Analysis,
            `[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column ${toSqlId(name)} cannot be resolved on the ${which} side of the join. The ${which}-side columns: [${schema.fields.map((f) => toSqlId(f.name)).join(', ')}].`,
            { fields: { errorClass: 'UNRESOLVED_USING_COLUMN_FOR_JOIN', colName: name, side: which } });
        }
      };
      const li = side(ls, 'left');
      const ri = side(rs, 'right');
      usedL.add(li); usedR.add(ri);
      const lf = ls.fields[li]; const rf = rs.fields[ri];
      const [lk, rk] = keyPair(
        { kind: 'input', ordinal: li, name: lf.name, dataType: lf.dataType, nullable: lf.nullable },
        { kind: 'input', ordinal: ri, name: rf.name, dataType: rf.dataType, nullable: rf.nullable }, `(${lf.name} = ${rf.name})`);
      leftKeys.push(lk); rightKeys.push(rk);
      if (p.how === 'full') {
        output.push({ kind: 'coalesce', left: li, right: ri, key: leftKeys.length - 1 });
        // Spark's UpdateAttributeNullability makes both sides of a full outer join nullable first.
        fields.push(field(lf.name, lk.dataType, true));
      } else if (p.how === 'right') {
        output.push({ kind: 'right', index: ri });
        fields.push(field(rf.name, rf.dataType, rf.nullable));
      } else {
        output.push({ kind: 'left', index: li });
        fields.push(field(lf.name, lf.dataType, lf.nullable));
      }
    }
    ls.fields.forEach((f, i) => {
      if (!usedL.has(i)) { output.push({ kind: 'left', index: i }); fields.push(field(f.name, f.dataType, f.nullable || leftNullable)); }
    });
    if (!leftOnly) {
      rs.fields.forEach((f, i) => {
        if (!usedR.has(i)) { output.push({ kind: 'right', index: i }); fields.push(field(f.name, f.dataType, f.nullable || rightNullable)); }
      });
    }
    return { leftKeys, rightKeys, output, schema: struct(fields) };
  }
  for (const c of conjuncts(p.criteria.condition)) {
    const pair = c.kind === 'binary' && c.op === 'eq' ? c : null;
    let keys: [BoundExpression, BoundExpression] | null = null;
    if (pair !== null) {
      const l1 = tryResolve(pair.left, ls); const r1 = tryResolve(pair.right, rs);
      if (l1 !== null && r1 !== null) keys = keyPair(l1, r1, expressionName(c));
      else {
        const l2 = tryResolve(pair.right, ls); const r2 = tryResolve(pair.left, rs);
        if (l2 !== null && r2 !== null) keys = keyPair(l2, r2, expressionName(c));
      }
    }
    if (keys === null) {
      // Resolve against both sides for Spark's UNRESOLVED_COLUMN error when a name is simply wrong.
      resolveExpression(c, struct([...ls.fields, ...rs.fields]));
      throw new EngineError(ErrorCode.Unsupported,
        `join condition "${expressionName(c)}" is not an equality between a column of each side; this engine supports equi-joins only`,
        { fields: { condition: expressionName(c) } });
    }
    leftKeys.push(keys[0]); rightKeys.push(keys[1]);
  }
  ls.fields.forEach((f, i) => { output.push({ kind: 'left', index: i }); fields.push(field(f.name, f.dataType, f.nullable || leftNullable)); });
  if (!leftOnly) rs.fields.forEach((f, i) => { output.push({ kind: 'right', index: i }); fields.push(field(f.name, f.dataType, f.nullable || rightNullable)); });
  return { leftKeys, rightKeys, output, schema: struct(fields) };
}

/** Column types of a union: each position's common type (Spark widens by position). */
export function resolveUnion(p: Union): StructTypeData {
  const l = schemaOf(p.left);
  const r = schemaOf(p.right);
  if (l.fields.length !== r.fields.length) {
    throw new EngineError(ErrorCode.Analysis,
      `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has ${l.fields.length} columns and the second input has ${r.fields.length} columns.`,
      { fields: { errorClass: 'NUM_COLUMNS_MISMATCH' } });
  }
  return struct(l.fields.map((f, i) => {
    const g = r.fields[i];
    const t = commonType([f.dataType, g.dataType]);
    if (t === null) {
      throw new EngineError(ErrorCode.Analysis,
        `[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed on tables with compatible column types. The ${ordinal(i + 1)} column of the second table is "${simpleString(g.dataType).toUpperCase()}" type which is not compatible with "${simpleString(f.dataType).toUpperCase()}" at the same column of the first table.`,
        { fields: { errorClass: 'INCOMPATIBLE_COLUMN_TYPE' } });
    }
    return field(f.name, t, f.nullable || g.nullable);
  }));
}

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

const schemas = new WeakMap<LogicalPlan, StructTypeData>();

/** The output schema of `plan`, analysing it (and its inputs) on first use; throws ANALYSIS errors. */
export function schemaOf(plan: LogicalPlan): StructTypeData {
  const known = schemas.get(plan);
  if (known !== undefined) return known;
  const s = computeSchema(plan);
  schemas.set(plan, s);
  return s;
}

function computeSchema(p: LogicalPlan): StructTypeData {
  switch (p.kind) {
    case 'localRelation': return p.schema;
    case 'project': return resolveProjection(p.exprs, schemaOf(p.child)).schema;
    case 'filter': resolveCondition(p.condition, schemaOf(p.child)); return schemaOf(p.child);
    case 'aggregate': return resolveAggregate(p).schema;
    case 'sort': {
      const s = schemaOf(p.child);
      for (const o of p.orders) resolveExpression(o.child, s);
      return s;
    }
    case 'limit': case 'distinct': return schemaOf(p.child);
    case 'join': return resolveJoin(p).schema;
    case 'union': return resolveUnion(p);
    default: return assertNever(p, 'logical plan');
  }
}
