// DataFrame: PySpark's DataFrame over an immutable logical plan. Transformations build a new plan and
// analyse it at once (AnalysisError on the line that named a missing column); actions run a job.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { Expression, SortOrder } from '../expressions/index.js';
import { Column, col, expressionName, resolveColumnIndex } from '../expressions/index.js';
import type { LogicalPlan } from '../plan/index.js';
import { analysing, containsAggregate, parseJoinType, planTreeString, schemaOf } from '../plan/index.js';
import { planRdd } from '../physical/index.js';
import { formatShow } from '../show/index.js';
import type { StructType } from '../types/index.js';
import { reviveStruct, treeString } from '../types/index.js';
import { GroupedData } from './grouped-data.js';
import { physicalTreeString } from './physical-tree-string.js';
import { toExternalValue } from './row-values.js';
import type { SessionContext } from './session-context.js';

/** A collected row: a plain object keyed by column name. */
export type Row = Record<string, unknown>;

type ColumnArg = Column | string;
const asColumn = (c: ColumnArg): Column => (typeof c === 'string' ? col(c) : c);
const flat = <T>(xs: ReadonlyArray<T | readonly T[]>): T[] => xs.flatMap((x) => (Array.isArray(x) ? x : [x as T]));

export class DataFrame {
  /** Analyses `plan` at once: a bad reference throws AnalysisError here. */
  constructor(readonly session: SessionContext, readonly plan: LogicalPlan) {
    analysing(() => schemaOf(plan));
  }

  private with(plan: LogicalPlan): DataFrame { return new DataFrame(this.session, plan); }

  get schema(): StructType { return reviveStruct(schemaOf(this.plan)); }
  get columns(): string[] { return schemaOf(this.plan).fields.map((f) => f.name); }
  get dtypes(): Array<[string, string]> { return this.schema.fields.map((f) => [f.name, f.dataType.toString()] as [string, string]); }

  /** Spark's schema tree (printSchema writes it to stdout). */
  schemaTreeString(level?: number): string { return treeString(schemaOf(this.plan), level); }
  printSchema(level?: number): void { process.stdout.write(this.schemaTreeString(level)); }

  /** Columns by name, Column or list; `'*'` is every column. */
  select(...cols: Array<ColumnArg | ColumnArg[]>): DataFrame {
    const exprs = flat(cols).flatMap((c): Expression[] => (c === '*' ? this.columns.map((name) => ({ kind: 'column', name })) : [asColumn(c).expr]));
    if (exprs.some(containsAggregate)) return this.with({ kind: 'aggregate', child: this.plan, grouping: [], aggregates: exprs });
    return this.with({ kind: 'project', child: this.plan, exprs });
  }

  filter(condition: Column | string): DataFrame {
    if (typeof condition === 'string') throw new EngineError(ErrorCode.Unsupported, 'filter(SQL string) needs the SQL parser, which is not built yet; pass a Column');
    return this.with({ kind: 'filter', child: this.plan, condition: condition.expr });
  }
  where(condition: Column | string): DataFrame { return this.filter(condition); }

  /** Adds a column, or replaces the one with that name (case-insensitively) in place. */
  withColumn(name: string, c: Column): DataFrame {
    const cols = this.columns;
    const at = cols.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    const keep: Expression[] = cols.map((name) => ({ kind: 'column', name }));
    const added: Expression = { kind: 'alias', child: c.expr, name };
    const exprs = at >= 0 ? keep.map((e, i) => (i === at ? added : e)) : [...keep, added];
    return this.with({ kind: 'project', child: this.plan, exprs });
  }

  /** Renames a column; a no-op when no column has that name. */
  withColumnRenamed(existing: string, renamed: string): DataFrame {
    const lower = existing.toLowerCase();
    if (!this.columns.some((n) => n.toLowerCase() === lower)) return this;
    const exprs: Expression[] = this.columns.map((n) => (n.toLowerCase() === lower
      ? { kind: 'alias', child: { kind: 'column', name: n }, name: renamed } : { kind: 'column', name: n }));
    return this.with({ kind: 'project', child: this.plan, exprs });
  }

  /** Drops columns by name (names not present are ignored, as in Spark). */
  drop(...cols: ColumnArg[]): DataFrame {
    const names = new Set(cols.map((c) => (typeof c === 'string' ? c : expressionName(c.expr)).toLowerCase()));
    const kept = this.columns.filter((n) => !names.has(n.toLowerCase()));
    if (kept.length === this.columns.length) return this;
    return this.with({ kind: 'project', child: this.plan, exprs: kept.map((n) => ({ kind: 'column', name: n })) });
  }

  groupBy(...cols: Array<ColumnArg | ColumnArg[]>): GroupedData {
    const grouping = flat(cols).map((c) => asColumn(c).expr);
    // Resolve at once, as PySpark does for groupBy('missing').
    analysing(() => { const s = schemaOf(this.plan); for (const g of grouping) if (g.kind === 'column') resolveColumnIndex(s, g.name); });
    return new GroupedData(this, grouping);
  }
  groupby(...cols: Array<ColumnArg | ColumnArg[]>): GroupedData { return this.groupBy(...cols); }

