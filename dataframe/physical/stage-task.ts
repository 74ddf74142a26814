// What an executor runs for one DataFrame stage, as plain data shipped inside the task: a fragment
// (vectorized filters and projections over a batch, then a sink), or a step after a shuffle.
import type { BoundExpression } from '../expressions/index.js';
import type { AggregateOutput, BoundAggregate, JoinOutput, JoinType } from '../plan/index.js';
import type { StructTypeData } from '../types/index.js';

/** A narrow operator applied column-at-a-time to a batch. */
export type BatchOp =
  | { readonly kind: 'filter'; readonly predicate: BoundExpression }
  | { readonly kind: 'project'; readonly exprs: readonly BoundExpression[]; readonly schema: StructTypeData };

export interface SortKey { readonly expr: BoundExpression; readonly direction: 'asc' | 'desc'; readonly nulls: 'first' | 'last' }

/** What a fragment emits from its final batch. */
export type FragmentSink =
  | { readonly kind: 'rows' }
  /** `[keyString, [keyValues, accumulators]]` per group of this partition. */
  | { readonly kind: 'partialAggregate'; readonly keys: readonly BoundExpression[]; readonly aggregates: readonly BoundAggregate[] }
  /** `[keyString, [row, keyValues]]` per row; rows with a null key get a unique key when kept, else are dropped. */
  | { readonly kind: 'keyBy'; readonly keys: readonly BoundExpression[]; readonly keepNullKeys: boolean }
  /** `[rowKeyString, row]` per row. */
  | { readonly kind: 'distinctKey' }
  /** `[orderKey, row]` per row, for sortByKey (see row-key.ts's orderKey). */
  | { readonly kind: 'sortKey'; readonly keys: readonly SortKey[] }
  /** Rows in key order, the first `limit` of them when given. */
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[]; readonly limit: number | null };

/** A stage's work on one partition. */
export type StageTask =
  | { readonly kind: 'fragment'; readonly inputSchema: StructTypeData; readonly ops: readonly BatchOp[]; readonly sink: FragmentSink }
  /** Input `[keyString, partials[]]` after the shuffle; emits output rows (one default row for a global aggregate of nothing). */
  | { readonly kind: 'finalAggregate'; readonly aggregates: readonly BoundAggregate[]; readonly output: readonly AggregateOutput[]; readonly global: boolean }
  /** Input `[keyString, [leftEntries, rightEntries]]` from cogroup; emits joined rows. */
  | { readonly kind: 'joinRows'; readonly how: JoinType; readonly output: readonly JoinOutput[] }
  | { readonly kind: 'limit'; readonly n: number };
