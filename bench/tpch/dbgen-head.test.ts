import t from 'tap';
import { DBGEN_SF1_HEAD } from './dbgen-sf1-head.fixture.js';
import { TABLE_NAMES } from './schema.js';
import { TABLES } from './tables.js';
import { toTblLines } from './tbl-format.js';
import { defaultTextPool } from './text-pool.js';

// Exactness: the first rows at SF 1 equal dbgen's published output byte for byte (builds the real
// 300 MiB text pool, ≈ 7 s).
const pool = defaultTextPool();

t.test('first rows at SF 1 equal dbgen\'s', async (t) => {
  for (const name of TABLE_NAMES) {
    const expected = DBGEN_SF1_HEAD[name];
    // partsupp: 4 rows per part; lineitem: the lines of the first 6 orders.
    const count = name === 'partsupp' ? expected.length / 4 : name === 'lineitem' ? 6 : expected.length;
    const lines = [...TABLES[name].batches({ scaleFactor: 1, pool, batchRows: 1000, count })].flatMap(toTblLines);
    t.same(lines, expected, name);
  }
});

t.test('generation can start mid-table (streams skip ahead exactly)', async (t) => {
  const whole = [...TABLES.lineitem.batches({ scaleFactor: 1, pool, batchRows: 1000, count: 6 })].flatMap(toTblLines);
  const tail = [...TABLES.lineitem.batches({ scaleFactor: 1, pool, batchRows: 1000, start: 3, count: 3 })].flatMap(toTblLines);
  t.same(tail, whole.slice(whole.findIndex((l) => l.startsWith('4|'))));
  const orders = [...TABLES.orders.batches({ scaleFactor: 1, pool, batchRows: 1000, start: 7, count: 3 })].flatMap(toTblLines);
  t.same(orders, DBGEN_SF1_HEAD.orders.slice(7));
});