  /** Aggregates over all rows (groupBy().agg(...)). */
  agg(...exprs: Array<Column | Record<string, string>>): DataFrame { return this.groupBy().agg(...exprs); }

  /** Sorts by columns; `ascending` (one flag or one per column) applies to names and plain columns. */
  orderBy(...args: Array<ColumnArg | ColumnArg[] | { ascending: boolean | boolean[] }>): DataFrame {
    const last = args[args.length - 1];
    const opts = last !== undefined && typeof last === 'object' && !(last instanceof Column) && !Array.isArray(last) ? last as { ascending: boolean | boolean[] } : undefined;
    const cols = flat((opts === undefined ? args : args.slice(0, -1)) as Array<ColumnArg | ColumnArg[]>).map(asColumn);
    const orders: SortOrder[] = cols.map((c, i) => {
      if (c.expr.kind === 'sortOrder') return c.expr;
      const asc = opts === undefined ? true : Array.isArray(opts.ascending) ? opts.ascending[i] ?? true : opts.ascending;
      return (asc ? c.asc() : c.desc()).expr as SortOrder;
    });
    return this.with({ kind: 'sort', child: this.plan, orders });
  }
  sort(...args: Array<ColumnArg | ColumnArg[] | { ascending: boolean | boolean[] }>): DataFrame { return this.orderBy(...args); }

  limit(n: number): DataFrame {
    if (!Number.isInteger(n) || n < 0) throw new EngineError(ErrorCode.InvalidArgument, `limit needs a non-negative integer, got ${n}`);
    return this.with({ kind: 'limit', child: this.plan, n });
  }

  /**
   * Joins on column names (`'id'` or `['a', 'b']`, each output once) or on a Column condition of
   * equalities between the sides. `how`: inner, left/left_outer, right/right_outer, full/outer/full_outer,
   * semi/left_semi, anti/left_anti.
   */
  join(other: DataFrame, on: string | string[] | Column, how = 'inner'): DataFrame {
    const type = parseJoinType(how);
    if (type === undefined) {
      throw new EngineError(ErrorCode.InvalidArgument,
        `[UNSUPPORTED_JOIN_TYPE] Unsupported join type '${how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti'.`,
        { fields: { errorClass: 'UNSUPPORTED_JOIN_TYPE', how } });
    }
    const criteria = on instanceof Column
      ? { kind: 'on' as const, condition: on.expr }
      : { kind: 'using' as const, columns: typeof on === 'string' ? [on] : on };
    return this.with({ kind: 'join', left: this.plan, right: other.plan, how: type, criteria });
  }

  distinct(): DataFrame { return this.with({ kind: 'distinct', child: this.plan }); }
  /** UNION ALL by position (duplicates kept, as PySpark's union). */
  union(other: DataFrame): DataFrame { return this.with({ kind: 'union', left: this.plan, right: other.plan }); }
  unionAll(other: DataFrame): DataFrame { return this.union(other); }
  /** Union matching columns by name (the other side reordered to this one's columns). */
  unionByName(other: DataFrame): DataFrame {
    const right = analysing(() => other.select(...this.columns.map((n) => new Column({ kind: 'column', name: n }))));
    return this.union(right);
  }

  /** Rows as arrays of internal values (for show and tests). */
  async collectInternal(): Promise<unknown[][]> {
    return (await planRdd(this.plan, this.session.plannerOptions())).collect();
  }

  async collect(): Promise<Row[]> {
    const fields = schemaOf(this.plan).fields;
    return (await this.collectInternal()).map((r) => Object.fromEntries(fields.map((f, i) => [f.name, toExternalValue(r[i], f.dataType)])));
  }

  async take(n: number): Promise<Row[]> { return this.limit(n).collect(); }
  async first(): Promise<Row | null> { return (await this.take(1))[0] ?? null; }

  async count(): Promise<number> { return (await planRdd(this.plan, this.session.plannerOptions())).count(); }

  /** Spark's show() text: the first n rows, cells cut to 20 characters unless truncate is false. */
  async showString(n = 20, truncate: boolean | number = true, vertical = false): Promise<string> {
    const rows = await this.limit(Math.max(0, n) + 1).collectInternal();
    return formatShow(schemaOf(this.plan), rows, { n, truncate, vertical });
  }
  async show(n = 20, truncate: boolean | number = true, vertical = false): Promise<void> {
    process.stdout.write(await this.showString(n, truncate, vertical));
  }

  /** explain()'s text: the physical plan, and with `extended` the analyzed logical plan before it. */
  explainString(extended = false): string {
    const physical = `== Physical Plan ==\n${physicalTreeString(this.plan)}`;
    if (!extended) return physical;
    return `== Analyzed Logical Plan ==\n${this.schema.fields.map((f) => `${f.name}: ${f.dataType.toString()}`).join(', ')}\n${planTreeString(this.plan)}\n${physical}`;
  }
  explain(extended = false): void { process.stdout.write(`${this.explainString(extended)}\n`); }

  /** PySpark's repr: `DataFrame[a: bigint, b: string]`. */
  toString(): string { return `DataFrame[${this.schema.fields.map((f) => `${f.name}: ${f.dataType.toString()}`).join(', ')}]`; }
}
