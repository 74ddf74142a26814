import t from 'tap';
import * as A from 'apache-arrow';
import { col, resolveExpression } from '../expressions/index.js';
import * as T from '../types/index.js';
import { batchFromArrow, batchFromRows, batchToArrow, batchToRows, compilePredicate, filterBatch } from './index.js';

const schema = new T.StructType([
  new T.StructField('i', new T.IntegerType()),
  new T.StructField('l', new T.LongType()),
  new T.StructField('d', new T.DoubleType()),
  new T.StructField('s', new T.StringType()),
  new T.StructField('b', new T.BooleanType()),
  new T.StructField('m', new T.DecimalType(10, 2)),
  new T.StructField('dt', new T.DateType()),
  new T.StructField('ts', new T.TimestampType()),
  new T.StructField('arr', new T.ArrayType(new T.IntegerType())),
]);
const rows = [
  [1, 10n, 1.5, 'héllo', true, 1050n, 18262, 1_577_836_800_000_000n, [1, 2]],
  [null, null, null, null, null, null, null, null, null],
  [-3, -9223372036854775808n, -0.25, '', false, -99n, -1, -1n, []],
];

t.test('batches round-trip through Arrow record batches', async (t) => {
  const rb = batchToArrow(batchFromRows(schema, rows));
  t.equal(rb.numRows, 3);
  t.equal(String(rb.schema.fields[7].type), 'Timestamp<MICROSECOND, UTC>');
  t.equal(rb.getChildAt(3)?.get(0), 'héllo');
  t.equal(rb.getChildAt(0)?.get(1), null);
  const ipc = A.tableFromIPC(A.tableToIPC(new A.Table(rb)));
  const back = batchFromArrow(ipc);
  t.equal(T.simpleString(back.schema), T.simpleString(schema));
  t.same(batchToRows(back), rows);
});

t.test('Arrow fixed-width buffers are shared, not copied', async (t) => {
  const table = A.tableFromArrays({ x: Int32Array.from([1, 2, 3]), y: Float64Array.from([0.5, 1, 2]) });
  const b = batchFromArrow(table);
  t.equal((b.columns[0].values as Int32Array).buffer, table.getChild('x')!.data[0].values.buffer);
  t.same(batchToRows(b), [[1, 0.5], [2, 1], [3, 2]]);
});

t.test('toArrow gathers only selected rows', async (t) => {
  const b = batchFromRows(schema, rows);
  const f = filterBatch(b, compilePredicate(resolveExpression(col('i').isNotNull().expr, schema)));
  const rb = batchToArrow(f);
  t.equal(rb.numRows, 2);
  t.equal(rb.getChildAt(0)?.get(1), -3);
  t.equal(rb.getChildAt(4)?.get(0), true);
});
