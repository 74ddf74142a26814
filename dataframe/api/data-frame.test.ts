// End-to-end in local mode (master local[2], executors in worker threads): the DataFrame API against
// PySpark's documented outputs and a plain-JS reference. Runs the compiled stage runner from dist/.
import t from 'tap';
import { AnalysisError, SparkSession, col, count, countDistinct, desc, lit, max, min, sum, avg, types as T } from '../public.js';
import type { Row } from '../public.js';

const spark = await SparkSession.builder().master('local[2]').appName('dataframe-test').config('spark.sql.shuffle.partitions', 3).getOrCreate();
t.teardown(() => spark.stop());

const people = () => spark.createDataFrame([[14, 'Tom'], [23, 'Alice'], [16, 'Bob']], ['age', 'name']);

t.test('SparkSession', async (t) => {
  t.test('getOrCreate returns the active session, with PySpark\'s builder property too', async (t) => {
    t.equal(await SparkSession.builder.appName('again').getOrCreate(), spark);
    t.equal(spark.sparkContext.appName, 'dataframe-test');
    t.equal(spark.conf.get('spark.sql.shuffle.partitions'), '3');
  });

  t.test('createDataFrame infers PySpark\'s schema: integers long, keys of objects sorted, all nullable', async (t) => {
    const df = spark.createDataFrame([{ name: 'Tom', height: 80, ok: true, score: 1.5 }]);
    t.same(df.columns, ['height', 'name', 'ok', 'score']);
    t.equal(df.schemaTreeString(), 'root\n |-- height: long (nullable = true)\n |-- name: string (nullable = true)\n |-- ok: boolean (nullable = true)\n |-- score: double (nullable = true)\n');
    t.same(spark.createDataFrame([[1, null], [2, 'x']]).columns, ['_1', '_2']);
    t.throws(() => spark.createDataFrame([[null]]), { message: /CANNOT_DETERMINE_TYPE/ });
    t.throws(() => spark.createDataFrame([[1], ['a']]), { message: /CANNOT_MERGE_TYPE/ });
  });

  t.test('createDataFrame takes a StructType or a DDL string', async (t) => {
    const byDdl = spark.createDataFrame([{ a: 1, b: 'x' }, [2, null]], 'a INT, b STRING');
    t.equal(byDdl.schemaTreeString(), 'root\n |-- a: integer (nullable = true)\n |-- b: string (nullable = true)\n');
    t.same(await byDdl.collect(), [{ a: 1, b: 'x' }, { a: 2, b: null }]);
    const schema = new T.StructType([new T.StructField('d', new T.DecimalType(5, 2), false), new T.StructField('day', new T.DateType())]);
    const typed = spark.createDataFrame([['1.5', '2024-02-29']], schema);
    t.same(await typed.collect(), [{ d: '1.50', day: new Date('2024-02-29T00:00:00Z') }]);
    t.throws(() => spark.createDataFrame([[null, null]], schema), { message: /FIELD_NOT_NULLABLE/ });
  });
});

t.test('show and printSchema match PySpark\'s documented output', async (t) => {
  const df = people();
  t.equal(df.schemaTreeString(), 'root\n |-- age: long (nullable = true)\n |-- name: string (nullable = true)\n');
  t.equal(await df.showString(), '+---+-----+\n|age| name|\n+---+-----+\n| 14|  Tom|\n| 23|Alice|\n| 16|  Bob|\n+---+-----+\n');
  t.equal(await df.showString(2), '+---+-----+\n|age| name|\n+---+-----+\n| 14|  Tom|\n| 23|Alice|\n+---+-----+\nonly showing top 2 rows\n');
  t.equal(await df.showString(20, 3), '+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n| 23| Ali|\n| 16| Bob|\n+---+----+\n');
  t.equal((await df.showString(20, true, true)).replace(/ +\n/g, '\n'),
    '-RECORD 0-----\n age  | 14\n name | Tom\n-RECORD 1-----\n age  | 23\n name | Alice\n-RECORD 2-----\n age  | 16\n name | Bob\n', 'vertical (the docs strip trailing blanks)');
  t.equal(await df.sort(col('age').desc()).showString(), '+---+-----+\n|age| name|\n+---+-----+\n| 23|Alice|\n| 16|  Bob|\n| 14|  Tom|\n+---+-----+\n');
});

