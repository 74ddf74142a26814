import t from 'tap';
import type { Column } from '../expressions/index.js';
import { coalesce, col, lit, resolveExpression, upper, length, when, abs, concat } from '../expressions/index.js';
import * as T from '../types/index.js';
import type { ColumnBatch } from './index.js';
import { batchFromRows, batchToRows, compilePredicate, compileProjection, filterBatch, vectorGet } from './index.js';

const schema = new T.StructType([
  new T.StructField('i', new T.IntegerType()),
  new T.StructField('j', new T.IntegerType()),
  new T.StructField('l', new T.LongType()),
  new T.StructField('d', new T.DoubleType()),
  new T.StructField('s', new T.StringType()),
  new T.StructField('b', new T.BooleanType()),
  new T.StructField('m', new T.DecimalType(10, 2)),
  new T.StructField('dt', new T.DateType()),
]);
const batch = batchFromRows(schema, [
  [1, 2, 10n, 1.5, 'abc', true, 1050n, 0],
  [2147483647, 1, 9223372036854775807n, -2.0, ' 42 ', false, -1n, 18262],
  [null, 0, null, null, null, null, null, null],
  [-7, 2, -7n, 0.0, 'x1', true, 33n, -1],
]);

function run(c: Column, b: ColumnBatch = batch): unknown[] {
  const v = compileProjection(resolveExpression(c.expr, b.schema)).evaluate(b);
  return Array.from({ length: v.length }, (_, i) => vectorGet(v, i));
}

t.test('arithmetic with Java overflow and null propagation', async (t) => {
  t.same(run(col('i').plus(col('j'))), [3, -2147483648, null, -5]);
  t.same(run(col('i').multiply(col('i'))), [1, 1, null, 49]);
  t.same(run(col('l').plus(1)), [11n, -9223372036854775808n, null, -6n]);
  t.same(run(col('i').divide(col('j'))), [0.5, 2147483647, null, -3.5]);
  t.same(run(col('i').mod(col('j'))), [1, 0, null, -1]);
  t.same(run(col('j').divide(0)), [null, null, null, null], 'division by zero is null (non-ANSI)');
  t.same(run(col('i').mod(0)), [null, null, null, null]);
  t.same(run(col('d').multiply(2)), [3, -4, null, 0]);
  t.same(run(col('i').negate()), [-1, -2147483647, null, 7]);
  t.same(run(col('s').plus(1)), [null, 43, null, null], 'strings promote to double');
});

t.test('decimal arithmetic follows DecimalPrecision', async (t) => {
  t.same(run(col('m').plus(col('m'))), [2100n, -2n, null, 66n]);
  t.same(run(col('m').multiply(col('m'))), [1102500n, 1n, null, 1089n]);
  t.same(run(col('m').divide(lit(3))), [35000000000000n, -33333333333n, null, 1100000000000n], 'decimal(10,2) / decimal(10,0) is decimal(21,13)');
  t.same(run(col('m').cast('double')), [10.5, -0.01, null, 0.33]);
  t.same(run(col('i').plus(col('m'))), [1150n, 214748364699n, null, -667n]);
});

t.test('comparison and three-valued logic', async (t) => {
  t.same(run(col('i').gt(1)), [false, true, null, false]);
  t.same(run(col('i').eq(lit('1'))), [true, false, null, false], 'string side casts to int');
  t.same(run(col('i').eqNullSafe(lit(null))), [false, false, true, false]);
  const f = lit(false); const tr = lit(true); const nul = lit(null).cast('boolean');
  t.same(run(f.and(nul)), [false, false, false, false]);
  t.same(run(tr.and(nul)), [null, null, null, null]);
  t.same(run(tr.or(nul)), [true, true, true, true]);
  t.same(run(f.or(nul)), [null, null, null, null]);
  t.same(run(col('b').and(col('i').gt(0))), [true, false, null, false]);
  t.same(run(col('b').not()), [false, true, null, false]);
  t.same(run(col('i').isNull()), [false, false, true, false]);
  t.same(run(col('d').eq(lit(Number.NaN))), [false, false, null, false]);
  t.same(run(col('s').like('a%')), [true, false, null, false]);
  t.same(run(col('s').rlike('\\d')), [false, true, null, true]);
  t.same(run(col('i').isin(1, -7)), [true, false, null, true]);
  t.same(run(col('i').isin(1, null)), [true, null, null, null]);
  t.same(run(col('i').between(0, 5)), [true, false, null, false]);
});

t.test('casts (non-ANSI)', async (t) => {
  t.same(run(col('s').cast('int')), [null, 42, null, null], 'garbage is null, spaces are trimmed');
  t.same(run(lit('12.7').cast('int')), [12, 12, 12, 12]);
  t.same(run(lit('99999999999').cast('int')), [null, null, null, null]);
  t.same(run(col('d').cast('int')), [1, -2, null, 0], 'double → int truncates');
  t.same(run(lit(1e20).cast('int')), [2147483647, 2147483647, 2147483647, 2147483647]);
  t.same(run(col('l').cast('int')), [10, -1, null, -7], 'long → int wraps');
  t.same(run(col('d').cast('string')), ['1.5', '-2.0', null, '0.0']);
  t.same(run(col('m').cast('string')), ['10.50', '-0.01', null, '0.33']);
  t.same(run(col('dt').cast('string')), ['1970-01-01', '2020-01-01', null, '1969-12-31']);
  t.same(run(lit('2020-01-01').cast('date')), [18262, 18262, 18262, 18262]);
  t.same(run(lit('2020-01-01 00:00:01.5').cast('timestamp')), Array(4).fill(1577836801500000n));
  t.same(run(lit('yes').cast('boolean')), [true, true, true, true]);
  t.same(run(lit('1.005').cast('decimal(5,2)')), [101n, 101n, 101n, 101n], 'rounds HALF_UP');
  t.same(run(lit('12345').cast('decimal(5,2)')), [null, null, null, null], 'overflow is null');
  t.same(run(col('i').cast('bigint')), [1n, 2147483647n, null, -7n]);
  t.same(run(col('b').cast('int')), [1, 0, null, 1]);
  t.same(run(lit(300).cast('tinyint')), [44, 44, 44, 44]);
});

t.test('case when, coalesce and functions', async (t) => {
  t.same(run(when(col('i').gt(1), 'big').when(col('i').lt(0), 'neg').otherwise('small')), ['small', 'big', 'small', 'neg']);
  t.same(run(when(col('i').gt(1), 1)), [null, 1, null, null]);
  t.same(run(coalesce('i', 'j')), [1, 2147483647, 0, -7]);
  t.same(run(upper('s')), ['ABC', ' 42 ', null, 'X1']);
  t.same(run(length('s')), [3, 4, null, 2]);
  t.same(run(abs('i')), [1, 2147483647, null, 7]);
  t.same(run(concat('s', 's')), ['abcabc', ' 42  42 ', null, 'x1x1']);
});

t.test('filter produces a selection vector and composes', async (t) => {
  const p = compilePredicate(resolveExpression(col('i').gt(0).expr, schema));
  const f1 = filterBatch(batch, p);
  t.same(Array.from(f1.selection ?? []), [0, 1]);
  t.equal(f1.columns, batch.columns, 'columns are shared, not copied');
  const p2 = compilePredicate(resolveExpression(col('j').eq(1).expr, schema));
  t.same(Array.from(filterBatch(f1, p2).selection ?? []), [1]);
  t.same(batchToRows(filterBatch(f1, p2))[0][0], 2147483647);
  t.match(p.source, /for \(let i = 0; i < n; i\+\+\)/);
});
