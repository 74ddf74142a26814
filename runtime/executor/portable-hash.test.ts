import t from 'tap';
import { execFileSync } from 'node:child_process';
import { KeyMap, canonicalKey } from './key-map.js';
import { compareKeys, rangePartition, sortPairsByKey } from './key-ordering.js';
import { hashPartition, portableHash } from './portable-hash.js';
import { decodeTaskValue, encodeTaskValue } from './task-protocol.js';

const KEYS: unknown[] = [
  0, 1, -1, 42, 2 ** 31, 2 ** 40 + 7, -(2 ** 45), 0.5, -3.25, Number.MAX_VALUE, Infinity, -Infinity, NaN,
  '', 'a', 'hello world', 'ünïcödé ✓', 'x'.repeat(1000), true, false, null, undefined, 12n, -(2n ** 70n),
  new Date(1_700_000_000_000), [1, 'a'], [[1, 2], ['b', null]], [], { b: 2, a: [1] }, new Uint8Array([1, 2, 3]),
];

t.test('portableHash', async (t) => {
  t.test('gives the same signed 32-bit hash for the same key in two calls', async (t) => {
    for (const k of KEYS) {
      const h = portableHash(k);
      t.ok(h === (h | 0), `in range for ${String(k)}`);
      t.equal(portableHash(k), h);
    }
  });

  t.test('hashes 32-bit integers to themselves and partitions them non-negatively', async (t) => {
    t.same([0, 1, 2, -1, 2 ** 31 - 1, -(2 ** 31)].map(portableHash), [0, 1, 2, -1, 2 ** 31 - 1, -(2 ** 31)]);
    t.same([0, 1, 2, 3, -1, -4].map((k) => hashPartition(k, 3)), [0, 1, 2, 0, 2, 2]);
    for (const k of KEYS) {
      const p = hashPartition(k, 7);
      t.ok(Number.isInteger(p) && p >= 0 && p < 7, `partition of ${String(k)}`);
    }
  });

  t.test('hashes keys that arrive through the task codec like the originals', async (t) => {
    for (const k of KEYS) t.equal(portableHash((decodeTaskValue(encodeTaskValue([k])) as unknown[])[0]), portableHash(k), String(k));
  });

  t.test('keeps hashes stable across releases (pinned values)', async (t) => {
    t.same([2 ** 40 + 7, 0.5, -3.25, NaN, 'a', 'word', true, null, [1, 'a'], { k: [2] }, 12n].map(portableHash), PINNED);
  });

  t.test('hashes equal keys equally: -0 and 0, every NaN, tuples, objects by sorted keys', async (t) => {
    t.equal(portableHash(-0), portableHash(0));
    t.equal(portableHash(NaN), portableHash(0 / 0));
    t.equal(portableHash([1, 'a']), portableHash([1, 'a']));
    t.equal(portableHash({ a: 1, b: [2] }), portableHash({ b: [2], a: 1 }));
    t.equal(portableHash(new Date(5)), portableHash(new Date(5)));
    t.equal(portableHash(3), portableHash(3.0));
    t.not(portableHash(1), portableHash('1'));
    t.not(portableHash([1, 2]), portableHash([2, 1]));
    t.not(portableHash(null), portableHash(undefined));
  });

  t.test('is the same in another process', async (t) => {
    const script = `import('${new URL('./portable-hash.ts', import.meta.url).href}').then((m) => process.stdout.write(JSON.stringify([0, 7, 'word', [1, 'a'], 2.5].map(m.portableHash))))`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    t.same(JSON.parse(out), [0, 7, 'word', [1, 'a'], 2.5].map(portableHash));
  });

  t.test('spreads keys over partitions', async (t) => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[hashPartition(`key-${i}`, 8)]++;
    for (const c of counts) t.ok(c > 800 && c < 1200, `bucket of ${c}`);
    const ints = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) ints[hashPartition(i, 8)]++;
    for (const c of ints) t.ok(c > 800 && c < 1200, `int bucket of ${c}`);
  });
});

// Recorded from this implementation; a change means map tasks of two releases would disagree.
const PINNED = [368354454, 1885496327, 2059349149, -1994976299, 39798897, -282228430, 607293368, 1536518961, 2039335854, 268637352, 47140309];

t.test('KeyMap groups by value equality', async (t) => {
  const m = new KeyMap<number>();
  const add = (k: unknown) => { const i = m.slot(k, 0); m.values[i]++; };
  for (const k of [[1, 'a'], [1, 'a'], 'a', '"a"', -0, 0, NaN, NaN, { x: 1, y: 2 }, { y: 2, x: 1 }, new Date(3), new Date(3), null, undefined]) add(k);
  t.same(m.values, [2, 1, 1, 2, 2, 2, 2, 1, 1]);
  t.equal(m.indexOf([1, 'a']), 0);
  t.equal(m.indexOf([1, 'b']), -1);
  t.not(canonicalKey('[1]'), canonicalKey([1]));
});

t.test('key ordering', async (t) => {
  t.test('orders null first, then numbers, strings, arrays lexicographically', async (t) => {
    const keys = ['b', [1, 'z'], 3, null, 'a', [1], [0, 'q'], -2, NaN, 10n, true];
    const sorted = [...keys].sort(compareKeys);
    t.same(sorted, [null, true, -2, 3, 10n, NaN, 'a', 'b', [0, 'q'], [1], [1, 'z']]);
    // Array#sort puts undefined last without asking; as a key (sortPairsByKey) it sorts with null.
    t.equal(compareKeys(undefined, null), 0);
    t.ok(compareKeys(undefined, -1e9) < 0);
  });

  t.test('range partitions by the first bound not below the key, mirrored when descending', async (t) => {
    const bounds = [10, 20, 30];
    t.same([5, 10, 11, 20, 25, 30, 31].map((k) => rangePartition(k, bounds, true)), [0, 0, 1, 1, 2, 2, 3]);
    t.same([5, 10, 11, 20, 25, 30, 31].map((k) => rangePartition(k, bounds, false)), [3, 3, 2, 2, 1, 1, 0]);
    t.equal(rangePartition('m', [], true), 0);
  });

  t.test('sorts pairs by key, stably, both ways', async (t) => {
    t.same(sortPairsByKey([[2, 'a'], [1, 'b'], [2, 'c']], true), [[1, 'b'], [2, 'a'], [2, 'c']]);
    t.same(sortPairsByKey([[2, 'a'], [1, 'b'], [3, 'c']], false), [[3, 'c'], [2, 'a'], [1, 'b']]);
  });
});