t.test('transformations', async (t) => {
  t.test('select, withColumn, withColumnRenamed and drop shape the columns as Spark does', async (t) => {
    const df = people().withColumn('age2', col('age').plus(2)).withColumn('AGE', col('age').multiply(10)).withColumnRenamed('name', 'who').withColumnRenamed('missing', 'x');
    t.same(df.columns, ['AGE', 'who', 'age2']);
    t.same(await df.drop('age2', 'nope').collect(), [{ AGE: 140n, who: 'Tom' }, { AGE: 230n, who: 'Alice' }, { AGE: 160n, who: 'Bob' }]);
    t.same(people().select('*').columns, ['age', 'name']);
    t.same(people().select(col('age').plus(1), lit('x').alias('c')).columns, ['(age + 1)', 'c']);
    t.equal(String(people()), 'DataFrame[age: bigint, name: string]');
  });

  t.test('filter follows null semantics: a null comparison drops the row', async (t) => {
    const df = spark.createDataFrame([[1, 'a'], [null, 'b'], [3, null]], ['n', 's']);
    t.same(await df.filter(col('n').gt(1)).collect(), [{ n: 3n, s: null }]);
    t.same(await df.where(col('s').neq('a')).collect(), [{ n: null, s: 'b' }]);
    t.same(await df.filter(col('n').isNull().or(col('s').isNull())).count(), 2);
  });

  t.test('analysis errors are thrown at once and name the closest columns', async (t) => {
    const df = people();
    t.throws(() => df.select('agee'), new AnalysisError('[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `agee` cannot be resolved. Did you mean one of the following? [`age`, `name`].'));
    t.throws(() => df.filter(col('nam').eq('Tom')), { name: 'AnalysisError', message: /`nam` cannot be resolved\. Did you mean one of the following\? \[`name`, `age`\]/ });
    t.throws(() => df.groupBy('nme'), { name: 'AnalysisError', message: /`nme`/ });
    t.throws(() => df.orderBy('x'), AnalysisError);
    t.throws(() => df.join(df, 'zzz'), { message: /UNRESOLVED_USING_COLUMN_FOR_JOIN/ });
    t.throws(() => df.union(df.select('age')), { message: /NUM_COLUMNS_MISMATCH/ });
    t.throws(() => df.join(df, 'age', 'sideways'), { message: /UNSUPPORTED_JOIN_TYPE/ });
  });

  t.test('limit, distinct and union', async (t) => {
    const df = people();
    t.equal((await df.limit(2).collect()).length, 2);
    t.equal(await df.limit(0).count(), 0);
    t.equal(await df.union(df).count(), 6);
    t.equal(await df.union(df).distinct().count(), 3);
    const mixed = spark.createDataFrame([[1.5, 'z']], ['age', 'name']);
    const u = df.union(mixed);
    t.equal(T.simpleString(u.schema.fields[0].dataType), 'double', 'union widens by position');
    t.same((await u.orderBy('age').collect()).map((r) => r.age), [1.5, 14, 16, 23]);
    const swapped = spark.createDataFrame([['Zed', 40]], ['name', 'age']);
    t.same((await df.unionByName(swapped).orderBy(desc('age')).limit(1).collect()), [{ age: 40n, name: 'Zed' }]);
    t.throws(() => df.unionByName(spark.createDataFrame([[1]], ['x'])), { name: 'AnalysisError', message: /`age` cannot be resolved/ });
  });
});

