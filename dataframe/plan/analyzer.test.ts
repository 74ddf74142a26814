import t from 'tap';
import { Packr } from 'msgpackr';
import { avg, col, count, countDistinct, lit, max, min, sum } from '../expressions/index.js';
import type { Expression } from '../expressions/index.js';
import * as T from '../types/index.js';
import type { LogicalPlan } from './index.js';
import { AnalysisError, analysing, parseJoinType, planChildren, planTreeString, resolveJoin, schemaOf } from './index.js';

const people: LogicalPlan = {
  kind: 'localRelation',
  schema: new T.StructType([
    new T.StructField('id', new T.IntegerType(), false),
    new T.StructField('name', new T.StringType()),
    new T.StructField('salary', new T.LongType()),
    new T.StructField('dept', new T.StringType()),
  ]),
  rows: [[1, 'a', 10n, 'x'], [2, null, null, 'y']],
};
const depts: LogicalPlan = {
  kind: 'localRelation',
  schema: new T.StructType([new T.StructField('dept', new T.StringType(), false), new T.StructField('budget', new T.DoubleType(), false), new T.StructField('id', new T.LongType(), false)]),
  rows: [['x', 1.5, 1n]],
};
const fields = (p: LogicalPlan) => schemaOf(p).fields.map((f) => `${f.name}:${T.simpleString(f.dataType)}:${f.nullable}`);
const e = (c: { expr: Expression }) => c.expr;

t.test('schemaOf', async (t) => {
  t.test('types a projection with Spark names and nullability', async (t) => {
    const p: LogicalPlan = { kind: 'project', child: people, exprs: [e(col('id').plus(1)), e(col('salary').alias('s')), e(col('id').divide(2))] };
    t.same(fields(p), ['(id + 1):int:false', 's:bigint:true', '(id / 2):double:true']);
  });

  t.test('types aggregates as Spark does: count bigint not null, sum long, avg double, min/max keep the type', async (t) => {
    const p: LogicalPlan = {
      kind: 'aggregate', child: people, grouping: [e(col('dept'))],
      aggregates: [e(col('dept')), e(count(lit(1))), e(sum('id')), e(avg('salary')), e(min('name')), e(max('salary').alias('top')), e(countDistinct('name', 'dept'))],
    };
    t.same(fields(p), ['dept:string:true', 'count(1):bigint:false', 'sum(id):bigint:true', 'avg(salary):double:true', 'min(name):string:true', 'top:bigint:true', 'count(DISTINCT name, dept):bigint:false']);
  });

  t.test('sums decimals with 10 more digits of precision and doubles as double', async (t) => {
    const rel: LogicalPlan = { kind: 'localRelation', schema: new T.StructType([new T.StructField('p', new T.DecimalType(10, 2)), new T.StructField('d', new T.FloatType())]), rows: [] };
    t.same(fields({ kind: 'aggregate', child: rel, grouping: [], aggregates: [e(sum('p')), e(sum('d'))] }), ['sum(p):decimal(20,2):true', 'sum(d):double:true']);
  });

  t.test('types expressions over aggregates and grouping keys', async (t) => {
    const p: LogicalPlan = {
      kind: 'aggregate', child: people, grouping: [e(col('dept')), e(col('id').plus(1))],
      aggregates: [e(col('DEPT')), e(col('id').plus(1)), e(sum('salary').divide(count(lit(1))).alias('mean')), e(max('id').plus(col('id').plus(1)))],
    };
    t.same(fields(p), ['DEPT:string:true', '(id + 1):int:false', 'mean:double:true', '(max(id) + (id + 1)):int:true']);
    t.throws(() => schemaOf({ ...p, aggregates: [e(col('id').plus(2))] }), { message: /^\[MISSING_AGGREGATION\] The non-aggregating expression "id"/ });
  });

  t.test('refuses a non-grouped column in an aggregate', async (t) => {
    const p: LogicalPlan = { kind: 'aggregate', child: people, grouping: [e(col('dept'))], aggregates: [e(col('name'))] };
    t.throws(() => schemaOf(p), { code: 'ANALYSIS', message: /^\[MISSING_AGGREGATION\] The non-aggregating expression "name"/ });
  });

  t.test('refuses sum of a string-free non-numeric type', async (t) => {
    const rel: LogicalPlan = { kind: 'localRelation', schema: new T.StructType([new T.StructField('b', new T.BooleanType())]), rows: [] };
    t.throws(() => schemaOf({ kind: 'aggregate', child: rel, grouping: [], aggregates: [e(sum('b'))] }), { code: 'ANALYSIS', message: /requires the "NUMERIC" type/ });
  });

  t.test('names the missing column and the closest existing ones', async (t) => {
    const p: LogicalPlan = { kind: 'filter', child: people, condition: e(col('salry').gt(1)) };
    t.throws(() => analysing(() => schemaOf(p)), {
      name: 'AnalysisError',
      message: '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `salry` cannot be resolved. Did you mean one of the following? [`salary`, `name`, `id`, `dept`].',
    });
    try { analysing(() => schemaOf(p)); } catch (err) { t.ok(err instanceof AnalysisError); }
  });

  t.test('refuses a filter that is not boolean', async (t) => {
    t.throws(() => schemaOf({ kind: 'filter', child: people, condition: e(col('id').plus(1)) }), { message: /FILTER_NOT_BOOLEAN/ });
  });

  t.test('resolves a sort key and keeps the schema', async (t) => {
    t.same(fields({ kind: 'sort', child: people, orders: [col('id').desc().expr as never] }), fields(people));
    t.throws(() => schemaOf({ kind: 'sort', child: people, orders: [col('nope').asc().expr as never] }), { message: /`nope` cannot be resolved/ });
  });
});

