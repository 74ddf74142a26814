// Logical plan nodes as a closed union of plain, serializable data tagged by `kind` (DataFusion's
// LogicalPlan enum): what a DataFrame holds, what the analyzer types and the physical planner compiles.
import type { Expression, SortOrder } from '../expressions/index.js';
import type { StructTypeData } from '../types/index.js';

/** Rows held by the driver: arrays of internal values (see LiteralValue) in `schema`'s column order. */
export interface LocalRelation {
  readonly kind: 'localRelation';
  readonly schema: StructTypeData;
  readonly rows: ReadonlyArray<ReadonlyArray<unknown>>;
}
export interface Project { readonly kind: 'project'; readonly child: LogicalPlan; readonly exprs: readonly Expression[] }
export interface Filter { readonly kind: 'filter'; readonly child: LogicalPlan; readonly condition: Expression }
/** GROUP BY `grouping`, output `aggregates` (grouping columns and aggregate calls, maybe aliased). */
export interface Aggregate {
  readonly kind: 'aggregate';
  readonly child: LogicalPlan;
  readonly grouping: readonly Expression[];
  readonly aggregates: readonly Expression[];
}
export interface Sort { readonly kind: 'sort'; readonly child: LogicalPlan; readonly orders: readonly SortOrder[] }
export interface Limit { readonly kind: 'limit'; readonly child: LogicalPlan; readonly n: number }

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';
/** Equi-join: `using` columns (output once, Spark's USING) or a condition of ANDed equalities across sides. */
export type JoinCriteria =
  | { readonly kind: 'using'; readonly columns: readonly string[] }
  | { readonly kind: 'on'; readonly condition: Expression };
export interface Join {
  readonly kind: 'join';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly how: JoinType;
  readonly criteria: JoinCriteria;
}
export interface Distinct { readonly kind: 'distinct'; readonly child: LogicalPlan }
/** UNION ALL by position (PySpark's union). */
export interface Union { readonly kind: 'union'; readonly left: LogicalPlan; readonly right: LogicalPlan }

/** Every logical node. Each switch over it ends in assertNever. */
export type LogicalPlan = LocalRelation | Project | Filter | Aggregate | Sort | Limit | Join | Distinct | Union;

/** Direct inputs of a node, left to right. */
export function planChildren(p: LogicalPlan): readonly LogicalPlan[] {
  switch (p.kind) {
    case 'localRelation': return [];
    case 'join': case 'union': return [p.left, p.right];
    default: return [p.child];
  }
}

const JOIN_ALIASES: Readonly<Record<string, JoinType>> = {
  inner: 'inner', cross: 'inner',
  left: 'left', leftouter: 'left', left_outer: 'left',
  right: 'right', rightouter: 'right', right_outer: 'right',
  full: 'full', outer: 'full', fullouter: 'full', full_outer: 'full',
  semi: 'semi', leftsemi: 'semi', left_semi: 'semi',
  anti: 'anti', leftanti: 'anti', left_anti: 'anti',
};

/** Spark's join type names (`left_outer`, `leftsemi`, ...) to a JoinType; undefined if unknown. */
export function parseJoinType(how: string): JoinType | undefined {
  return JOIN_ALIASES[how.toLowerCase()];
}
