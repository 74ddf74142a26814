// The RDD API end to end in local mode: worker-thread executors, real shuffles over the block
// sockets, every operation checked against the same computation done in plain JavaScript.
import t from 'tap';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkContext } from '../../runtime/context/index.js';
import type { AccumulatorParam } from '../../runtime/rdd/accumulator-param.js';

const byKey = (a: [unknown, unknown], b: [unknown, unknown]): number => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);

t.test('RDD API in local mode', async (t) => {
  const sc = await SparkContext.create({ master: 'local[2]', appName: 'rdd-local-test' });
  t.teardown(() => sc.stop());
  const dir = mkdtempSync(join(tmpdir(), 'flint-rdd-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  await t.test('word count over a text file equals a plain count', async (t) => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`the quick ${i % 7} fox ${i % 3 === 0 ? 'jumps' : 'naps'}`);
    const file = join(dir, 'words.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const counts = await sc.textFile(file, 4)
      .flatMap((line) => line.split(' '))
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b)
      .collect();
    const expected = new Map<string, number>();
    for (const l of lines) for (const w of l.split(' ')) expected.set(w, (expected.get(w) ?? 0) + 1);
    t.same(counts.sort(byKey), [...expected].sort(byKey));
  });

  await t.test('a 3-stage job (two shuffles) equals plain JavaScript', async (t) => {
    const data = Array.from({ length: 5000 }, (_, i) => i);
    const result = await sc.parallelize(data, 6)
      .map((x) => [x % 50, x] as [number, number])
      .reduceByKey((a, b) => a + b, 5)
      .map(([k, sum]) => [sum % 7, k] as [number, number])
      .groupByKey(3)
      .mapValues((ks) => ks.length)
      .collect();
    const sums = new Map<number, number>();
    for (const x of data) sums.set(x % 50, (sums.get(x % 50) ?? 0) + x);
    const groups = new Map<number, number>();
    for (const [, s] of sums) groups.set(s % 7, (groups.get(s % 7) ?? 0) + 1);
    t.same(result.sort(byKey), [...groups].sort(byKey));
  });

  await t.test('actions: count, take, first, reduce, fold, aggregate, isEmpty', async (t) => {
    const rdd = sc.parallelize(Array.from({ length: 100 }, (_, i) => i + 1), 4);
    t.equal(await rdd.count(), 100);
    t.same(await rdd.take(5), [1, 2, 3, 4, 5]);
    t.same(await rdd.take(60), Array.from({ length: 60 }, (_, i) => i + 1), 'take spans partitions');
    t.equal(await rdd.first(), 1);
    t.equal(await rdd.reduce((a, b) => a + b), 5050);
    t.equal(await rdd.fold(0, (a, b) => a + b), 5050);
    t.same(await rdd.aggregate({ n: 0, s: 0 }, (acc, v) => ({ n: acc.n + 1, s: acc.s + v }), (a, b) => ({ n: a.n + b.n, s: a.s + b.s })), { n: 100, s: 5050 });
    t.equal(await sc.emptyRDD<number>().isEmpty(), true);
    await t.rejects(sc.emptyRDD<number>().reduce((a, b) => a + b), { message: /empty RDD/ });
  });

  await t.test('join, cogroup, distinct, union, repartition, coalesce, sortByKey', async (t) => {
    const left = sc.parallelize([[1, 'a'], [2, 'b'], [2, 'c'], [3, 'd']] as [number, string][], 2);
    const right = sc.parallelize([[2, 'x'], [3, 'y'], [3, 'z'], [4, 'w']] as [number, string][], 3);
    t.same((await left.join(right).collect()).map(String).sort(),
      [[2, ['b', 'x']], [2, ['c', 'x']], [3, ['d', 'y']], [3, ['d', 'z']]].map(String).sort());
    const cg = new Map((await left.cogroup(right).collect()).map(([k, [vs, ws]]) => [k, [vs.sort(), ws.sort()]]));
    t.same(cg.get(1), [['a'], []]);
    t.same(cg.get(4), [[], ['w']]);
    t.same((await sc.parallelize([3, 1, 3, 2, 1, [1, 'a'], [1, 'a']] as unknown[], 3).distinct().collect()).map(String).sort(), ['1', '1,a', '2', '3']);
    const u = sc.parallelize([1, 2], 1).union(sc.parallelize([3], 2));
    t.equal(u.getNumPartitions(), 3);
    t.same((await u.collect()).sort(), [1, 2, 3]);
    const re = sc.parallelize(Array.from({ length: 40 }, (_, i) => i), 2).repartition(5);
    t.equal(re.getNumPartitions(), 5);
    t.same((await re.collect()).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
    const co = sc.parallelize(Array.from({ length: 40 }, (_, i) => i), 8).coalesce(3);
    t.equal(co.getNumPartitions(), 3);
    t.same(await co.collect(), Array.from({ length: 40 }, (_, i) => i), 'coalesce keeps order');
    const keys = Array.from({ length: 500 }, (_, i) => (i * 7919) % 500);
    const sorted = await (await sc.parallelize(keys.map((k) => [k, k * 2] as [number, number]), 4).sortByKey(true, 3)).collect();
    t.same(sorted.map(([k]) => k), [...keys].sort((a, b) => a - b));
    const desc = await (await sc.parallelize(keys.map((k) => [k, k] as [number, number]), 4).sortByKey(false, 3)).keys().collect();
    t.same(desc, [...keys].sort((a, b) => b - a));
  });

  await t.test('accumulators with a custom AccumulatorParam and broadcast variables', async (t) => {
    class Stats implements AccumulatorParam<{ count: number; sum: number }> {
      zero() { return { count: 0, sum: 0 }; }
      addInPlace(a: { count: number; sum: number }, b: { count: number; sum: number }) { a.count += b.count; a.sum += b.sum; return a; }
    }
    const acc = sc.accumulator({ count: 0, sum: 0 }, new Stats());
    const plain = sc.accumulator(0);
    const lookup = sc.broadcast(new Map([['a', 10], ['b', 20]]));
    const out = await sc.parallelize(['a', 'b', 'a', 'c'], 2)
      .map((k, { acc, plain, lookup }) => {
        const v = lookup.value.get(k) ?? 0;
        acc.add({ count: 1, sum: v });
        plain.add(1);
        return v;
      }, { acc, plain, lookup })
      .collect();
    t.same(out, [10, 20, 10, 0]);
    t.same(acc.value, { count: 4, sum: 40 });
    t.equal(plain.value, 4);
  });

  await t.test('a parallelized collection and a broadcast larger than a control message travel through the driver\'s block server', async (t) => {
    const big = Array.from({ length: 400_000 }, (_, i) => `value-${i}`);
    const rdd = sc.parallelize(big, 2);
    t.equal(await rdd.count(), big.length);
    t.equal(await rdd.map((s) => s.length).reduce((a, b) => a + b), big.reduce((n, s) => n + s.length, 0));
    const table = sc.broadcast(new Map(big.map((s, i) => [i, s])));
    t.same(await sc.parallelize([0, 199_999, 399_999], 2).map((i, { table }) => table.value.get(i), { table }).collect(),
      ['value-0', 'value-199999', 'value-399999']);
  });

  await t.test('broadcast unpersist makes executors fetch again; destroy refuses later use', async (t) => {
    const factor = sc.broadcast(3);
    const times = (b: typeof factor) => sc.parallelize([1, 2], 2).map((x, { b }) => x * b.value, { b }).collect();
    t.same(await times(factor), [3, 6]);
    await factor.unpersist();
    t.same(await times(factor), [3, 6], 'fetched again after unpersist');
    await factor.destroy();
    t.throws(() => sc.parallelize([1]).map((x, { b }) => x * b.value, { b: factor }), /destroyed/);
  });

  await t.test('a closure capturing an undeclared variable is refused before any job starts', async (t) => {
    let jobs = 0;
    const off = sc.onEvent((e) => { if (e.kind === 'JobStart') jobs++; });
    t.teardown(off);
    const factor = 3;
    t.throws(() => sc.parallelize([1, 2, 3]).map((x) => x * factor), { code: 'CLOSURE_CAPTURE', message: /factor/ });
    t.equal(jobs, 0, 'no job was started');
  });

  await t.test('a task that always throws fails the job after spark.task.maxFailures with its error', async (t) => {
    const failing = sc.parallelize([1, 2, 3, 4], 2).map((x) => {
      if (x === 3) throw new Error(`bad record ${x}`);
      return x;
    });
    await t.rejects(failing.collect(), { message: /Job aborted due to stage failure: Task \d+ in stage [\d.]+ failed 4 times.*bad record 3/s });
  });

  await t.test('saveAsTextFile writes part files textFile reads back; an existing directory is refused', async (t) => {
    const out = join(dir, 'saved');
    await sc.parallelize(['x', 'y', 'z', 'w'], 3).saveAsTextFile(out);
    const names = readdirSync(out).sort();
    t.same(names, ['_SUCCESS', 'part-00000', 'part-00001', 'part-00002']);
    t.equal(readFileSync(join(out, 'part-00002'), 'utf8'), 'z\nw\n');
    t.same((await sc.textFile(out).collect()).sort(), ['w', 'x', 'y', 'z']);
    await t.rejects(sc.parallelize([1]).saveAsTextFile(out), { message: /already exists/ });
  });

  await t.test('a cached RDD is served from memory on the second action', async (t) => {
    const cached = sc.parallelize(Array.from({ length: 1000 }, (_, i) => i), 4).map((x) => x * 2).cache();
    let hits = 0;
    let misses = 0;
    const off = sc.onEvent((e) => {
      if (e.kind === 'TaskEnd' && e.metrics) { hits += e.metrics.cacheHits; misses += e.metrics.cacheMisses; }
    });
    t.teardown(off);
    t.equal(await cached.count(), 1000);
    t.equal(misses, 4, 'first action computes and stores all 4 partitions');
    t.equal(await cached.reduce((a, b) => a + b), 999 * 1000);
    t.equal(hits, 4, 'second action reads all 4 partitions from memory');
    const blocks = sc.rddBlocks(cached.id);
    t.equal(blocks.length, 4);
    t.ok(blocks.every((b) => b.locations.some((l) => l.memSize > 0)), 'blocks are in memory');
    await cached.unpersist();
    t.equal(sc.rddBlocks(cached.id).length, 0);
  });
});