t.test('joins', async (t) => {
  const using = (how: string): LogicalPlan => ({ kind: 'join', left: people, right: depts, how: parseJoinType(how)!, criteria: { kind: 'using', columns: ['dept'] } });

  t.test('outputs USING keys once, then the other columns, with outer sides nullable', async (t) => {
    t.same(fields(using('inner')), ['dept:string:true', 'id:int:false', 'name:string:true', 'salary:bigint:true', 'budget:double:false', 'id:bigint:false']);
    t.same(fields(using('left_outer')).slice(-2), ['budget:double:true', 'id:bigint:true']);
    t.same(fields(using('right')).slice(0, 2), ['dept:string:false', 'id:int:true']);
    t.same(fields(using('full')), ['dept:string:true', 'id:int:true', 'name:string:true', 'salary:bigint:true', 'budget:double:true', 'id:bigint:true']);
    t.same(fields(using('leftsemi')), ['dept:string:true', 'id:int:false', 'name:string:true', 'salary:bigint:true']);
    t.same(fields(using('anti')), fields(using('semi')));
  });

  t.test('names a USING column missing on one side', async (t) => {
    t.throws(() => schemaOf({ kind: 'join', left: people, right: depts, how: 'inner', criteria: { kind: 'using', columns: ['name'] } }),
      { message: '[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `name` cannot be resolved on the right side of the join. The right-side columns: [`dept`, `budget`, `id`].' });
  });

  t.test('splits an ON condition into keys per side, casting them to a common type', async (t) => {
    const on: LogicalPlan = { kind: 'join', left: people, right: depts, how: 'inner', criteria: { kind: 'on', condition: e(col('budget').eq(col('salary')).and(col('name').eq(col('dept')))) } };
    const r = resolveJoin(on as Extract<LogicalPlan, { kind: 'join' }>);
    t.same(r.leftKeys.map((k) => T.simpleString(k.dataType)), ['double', 'string']);
    t.same(r.rightKeys.map((k) => k.kind), ['input', 'input']);
    t.equal(schemaOf(on).fields.length, 7);
  });

  t.test('refuses a non-equi condition', async (t) => {
    t.throws(() => schemaOf({ kind: 'join', left: people, right: depts, how: 'inner', criteria: { kind: 'on', condition: e(col('salary').gt(col('budget'))) } }), { code: 'UNSUPPORTED' });
  });

  t.test('knows Spark\'s join type names', async (t) => {
    t.same(['outer', 'full_outer', 'leftouter', 'right_outer', 'left_semi', 'leftanti', 'cross'].map(parseJoinType), ['full', 'full', 'left', 'right', 'semi', 'anti', 'inner']);
    t.equal(parseJoinType('sideways'), undefined);
  });
});

t.test('union widens by position and checks the column count', async (t) => {
  const ints: LogicalPlan = { kind: 'project', child: people, exprs: [e(col('id')), e(col('name'))] };
  const longs: LogicalPlan = { kind: 'project', child: depts, exprs: [e(col('id')), e(col('dept'))] };
  t.same(fields({ kind: 'union', left: ints, right: longs }), ['id:bigint:false', 'name:string:true']);
  t.throws(() => schemaOf({ kind: 'union', left: ints, right: depts }), { message: /^\[NUM_COLUMNS_MISMATCH\] UNION can only be performed on inputs with the same number of columns, but the first input has 2 columns and the second input has 3 columns\./ });
});

t.test('plans are plain data that round-trip through JSON-with-bigint and msgpack', async (t) => {
  const plan: LogicalPlan = {
    kind: 'limit', n: 5, child: {
      kind: 'sort', orders: [col('dept').descNullsFirst().expr as never], child: {
        kind: 'distinct', child: {
          kind: 'union', left: { kind: 'join', left: people, right: depts, how: 'full', criteria: { kind: 'using', columns: ['dept'] } },
          right: { kind: 'join', left: people, right: depts, how: 'full', criteria: { kind: 'using', columns: ['dept'] } },
        },
      },
    },
  };
  const packr = new Packr({ structuredClone: true, useRecords: false });
  const back = packr.unpack(packr.pack(plan)) as LogicalPlan;
  t.same(fields(back), fields(plan));
  t.equal(planTreeString(back), planTreeString(plan));
  t.equal(planChildren(plan).length, 1);
});

t.test('treeString draws the plan as Spark does', async (t) => {
  const plan: LogicalPlan = {
    kind: 'project', exprs: [e(col('dept')), e(col('n').alias('total'))], child: {
      kind: 'filter', condition: e(col('id').gt(1)), child: {
        kind: 'join', left: people, right: depts, how: 'left', criteria: { kind: 'using', columns: ['dept'] },
      },
    },
  };
  t.equal(planTreeString(plan), [
    'Project [dept, total]',
    '+- Filter (id > 1)',
    '   +- Join UsingJoin(LeftOuter, [dept])',
    '      :- LocalRelation [id, name, salary, dept]',
    '      +- LocalRelation [dept, budget, id]',
    '',
  ].join('\n'));
});
