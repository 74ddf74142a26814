// PySpark's `functions` that build expressions: col, lit, when, coalesce, and calls of registered
// scalar functions. A string argument names a column, as in PySpark (lit() makes a string literal).
import type { DataType } from '../types/index.js';
import { Column, toExpression } from './column.js';
import type { LiteralInput } from './literal-value.js';
import { literalOf } from './literal-value.js';

/** A column by name (a backquoted name is taken literally: col('`a.b`')). */
export function col(name: string): Column {
  const unquoted = name.length > 1 && name.startsWith('`') && name.endsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name;
  return new Column({ kind: 'column', name: unquoted });
}
export const column = col;

/** A literal; pass `dataType` to pick the type (a JS number 2 is an int unless told it is a double). */
export function lit(value: LiteralInput | Column, dataType?: DataType): Column {
  return value instanceof Column ? value : new Column(literalOf(value, dataType));
}

/** Starts a CASE WHEN; chain `.when(...)` and `.otherwise(...)`. */
export function when(condition: Column, value: Column | LiteralInput): Column {
  return new Column({ kind: 'caseWhen', branches: [{ condition: condition.expr, value: toExpression(value) }], otherwise: null });
}

const asColumn = (c: Column | string): Column => (typeof c === 'string' ? col(c) : c);

/** First non-null argument. */
export function coalesce(...cols: Array<Column | string>): Column {
  return new Column({ kind: 'coalesce', children: cols.map((c) => asColumn(c).expr) });
}

/** Calls a registered scalar function by name (PySpark's call_function). */
export function callFunction(name: string, ...cols: Array<Column | string>): Column {
  return new Column({ kind: 'call', name, args: cols.map((c) => asColumn(c).expr) });
}

export const upper = (c: Column | string): Column => callFunction('upper', c);
export const lower = (c: Column | string): Column => callFunction('lower', c);
export const length = (c: Column | string): Column => callFunction('length', c);
export const abs = (c: Column | string): Column => callFunction('abs', c);
export const sqrt = (c: Column | string): Column => callFunction('sqrt', c);
export const concat = (...cs: Array<Column | string>): Column => callFunction('concat', ...cs);
export const isnull = (c: Column | string): Column => asColumn(c).isNull();
export const not = (c: Column | string): Column => asColumn(c).not();
export const asc = (name: string): Column => col(name).asc();
export const desc = (name: string): Column => col(name).desc();
