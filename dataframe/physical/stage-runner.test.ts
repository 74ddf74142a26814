import t from 'tap';
import type { BoundExpression } from '../expressions/index.js';
import { col, lit, resolveExpression } from '../expressions/index.js';
import type { BoundAggregate } from '../plan/index.js';
import * as T from '../types/index.js';
import { compareKeys } from '../../runtime/executor/index.js';
import { compareValues, encodeKey, orderKey, runStage } from './index.js';
import type { KeyOrder, StageTask } from './index.js';

const schema = new T.StructType([
  new T.StructField('k', new T.StringType()),
  new T.StructField('v', new T.LongType()),
  new T.StructField('x', new T.DoubleType()),
]);
const rows: unknown[][] = [['a', 1n, 1.5], ['b', null, 2.0], ['a', 3n, null], [null, 4n, 0.5], ['b', 5n, -1.0], ['a', 1n, 3.0]];
const bind = (c: { expr: never } | { expr: unknown }): BoundExpression => resolveExpression((c as { expr: never }).expr, schema);

t.test('runStage fragment', async (t) => {
  t.test('filters with a selection vector and projects column-at-a-time; null comparisons drop the row', async (t) => {
    const task: StageTask = {
      kind: 'fragment', inputSchema: schema,
      ops: [
        { kind: 'filter', predicate: bind(col('v').gt(1)) },
        { kind: 'project', exprs: [bind(col('k')), bind(col('v').multiply(10))], schema: new T.StructType([new T.StructField('k', new T.StringType()), new T.StructField('w', new T.LongType())]) },
      ],
      sink: { kind: 'rows' },
    };
    t.same(runStage(task, 0, rows), [['a', 30n], [null, 40n], ['b', 50n]]);
    const expected = rows.filter((r) => r[1] !== null && (r[1] as bigint) > 1n).map((r) => [r[0], (r[1] as bigint) * 10n]);
    t.same(runStage(task, 0, rows), expected, 'same as the plain-JS reference');
  });

  t.test('sorts with nulls first or last in either direction', async (t) => {
    const sortBy = (direction: 'asc' | 'desc', nulls: 'first' | 'last', limit: number | null = null) => runStage({
      kind: 'fragment', inputSchema: schema, ops: [], sink: { kind: 'sort', keys: [{ expr: bind(col('x')), direction, nulls }], limit },
    }, 0, rows).map((r) => (r as unknown[])[2]);
    t.same(sortBy('asc', 'first'), [null, -1.0, 0.5, 1.5, 2.0, 3.0]);
    t.same(sortBy('asc', 'last'), [-1.0, 0.5, 1.5, 2.0, 3.0, null]);
    t.same(sortBy('desc', 'last'), [3.0, 2.0, 1.5, 0.5, -1.0, null]);
    t.same(sortBy('desc', 'first', 2), [null, 3.0]);
  });

  t.test('keys rows for a join, dropping null keys unless the side is kept', async (t) => {
    const keyBy = (keep: boolean) => runStage({ kind: 'fragment', inputSchema: schema, ops: [], sink: { kind: 'keyBy', keys: [bind(col('k'))], keepNullKeys: keep } }, 3, rows) as Array<[string, unknown]>;
    t.equal(keyBy(false).length, 5);
    const kept = keyBy(true);
    t.equal(kept.length, 6);
    t.equal(kept[3][0], '\u00003:3', 'a null key becomes unique to its partition and row');
  });
});

t.test('hash aggregation: partial per partition, merged after the shuffle, equals a plain-JS reference', async (t) => {
  const aggs: BoundAggregate[] = [
    { fn: 'count', args: [bind(lit(1))], dataType: { kind: 'long' }, nullable: false },
    { fn: 'count', args: [bind(col('v'))], dataType: { kind: 'long' }, nullable: false },
    { fn: 'sum', args: [bind(col('v'))], dataType: { kind: 'long' }, nullable: true },
    { fn: 'avg', args: [bind(col('x'))], dataType: { kind: 'double' }, nullable: true },
    { fn: 'min', args: [bind(col('x'))], dataType: { kind: 'double' }, nullable: true },
    { fn: 'max', args: [bind(col('v'))], dataType: { kind: 'long' }, nullable: true },
    { fn: 'count_distinct', args: [bind(col('v'))], dataType: { kind: 'long' }, nullable: false },
  ];
  const partial = (part: unknown[][]) => runStage({ kind: 'fragment', inputSchema: schema, ops: [], sink: { kind: 'partialAggregate', keys: [bind(col('k'))], aggregates: aggs } }, 0, part) as Array<[string, unknown]>;
  const shuffled = new Map<string, unknown[]>();
  for (const [k, p] of [...partial(rows.slice(0, 3)), ...partial(rows.slice(3))]) shuffled.set(k, [...(shuffled.get(k) ?? []), p]);
  const output = [{ kind: 'group' as const, index: 0 }, ...aggs.map((_, index) => ({ kind: 'aggregate' as const, index }))];
  const result = runStage({ kind: 'finalAggregate', aggregates: aggs, output, global: false }, 0, [...shuffled]) as unknown[][];

  const reference = [...new Set(rows.map((r) => r[0]))].map((k) => {
    const g = rows.filter((r) => r[0] === k);
    const vs = g.map((r) => r[1]).filter((v): v is bigint => v !== null);
    const xs = g.map((r) => r[2]).filter((x): x is number => x !== null);
    return [k, BigInt(g.length), BigInt(vs.length), vs.length ? vs.reduce((a, b) => a + b) : null,
      xs.length ? xs.reduce((a, b) => a + b) / xs.length : null, xs.length ? Math.min(...xs) : null,
      vs.length ? vs.reduce((a, b) => (a > b ? a : b)) : null, BigInt(new Set(vs).size)];
  });
  const byKey = (a: unknown[], b: unknown[]) => encodeKey([a[0]]).localeCompare(encodeKey([b[0]]));
  t.same(result.sort(byKey), reference.sort(byKey));
});