t.test('groupBy and aggregates', async (t) => {
  const df = spark.createDataFrame([[2, 'Alice'], [2, 'Bob'], [2, 'Bob'], [5, 'Bob']], ['age', 'name']);

  t.test('match PySpark\'s documented groupBy examples', async (t) => {
    t.equal(await df.groupBy('name').agg({ age: 'sum' }).sort('name').showString(), '+-----+--------+\n| name|sum(age)|\n+-----+--------+\n|Alice|       2|\n|  Bob|       9|\n+-----+--------+\n');
    t.equal(await df.groupBy(col('name')).agg(min(col('age'))).sort('name').showString(), '+-----+--------+\n| name|min(age)|\n+-----+--------+\n|Alice|       2|\n|  Bob|       2|\n+-----+--------+\n');
    t.equal(await df.groupBy('name').count().sort('name').showString(), '+-----+-----+\n| name|count|\n+-----+-----+\n|Alice|    1|\n|  Bob|    3|\n+-----+-----+\n');
    t.equal(await df.groupBy().avg().showString(), '+--------+\n|avg(age)|\n+--------+\n|    2.75|\n+--------+\n');
  });

  t.test('skip nulls; sum and avg of nothing are null; count of nothing is 0', async (t) => {
    const n = spark.createDataFrame([['a', null], ['a', null], ['b', 1], [null, 2]], ['k', 'v']);
    const rows = await n.groupBy('k').agg(count('v'), count('*'), sum('v'), avg('v'), max('v'), countDistinct('v')).orderBy('k').collect();
    t.same(rows, [
      { k: null, 'count(v)': 1n, 'count(1)': 1n, 'sum(v)': 2n, 'avg(v)': 2, 'max(v)': 2n, 'count(DISTINCT v)': 1n },
      { k: 'a', 'count(v)': 0n, 'count(1)': 2n, 'sum(v)': null, 'avg(v)': null, 'max(v)': null, 'count(DISTINCT v)': 0n },
      { k: 'b', 'count(v)': 1n, 'count(1)': 1n, 'sum(v)': 1n, 'avg(v)': 1, 'max(v)': 1n, 'count(DISTINCT v)': 1n },
    ]);
    t.same(await n.filter(col('v').gt(100)).agg(sum('v').alias('s'), count('v').alias('c')).collect(), [{ s: null, c: 0n }]);
    t.same(await n.select(count('*')).collect(), [{ 'count(1)': 4n }]);
    t.throws(() => n.groupBy('k').agg(col('v')), { message: /MISSING_AGGREGATION/ });
  });

  t.test('evaluate expressions over aggregates and grouping keys after the shuffle', async (t) => {
    const rows = await df.groupBy('name').agg(sum('age').divide(count('*')).alias('mean'), max('age').minus(min('age')).alias('spread'))
      .withColumn('label', col('name').plus(lit(0)).isNull()).orderBy('name').collect();
    t.same(rows, [{ name: 'Alice', mean: 2, spread: 0n, label: true }, { name: 'Bob', mean: 3, spread: 3n, label: true }]);
    t.same(await df.select(sum('age').multiply(2).alias('twice'), count('*')).collect(), [{ twice: 22n, 'count(1)': 4n }]);
  });

  t.test('equal a plain-JS reference on generated data', async (t) => {
    const data = generate(400, 7);
    const got = await spark.createDataFrame(data, 'g STRING, v BIGINT, x DOUBLE').groupBy('g').agg(count('*').alias('n'), sum('v').alias('s'), min('x').alias('lo'), max('x').alias('hi')).collect();
    const ref = new Map<string | null, Row>();
    for (const [g, v, x] of data) {
      const r = ref.get(g) ?? { g, n: 0n, s: null, lo: null, hi: null };
      r.n = (r.n as bigint) + 1n;
      if (v !== null) r.s = r.s === null ? BigInt(v) : (r.s as bigint) + BigInt(v);
      if (x !== null) { r.lo = r.lo === null ? x : Math.min(r.lo as number, x); r.hi = r.hi === null ? x : Math.max(r.hi as number, x); }
      ref.set(g, r);
    }
    t.same(sortRows(got), sortRows([...ref.values()]));
  });
});

t.test('orderBy with nulls first and last', async (t) => {
  const df = spark.createDataFrame([['Tom', 80], [null, 60], ['Alice', null]], ['name', 'height']);
  const names = async (c: ReturnType<typeof col>) => (await df.select('name').orderBy(c).collect()).map((r) => r.name);
  t.same(await names(col('name').ascNullsFirst()), [null, 'Alice', 'Tom']);
  t.same(await names(col('name').ascNullsLast()), ['Alice', 'Tom', null]);
  t.same(await names(col('name').descNullsFirst()), [null, 'Tom', 'Alice']);
  t.same(await names(col('name').descNullsLast()), ['Tom', 'Alice', null]);
  t.same((await df.orderBy('name').collect()).map((r) => r.name), [null, 'Alice', 'Tom'], 'ascending puts nulls first by default');
  t.same((await df.orderBy(desc('height')).collect()).map((r) => r.height), [80n, 60n, null], 'descending puts nulls last by default');
  t.same((await df.orderBy(['height', 'name'], { ascending: false }).limit(2).collect()).map((r) => r.name), ['Tom', null]);

  t.test('sorts across range partitions and takes the top n, equal to a plain-JS reference', async (t) => {
    const data = generate(500, 3);
    const big = spark.createDataFrame(data, 'g STRING, v BIGINT, x DOUBLE');
    const cmp = (a: Gen, b: Gen) => {
      // x descending nulls last, then g ascending nulls first, then v ascending nulls first.
      if (a[2] !== b[2]) return a[2] === null ? 1 : b[2] === null ? -1 : b[2] - a[2];
      if (a[0] !== b[0]) return a[0] === null ? -1 : b[0] === null ? 1 : a[0] < b[0] ? -1 : 1;
      return a[1] === b[1] ? 0 : a[1] === null ? -1 : b[1] === null ? 1 : a[1] - b[1];
    };
    const expected = [...data].sort(cmp).map(([g, v, x]) => ({ g, v: v === null ? null : BigInt(v), x }));
    const sorted = big.orderBy(col('x').desc(), 'g', 'v');
    t.same(await sorted.collect(), expected);
    t.same(await sorted.limit(7).collect(), expected.slice(0, 7));
  });
});

