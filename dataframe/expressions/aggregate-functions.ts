// PySpark's aggregate functions (count, sum, avg/mean, min, max, countDistinct) as calls by name;
// only an Aggregate (groupBy().agg, or a select of aggregates) can evaluate them.
import { Column } from './column.js';
import { col } from './functions.js';
import { literalOf } from './literal-value.js';

const asColumn = (c: Column | string): Column => (typeof c === 'string' ? col(c) : c);
const call = (name: string, ...cols: Column[]): Column => new Column({ kind: 'call', name, args: cols.map((c) => c.expr) });

/** Rows where the argument is not null; `count('*')` counts every row (named `count(1)`, as in Spark). */
export const count = (c: Column | string): Column => call('count', c === '*' ? new Column(literalOf(1)) : asColumn(c));
export const sum = (c: Column | string): Column => call('sum', asColumn(c));
export const avg = (c: Column | string): Column => call('avg', asColumn(c));
/** Same as avg; Spark names the column `avg(x)`. */
export const mean = (c: Column | string): Column => call('avg', asColumn(c));
export const min = (c: Column | string): Column => call('min', asColumn(c));
export const max = (c: Column | string): Column => call('max', asColumn(c));
/** Distinct non-null tuples of the arguments (`count(DISTINCT a, b)`). */
export const countDistinct = (c: Column | string, ...more: Array<Column | string>): Column => call('count_distinct', asColumn(c), ...more.map(asColumn));
export const count_distinct = countDistinct;