t.test('a global aggregate of no rows gives one row: count 0, sum null', async (t) => {
  const aggs: BoundAggregate[] = [
    { fn: 'count', args: [bind(col('v'))], dataType: { kind: 'long' }, nullable: false },
    { fn: 'sum', args: [bind(col('v'))], dataType: { kind: 'long' }, nullable: true },
  ];
  t.same(runStage({ kind: 'finalAggregate', aggregates: aggs, output: [{ kind: 'aggregate', index: 0 }, { kind: 'aggregate', index: 1 }], global: true }, 0, []), [[0n, null]]);
});

t.test('joinRows combines cogrouped entries per join type', async (t) => {
  const groups = [
    ['k1', [[[['l1'], ['k1']]], [[['r1'], ['k1']], [['r2'], ['k1']]]]],
    ['k2', [[[['l2'], ['k2']]], []]],
    ['k3', [[], [[['r3'], ['k3']]]]],
  ];
  const run = (how: 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti') => runStage({
    kind: 'joinRows', how, output: how === 'semi' || how === 'anti' ? [{ kind: 'left', index: 0 }] : [{ kind: 'coalesce', left: 0, right: 0, key: 0 }, { kind: 'left', index: 0 }, { kind: 'right', index: 0 }],
  }, 0, groups);
  t.same(run('inner'), [['k1', 'l1', 'r1'], ['k1', 'l1', 'r2']]);
  t.same(run('left'), [['k1', 'l1', 'r1'], ['k1', 'l1', 'r2'], ['k2', 'l2', null]]);
  t.same(run('right'), [['k1', 'l1', 'r1'], ['k1', 'l1', 'r2'], ['k3', null, 'r3']]);
  t.same(run('full'), [['k1', 'l1', 'r1'], ['k1', 'l1', 'r2'], ['k2', 'l2', null], ['k3', null, 'r3']]);
  t.same(run('semi'), [['l1']]);
  t.same(run('anti'), [['l2']]);
});

t.test('limit keeps the first n records', async (t) => {
  t.same(runStage({ kind: 'limit', n: 2 }, 0, [[1], [2], [3]]), [[1], [2]]);
});

t.test('row keys and ordering', async (t) => {
  t.not(encodeKey([1]), encodeKey(['1']), 'types are tagged');
  t.equal(encodeKey([-0]), encodeKey([0]), '-0.0 groups with 0.0');
  t.equal(encodeKey([NaN]), encodeKey([NaN]));
  t.equal(encodeKey([1n, null]), encodeKey([1n, null]));
  t.ok(compareValues(NaN, Infinity) > 0, 'NaN sorts above every double');
  t.ok(compareValues(false, true) < 0);
  t.ok(compareValues(2n, 10n) < 0);
  t.ok(compareValues('B', 'a') < 0, 'strings compare by code unit');
});

t.test('orderKey orders as SQL under the runtime\'s compareKeys (what sortByKey uses)', async (t) => {
  const samples: unknown[][] = [
    [3, -1, 0, 2.5, NaN, null, -Infinity, 7, NaN, null],
    ['b', 'ab', 'a', '', 'abc', null, 'B', 'b'],
    [5n, -3n, null, 0n, 12345678901234567n],
    [true, false, null, true],
  ];
  const reference = (o: KeyOrder) => (a: unknown, b: unknown) => {
    if (a === null || b === null) return a === b ? 0 : (a === null) === (o.nulls === 'first') ? -1 : 1;
    const c = compareValues(a, b);
    return o.direction === 'asc' ? c : -c;
  };
  const show = (xs: unknown[]) => xs.map((x) => (typeof x === 'bigint' ? `${x}n` : String(x)));
  for (const values of samples) {
    for (const o of [{ direction: 'asc', nulls: 'first' }, { direction: 'asc', nulls: 'last' }, { direction: 'desc', nulls: 'first' }, { direction: 'desc', nulls: 'last' }] as KeyOrder[]) {
      const viaKeys = values.map((v) => ({ v, k: orderKey([v], [o]) })).sort((a, b) => compareKeys(a.k, b.k)).map((x) => x.v);
      t.same(show(viaKeys), show([...values].sort(reference(o))), `${typeof values[0]} ${o.direction} nulls ${o.nulls}`);
    }
  }
  const two: KeyOrder[] = [{ direction: 'desc', nulls: 'last' }, { direction: 'asc', nulls: 'first' }];
  t.ok(compareKeys(orderKey(['a', null], two), orderKey(['a', 1], two)) < 0, 'later keys break ties');
});
