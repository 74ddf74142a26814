// GroupedData: what groupBy returns; agg and the shortcut aggregates (count, sum, avg/mean, min, max).
import { EngineError, ErrorCode } from '../../common/index.js';
import type { Expression } from '../expressions/index.js';
import { Column, avg, count, countDistinct, max, min, sum } from '../expressions/index.js';
import { isNumeric } from '../types/index.js';
import type { DataFrame } from './data-frame.js';

const BY_NAME: Readonly<Record<string, (c: string) => Column>> = {
  count, sum, avg, mean: avg, min, max, count_distinct: countDistinct,
};

export class GroupedData {
  constructor(private readonly df: DataFrame, private readonly grouping: readonly Expression[]) {}

  /** Aggregates given as Columns, or as `{column: 'function'}` (output named `function(column)`). */
  agg(...exprs: Array<Column | Record<string, string>>): DataFrame {
    const aggs = exprs.flatMap((e) => (e instanceof Column ? [e.expr] : Object.entries(e).map(([c, fn]) => {
      const f = BY_NAME[fn.toLowerCase()];
      if (f === undefined) throw new EngineError(ErrorCode.InvalidArgument, `unknown aggregate function ${fn}`);
      return f(c).expr;
    })));
    return this.build(aggs);
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame { return this.build([count('*').alias('count').expr]); }
  sum(...cols: string[]): DataFrame { return this.numeric(sum, cols); }
  avg(...cols: string[]): DataFrame { return this.numeric(avg, cols); }
  mean(...cols: string[]): DataFrame { return this.numeric(avg, cols); }
  min(...cols: string[]): DataFrame { return this.numeric(min, cols); }
  max(...cols: string[]): DataFrame { return this.numeric(max, cols); }

  /** Spark applies the shortcut to every numeric column when none is named. */
  private numeric(f: (c: string) => Column, cols: string[]): DataFrame {
    const names = cols.length > 0 ? cols : this.df.schema.fields.filter((x) => isNumeric(x.dataType)).map((x) => x.name);
    return this.build(names.map((n) => f(n).expr));
  }

  private build(aggregates: readonly Expression[]): DataFrame {
    // Grouping columns come first in the output, as Spark's groupBy(...).agg(...) puts them.
    const keys = this.grouping;
    return new (this.df.constructor as typeof DataFrame)(this.df.session,
      { kind: 'aggregate', child: this.df.plan, grouping: keys, aggregates: [...keys, ...aggregates] });
  }
}