t.test('joins', async (t) => {
  t.test('match PySpark\'s documented outer join', async (t) => {
    const df = spark.createDataFrame([[2, 'Alice'], [5, 'Bob']], ['age', 'name']);
    const df2 = spark.createDataFrame([{ height: 80, name: 'Tom' }, { height: 85, name: 'Bob' }]);
    t.equal(await df.join(df2, 'name', 'outer').select('name', 'height').sort(desc('name')).showString(),
      '+-----+------+\n| name|height|\n+-----+------+\n|  Tom|    80|\n|  Bob|    85|\n|Alice|  null|\n+-----+------+\n');
  });

  const left = generate(120, 11).map(([g, v]) => [g, v]);
  const right = generate(90, 23).map(([g, , x]) => [g, x]);
  const l = () => spark.createDataFrame(left, 'k STRING, lv BIGINT');
  const r = () => spark.createDataFrame(right, 'k STRING, rx DOUBLE');
  for (const how of ['inner', 'left', 'right', 'full', 'left_semi', 'left_anti'] as const) {
    t.test(`${how} on a key with nulls equals a plain-JS reference`, async (t) => {
      const got = await l().join(r(), 'k', how).collect();
      t.same(sortRows(got), sortRows(referenceJoin(left, right, how)));
    });
  }

  t.test('joins on a condition across sides with differently named keys', async (t) => {
    const a = spark.createDataFrame([[1, 'x'], [2, 'y'], [null, 'z']], ['id', 'a']);
    const b = spark.createDataFrame([[1, 10], [1, 11], [3, 30]], ['bid', 'b']);
    t.same(sortRows(await a.join(b, col('id').eq(col('bid')), 'left').collect()), sortRows([
      { id: 1n, a: 'x', bid: 1n, b: 10n }, { id: 1n, a: 'x', bid: 1n, b: 11n }, { id: 2n, a: 'y', bid: null, b: null }, { id: null, a: 'z', bid: null, b: null },
    ]));
  });
});

t.test('explain shows the physical plan', async (t) => {
  const df = people().filter(col('age').gt(15)).groupBy('name').agg(sum('age'));
  t.equal(df.explainString(), [
    '== Physical Plan ==',
    'HashAggregate(keys=[name], functions=[sum(age)])',
    '+- Exchange hashpartitioning(name)',
    '   +- HashAggregate(keys=[name], functions=[partial_sum(age)])',
    '      +- Filter (age > 15)',
    '         +- LocalTableScan [age, name]',
    '',
  ].join('\n'));
  t.match(df.explainString(true), /^== Analyzed Logical Plan ==\nname: string, sum\(age\): bigint\nAggregate \[name\], \[name, sum\(age\)\]\n\+- Filter \(age > 15\)\n/);
});

type Gen = [string | null, number | null, number | null];
/** Rows with a few repeated keys and nulls in every column, from a seeded generator. */
function generate(n: number, seed: number): Gen[] {
  let s = seed;
  const next = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  return Array.from({ length: n }, (): Gen => [
    next() < 0.1 ? null : `k${Math.floor(next() * 15)}`,
    next() < 0.1 ? null : Math.floor(next() * 1000) - 500,
    next() < 0.1 ? null : Math.round(next() * 1e4) / 100,
  ]);
}

function referenceJoin(left: unknown[][], right: unknown[][], how: string): Row[] {
  const out: Row[] = [];
  const matches = (lk: unknown, rk: unknown) => lk !== null && lk === rk;
  const lrow = (x: unknown[]) => ({ k: x[0], lv: x[1] === null ? null : BigInt(x[1] as number) });
  for (const x of left) {
    const ms = right.filter((y) => matches(x[0], y[0]));
    if (how === 'left_semi') { if (ms.length > 0) out.push(lrow(x)); continue; }
    if (how === 'left_anti') { if (ms.length === 0) out.push(lrow(x)); continue; }
    for (const y of ms) out.push({ ...lrow(x), rx: y[1] });
    if (ms.length === 0 && (how === 'left' || how === 'full')) out.push({ ...lrow(x), rx: null });
  }
  if (how === 'right' || how === 'full') {
    for (const y of right) if (!left.some((x) => matches(x[0], y[0]))) out.push({ k: y[0], lv: null, rx: y[1] });
  }
  return out;
}

function sortRows(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(Object.entries(r), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}
