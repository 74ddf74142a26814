import t from 'tap';
import { canSkip, selectRowGroups, type RowGroupStatistics } from './row-group-pruning.js';

const rg = (min: unknown, max: unknown, nullCount = 0, numRows = 10): RowGroupStatistics =>
  ({ numRows, columns: { c: { min: min as number, max: max as number, nullCount } } });

t.test('row-group pruning', async (t) => {
  t.test('skips on disjoint ranges and keeps overlapping ones', async (t) => {
    t.equal(canSkip({ column: 'c', op: '=', value: 5 }, rg(6, 9)), true);
    t.equal(canSkip({ column: 'c', op: '=', value: 6 }, rg(6, 9)), false);
    t.equal(canSkip({ column: 'c', op: '<', value: 6 }, rg(6, 9)), true);
    t.equal(canSkip({ column: 'c', op: '<=', value: 6 }, rg(6, 9)), false);
    t.equal(canSkip({ column: 'c', op: '>', value: 9 }, rg(6, 9)), true);
    t.equal(canSkip({ column: 'c', op: '>=', value: 9 }, rg(6, 9)), false);
  });

  t.test('!= skips only a group holding that single value', async (t) => {
    t.equal(canSkip({ column: 'c', op: '!=', value: 4 }, rg(4, 4)), true);
    t.equal(canSkip({ column: 'c', op: '!=', value: 4 }, rg(4, 5)), false);
  });

  t.test('compares bigint statistics with number literals', async (t) => {
    t.equal(canSkip({ column: 'c', op: '>', value: 100 }, rg(1n, 100n)), true);
    t.equal(canSkip({ column: 'c', op: '=', value: 50n }, rg(1n, 100n)), false);
  });

  t.test('widens Date statistics by a millisecond (timestamps may hold microseconds)', async (t) => {
    const stat = rg(new Date(1000), new Date(2000));
    t.equal(canSkip({ column: 'c', op: '>', value: new Date(2000) }, stat), false);
    t.equal(canSkip({ column: 'c', op: '>', value: new Date(2001) }, stat), true);
    t.equal(canSkip({ column: 'c', op: '<', value: '1970-01-01T00:00:00.500Z' }, stat), true);
  });

  t.test('null counts decide isNull / isNotNull, and all-null groups fail every comparison', async (t) => {
    t.equal(canSkip({ column: 'c', op: 'isNull' }, rg(1, 2, 0)), true);
    t.equal(canSkip({ column: 'c', op: 'isNull' }, rg(1, 2, 3)), false);
    t.equal(canSkip({ column: 'c', op: 'isNotNull' }, rg(undefined, undefined, 10)), true);
    t.equal(canSkip({ column: 'c', op: '=', value: 1 }, rg(undefined, undefined, 10)), true);
  });

  t.test('never skips without statistics or on incomparable literals', async (t) => {
    t.equal(canSkip({ column: 'other', op: '=', value: 1 }, rg(6, 9)), false);
    t.equal(canSkip({ column: 'c', op: '=', value: 1 }, { numRows: 10, columns: { c: {} } }), false);
    t.equal(canSkip({ column: 'c', op: '=', value: 'x' }, rg(6, 9)), false);
    t.equal(canSkip({ column: 'c', op: '=', value: NaN }, rg(6, 9)), false);
  });

  t.test('selects the groups no conjunct rules out', async (t) => {
    t.same(selectRowGroups([rg(0, 9), rg(10, 19), rg(20, 29)], [{ column: 'c', op: '>=', value: 5 }, { column: 'c', op: '<', value: 15 }]), [0, 1]);
  });
});
