import t from 'tap';
import * as T from '../types/index.js';
import { formatShow, stringHalfWidth } from './index.js';

const people = new T.StructType([new T.StructField('age', new T.LongType()), new T.StructField('name', new T.StringType())]);
const rows = [[14n, 'Tom'], [23n, 'Alice'], [16n, 'Bob']];

t.test('default show matches Spark (PySpark docs example)', async (t) => {
  t.equal(formatShow(people, rows), [
    '+---+-----+',
    '|age| name|',
    '+---+-----+',
    '| 14|  Tom|',
    '| 23|Alice|',
    '| 16|  Bob|',
    '+---+-----+',
    '',
  ].join('\n'));
});

t.test('show(2) prints the footer after a blank-free table', async (t) => {
  t.equal(formatShow(people, rows, { n: 2 }), [
    '+---+-----+', '|age| name|', '+---+-----+', '| 14|  Tom|', '| 23|Alice|', '+---+-----+', 'only showing top 2 rows', '',
  ].join('\n'));
  t.match(formatShow(people, rows, { n: 1 }), /only showing top 1 row\n$/);
  t.notMatch(formatShow(people, rows, { n: 3 }), /only showing/);
});

t.test('truncate=3 cuts without ellipsis', async (t) => {
  t.equal(formatShow(people, rows, { truncate: 3 }), [
    '+---+----+', '|age|name|', '+---+----+', '| 14| Tom|', '| 23| Ali|', '| 16| Bob|', '+---+----+', '',
  ].join('\n'));
});

t.test('truncate=false left-aligns and keeps long strings', async (t) => {
  const long = 'a'.repeat(25);
  t.equal(formatShow(people, [[1n, long]], { truncate: false }), [
    '+---+-------------------------+', '|age|name                     |', '+---+-------------------------+',
    `|1  |${long}|`, '+---+-------------------------+', '',
  ].join('\n'));
  t.equal(formatShow(people, [[1n, long]]), [
    '+---+--------------------+', '|age|                name|', '+---+--------------------+',
    `|  1|${'a'.repeat(17)}...|`, '+---+--------------------+', '',
  ].join('\n'));
});

t.test('vertical show prints -RECORD blocks', async (t) => {
  t.equal(formatShow(people, rows, { vertical: true }), [
    '-RECORD 0-----', ' age  | 14    ', ' name | Tom   ',
    '-RECORD 1-----', ' age  | 23    ', ' name | Alice ',
    '-RECORD 2-----', ' age  | 16    ', ' name | Bob   ', '',
  ].join('\n'));
  t.equal(formatShow(people, [], { vertical: true }), '(0 rows)\n');
  t.equal(formatShow(people, rows, { vertical: true, n: 1 }), '-RECORD 0---\n age  | 14  \n name | Tom \nonly showing top 1 row\n');
});

t.test('empty result prints header and borders only', async (t) => {
  t.equal(formatShow(people, []), '+---+----+\n|age|name|\n+---+----+\n+---+----+\n');
});

t.test('values print in Java/Spark forms', async (t) => {
  const schema = new T.StructType([
    new T.StructField('d', new T.DoubleType()),
    new T.StructField('f', new T.FloatType()),
    new T.StructField('dec', new T.DecimalType(10, 2)),
    new T.StructField('b', new T.BooleanType()),
    new T.StructField('dt', new T.DateType()),
    new T.StructField('ts', new T.TimestampType()),
    new T.StructField('n', new T.IntegerType()),
  ]);
  const out = formatShow(schema, [
    [1.0, Math.fround(0.1), 12345n, true, 18262, 1_577_880_000_000_000n, null],
    [1e10, 1.5, -5n, false, 0, 1_577_880_000_500_000n, 7],
    [1e-5, NaN, 0n, null, null, null, -2147483648],
  ]);
  t.equal(out, [
    '+------+---+------+-----+----------+--------------------+-----------+',
    '|     d|  f|   dec|    b|        dt|                  ts|          n|',
    '+------+---+------+-----+----------+--------------------+-----------+',
    '|   1.0|0.1|123.45| true|2020-01-01| 2020-01-01 12:00:00|       null|',
    '|1.0E10|1.5| -0.05|false|1970-01-01|2020-01-01 12:00:...|          7|',
    '|1.0E-5|NaN|  0.00| null|      null|                null|-2147483648|',
    '+------+---+------+-----+----------+--------------------+-----------+',
    '',
  ].join('\n'));
});

t.test('nested values print as Spark casts them to string', async (t) => {
  const schema = new T.StructType([
    new T.StructField('arr', new T.ArrayType(new T.IntegerType())),
    new T.StructField('st', new T.StructType([new T.StructField('x', new T.IntegerType()), new T.StructField('y', new T.StringType())])),
    new T.StructField('m', new T.MapType(new T.StringType(), new T.DoubleType())),
    new T.StructField('bin', new T.BinaryType()),
  ]);
  const out = formatShow(schema, [
    [[1, 2, 3], [1, 'a'], new Map([['a', 1.0], ['b', 2.5]]), new Uint8Array([1, 2, 255])],
    [[1, null], { x: null, y: 'b' }, [['k', null]], null],
    [[], null, new Map(), new Uint8Array([])],
  ]);
  t.equal(out, [
    '+---------+---------+--------------------+----------+',
    '|      arr|       st|                   m|       bin|',
    '+---------+---------+--------------------+----------+',
    '|[1, 2, 3]|   {1, a}|{a -> 1.0, b -> 2.5}|[01 02 FF]|',
    '|[1, null]|{null, b}|         {k -> null}|      null|',
    '|       []|     null|                  {}|        []|',
    '+---------+---------+--------------------+----------+',
    '',
  ].join('\n'));
});

t.test('meta characters are escaped and wide characters take two columns', async (t) => {
  const schema = new T.StructType([new T.StructField('s', new T.StringType())]);
  t.equal(formatShow(schema, [['a\tb'], ['日本']]), '+----+\n|   s|\n+----+\n|a\\tb|\n|日本|\n+----+\n');
  t.equal(stringHalfWidth('日本語'), 6);
});
