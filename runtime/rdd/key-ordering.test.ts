import t from 'tap';
import { compareKeys, rangePartition } from './key-ordering.js';

t.test('compareKeys orders across types: null, booleans, numbers, bigints, strings, dates, arrays', async (t) => {
  const sorted = [null, false, true, -Infinity, -1, 0, 2.5, NaN, 1n, 'A', 'a', 'b', new Date(0), [1], [1, 'a'], [2]];
  const shuffled = [...sorted].reverse();
  shuffled.sort(compareKeys);
  t.same(shuffled.map(String), sorted.map(String));
});

t.test('compareKeys treats equal tuples and NaN as equal', async (t) => {
  t.equal(compareKeys([1, 'a'], [1, 'a']), 0);
  t.equal(compareKeys(NaN, NaN), 0);
  t.equal(compareKeys(undefined, null), 0);
  t.ok(compareKeys({ b: 1, a: 2 }, { a: 2, b: 2 }) < 0, 'objects compare by sorted entries');
});

t.test('rangePartition puts a key equal to a bound in that bound\'s partition, mirrored when descending', async (t) => {
  const bounds = [10, 20];
  t.same([5, 10, 11, 20, 21].map((k) => rangePartition(k, bounds, true)), [0, 0, 1, 1, 2]);
  t.same([5, 10, 11, 20, 21].map((k) => rangePartition(k, bounds, false)), [2, 2, 1, 1, 0]);
  t.equal(rangePartition('x', [], true), 0);
});
