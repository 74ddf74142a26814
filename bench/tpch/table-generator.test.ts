import t from 'tap';
import { EngineError } from '../../common/index.js';
import { checkScaleFactor, rowWindow, scaledRows } from './table-generator.js';
import { buildTextPool } from './text-pool.js';

t.test('checkScaleFactor', async (t) => {
  t.test('accepts SF 0.0001 to 10,000', async (t) => {
    for (const sf of [0.0001, 0.01, 1, 100, 10_000]) t.doesNotThrow(() => checkScaleFactor(sf), String(sf));
  });
  t.test('refuses scale factors without a supplier or beyond 32-bit part keys', async (t) => {
    for (const sf of [0, -1, 0.00005, 10_001, Number.NaN]) t.throws(() => checkScaleFactor(sf), EngineError, String(sf));
  });
});

t.test('scaledRows floors base × SF like dbgen', async (t) => {
  t.equal(scaledRows(1_500_000, 0.01), 15_000);
  t.equal(scaledRows(10_000, 0.00015), 1);
});

t.test('rowWindow clamps the requested rows to the table', async (t) => {
  const pool = buildTextPool(1024);
  t.same(rowWindow({ scaleFactor: 1, pool, batchRows: 1 }, 10), { start: 0, end: 10 });
  t.same(rowWindow({ scaleFactor: 1, pool, batchRows: 1, start: 8, count: 5 }, 10), { start: 8, end: 10 });
  t.same(rowWindow({ scaleFactor: 1, pool, batchRows: 1, start: 12 }, 10), { start: 10, end: 10 });
});
