// Row-group pruning: a row group is skipped only when its min/max/null-count statistics prove that
// no row satisfies a conjunction of simple predicates. Missing statistics never prune.

/** A comparison with a literal; values are numbers, bigints, strings, booleans or Dates. */
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type PredicateValue = number | bigint | string | boolean | Date;

/** One conjunct of a pushed-down filter, as plain data. */
export type ParquetPredicate =
  | { readonly column: string; readonly op: ComparisonOp; readonly value: PredicateValue }
  | { readonly column: string; readonly op: 'isNull' | 'isNotNull' };

/** The statistics of one column chunk, as far as the file has them. */
export interface ColumnStatistics {
  readonly min?: PredicateValue;
  readonly max?: PredicateValue;
  readonly nullCount?: number;
}

/** What pruning needs to know of a row group. */
export interface RowGroupStatistics {
  readonly numRows: number;
  readonly columns: Readonly<Record<string, ColumnStatistics>>;
}

type Comparable = number | bigint | string | boolean;

// Date statistics are kept to the millisecond (timestamps may hold µs): widen by 1 ms to stay safe.
function bound(v: PredicateValue, side: 'min' | 'max'): Comparable {
  if (v instanceof Date) return v.getTime() + (side === 'min' ? -1 : 1);
  return v;
}

function literal(v: PredicateValue, stat: PredicateValue): Comparable | undefined {
  if (stat instanceof Date) {
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'string') { const t = Date.parse(v); return Number.isNaN(t) ? undefined : t; }
    if (typeof v === 'number') return v;
    return undefined;
  }
  if (v instanceof Date) return undefined;
  const numeric = (x: unknown): boolean => typeof x === 'number' || typeof x === 'bigint';
  if (numeric(stat) && numeric(v)) return v as number | bigint;
  return typeof stat === typeof v ? (v as Comparable) : undefined;
}

/** True when statistics prove that no row of the group can satisfy `p`. */
export function canSkip(p: ParquetPredicate, rg: RowGroupStatistics): boolean {
  const s = rg.columns[p.column];
  if (s === undefined) return false;
  const allNull = s.nullCount !== undefined && s.nullCount >= rg.numRows && rg.numRows > 0;
  if (p.op === 'isNull') return s.nullCount === 0;
  if (p.op === 'isNotNull') return allNull;
  if (allNull) return true; // comparisons with null are never true
  if (s.min === undefined || s.max === undefined) return false;
  const v = literal((p as { value: PredicateValue }).value, s.min);
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return false;
  const min = bound(s.min, 'min'), max = bound(s.max, 'max');
  switch (p.op) {
    case '=': return v < min || v > max;
    case '!=': return !(s.min instanceof Date) && min === max && min == v; // eslint-disable-line eqeqeq
    case '<': return min >= v;
    case '<=': return min > v;
    case '>': return max <= v;
    case '>=': return max < v;
  }
}

/** Indexes of the row groups that may hold rows satisfying every predicate. */
export function selectRowGroups(rowGroups: readonly RowGroupStatistics[], predicates: readonly ParquetPredicate[]): number[] {
  const keep: number[] = [];
  rowGroups.forEach((rg, i) => { if (!predicates.some((p) => canSkip(p, rg))) keep.push(i); });
  return keep;
}
