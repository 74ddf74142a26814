// Shuffles across two executor runtimes: map tasks write buckets into each executor's block manager,
// reduce tasks read local blocks directly and remote ones over the block socket.
import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { Functions, resultBinary, shuffleMapBinary, startHarness } from './executor-test-kit.fixture.js';
import { compareKeys } from './key-ordering.js';

const byKey = (pairs: unknown[]) => [...pairs].sort((a, b) => compareKeys((a as unknown[])[0], (b as unknown[])[0]));

t.test('executor shuffles', async (t) => {
  const h = await startHarness(t, { executors: 2 });

  t.test('counts words: map tasks on both executors, reducers fetch across them', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const lines = b.parallelize([['a b a', 'c a'], ['b c', 'a'], ['d']]);
    const pairs = b.map(b.flatMap(lines, f.ref((l: string) => l.split(' '))), f.ref((w: string) => [w, 1]));
    const counts = b.reduceByKey(pairs, f.ref((x: number, y: number) => x + y, {}, { argCount: 2 }), { numPartitions: 2 });
    const maps = await h.runMapStage(shuffleMapBinary(b.lineage, counts), [0, 1, 0], f);
    t.ok(maps.every((u) => u.state === 'FINISHED'));
    t.match(maps[1].outcome, { kind: 'success', mapStatus: { executorId: 'exec-b', host: 'node-exec-b' }, metrics: { shuffleRecordsWritten: 3 } });
    t.equal(maps[0].outcome?.kind === 'success' && maps[0].outcome.metrics.shuffleRecordsWritten, 3, 'combined map-side: a, b, c');
    const r0 = await h.run(0, resultBinary(b.lineage, counts), 0, f);
    const r1 = await h.run(1, resultBinary(b.lineage, counts), 1, f);
    const { decodeTaskValue } = await import('./task-protocol.js');
    const result = [r0, r1].flatMap((u) => (u.outcome?.kind === 'success' ? decodeTaskValue(u.outcome.value!) as unknown[] : []));
    t.same(byKey(result), [['a', 4], ['b', 2], ['c', 2], ['d', 1]]);
    const remote = [r0, r1].reduce((n, u) => n + (u.outcome?.kind === 'success' ? u.outcome.metrics.shuffleRemoteBlocksFetched : 0), 0);
    t.ok(remote > 0, 'some blocks came over the socket');
  });

  t.test('groups tuple keys by value', async (t) => {
    const b = h.builder();
    const src = b.parallelize([[[[1, 'a'], 'x'], [[2, 'b'], 'y']], [[[1, 'a'], 'z'], [[1, 'b'], 'w']]]);
    const grouped = b.groupByKey(src, { numPartitions: 3 });
    await h.runMapStage(shuffleMapBinary(b.lineage, grouped), [0, 1]);
    const parts = await Promise.all([0, 1, 2].map((p) => h.collect(p % 2, resultBinary(b.lineage, grouped), p)));
    t.same(byKey(parts.flat()), [[[1, 'a'], ['x', 'z']], [[1, 'b'], ['w']], [[2, 'b'], ['y']]]);
  });

  t.test('aggregates, combines and dedups by key on both sides of the shuffle', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const src = b.parallelize([[['k', 1], ['j', 2], ['k', 3]], [['k', 4]]]);
    const seq = f.ref((acc: number[], v: number) => { acc.push(v); return acc; }, {}, { argCount: 2 });
    const comb = f.ref((x: number[], y: number[]) => x.concat(y), {}, { argCount: 2 });
    const agg = b.aggregateByKey(src, [], seq, comb, { numPartitions: 1 });
    await h.runMapStage(shuffleMapBinary(b.lineage, agg), [0, 1], f);
    t.same(byKey(await h.collect(0, resultBinary(b.lineage, agg), 0, f)), [['j', [2]], ['k', [1, 3, 4]]]);

    const uncombined = b.aggregateByKey(src, 10, f.ref((a: number, v: number) => a + v, {}, { argCount: 2 }), f.ref(() => { throw new Error('no combOp without map-side combine'); }), { numPartitions: 1, mapSideCombine: false });
    await h.runMapStage(shuffleMapBinary(b.lineage, uncombined), [1, 0], f);
    t.same(byKey(await h.collect(1, resultBinary(b.lineage, uncombined), 0, f)), [['j', 12], ['k', 18]]);

    const dups = b.distinct(b.parallelize([[1, [2, 'x'], 1], [[2, 'x'], 3, -0, 0]]), 2);
    const shuffled = b.lineage.rdds[dups].deps[0].rddId;
    await h.runMapStage(shuffleMapBinary(b.lineage, shuffled), [0, 1]);
    const distinct = (await Promise.all([0, 1].map((p) => h.collect(p, resultBinary(b.lineage, dups), p)))).flat();
    t.same([...distinct].sort(compareKeys), [0, 1, 3, [2, 'x']]);
  });

  t.test('sorts by key through range partitions, ascending and descending', async (t) => {
    const b = h.builder();
    const keys = [5, 17, 3, 29, 11, 23, 2, 31, 13, 7, 19];
    const src = b.parallelize([keys.slice(0, 6).map((k) => [k, `v${k}`]), keys.slice(6).map((k) => [k, `v${k}`])]);
    for (const ascending of [true, false]) {
      const sorted = b.sortByKey(src, [10, 20], ascending);
      await h.runMapStage(shuffleMapBinary(b.lineage, sorted), [0, 1]);
      const parts = await Promise.all([0, 1, 2].map((p) => h.collect(p % 2, resultBinary(b.lineage, sorted), p)));
      const expected = [...keys].sort((x, y) => (ascending ? x - y : y - x));
      t.same(parts.flat().map((p) => (p as unknown[])[0]), expected, ascending ? 'ascending' : 'descending');
      t.same(parts.map((p) => p.length), ascending ? [4, 4, 3] : [3, 4, 4], 'each key in its range');
    }
  });

  t.test('cogroups and joins two pair RDDs', async (t) => {
    const b = h.builder();
    const left = b.parallelize([[['a', 1], ['b', 2]], [['a', 3]]]);
    const right = b.parallelize([[['a', 'x'], ['c', 'y'], ['a', 'z']]]);
    const joined = b.join(left, right, 2);
    const cogrouped = b.lineage.rdds[joined].deps[0].rddId;
    await h.runMapStage(shuffleMapBinary(b.lineage, cogrouped, 0), [0, 1]);
    await h.runMapStage(shuffleMapBinary(b.lineage, cogrouped, 1), [1]);
    const groups = (await Promise.all([0, 1].map((p) => h.collect(p, resultBinary(b.lineage, cogrouped), p)))).flat();
    t.same(byKey(groups), [['a', [[1, 3], ['x', 'z']]], ['b', [[2], []]], ['c', [[], ['y']]]]);
    const pairs = (await Promise.all([0, 1].map((p) => h.collect(1 - p, resultBinary(b.lineage, joined), p)))).flat();
    t.same(byKey(pairs).map(String).sort(), ['a,1,x', 'a,1,z', 'a,3,x', 'a,3,z']);
  });

  t.test('repartitions round-robin through a keyed shuffle', async (t) => {
    const b = h.builder();
    const out = b.repartition(b.parallelize([[1, 2, 3, 4, 5, 6]]), 3);
    const shuffled = b.lineage.rdds[out].deps[0].rddId;
    await h.runMapStage(shuffleMapBinary(b.lineage, shuffled), [0]);
    const parts = await Promise.all([0, 1, 2].map((p) => h.collect(p % 2, resultBinary(b.lineage, out), p)));
    t.same(parts.flat().sort(), [1, 2, 3, 4, 5, 6]);
    t.ok(parts.every((p) => p.length === 2), 'evenly spread');
  });

  t.test('reports a fetchFailed for a map output the driver has no location for', async (t) => {
    const b = h.builder();
    const grouped = b.groupByKey(b.parallelize([[['k', 1]], [['k', 2]]]), { numPartitions: 1 });
    const map = shuffleMapBinary(b.lineage, grouped);
    await h.runMapStage({ ...map }, [0, 1]);
    h.driver.unregisterMapOutput(map.dependency.shuffleId, 1);
    h.driver.epoch++;
    const u = await h.run(0, resultBinary(b.lineage, grouped), 0);
    t.match(u, {
      state: 'FAILED',
      outcome: { kind: 'failed', fetchFailed: { shuffleId: map.dependency.shuffleId, mapPartition: 1 }, error: { code: ErrorCode.ShuffleOutputMissing } },
    });
  });

  t.test('reports a fetchFailed naming the executor whose block is gone', async (t) => {
    const b = h.builder();
    const grouped = b.groupByKey(b.parallelize([[['k', 1]], [['k', 2]]]), { numPartitions: 1 });
    const map = shuffleMapBinary(b.lineage, grouped);
    await h.runMapStage(map, [0, 1]);
    h.tell(1, { kind: 'RemoveBlocks', appId: h.appId, shuffleId: map.dependency.shuffleId });
    await h.ask(1, { kind: 'Ping' });
    const u = await h.run(0, resultBinary(b.lineage, grouped), 0);
    t.match(u, {
      state: 'FAILED',
      outcome: { kind: 'failed', fetchFailed: { shuffleId: map.dependency.shuffleId, mapPartition: 1, executorId: 'exec-b' }, error: { code: ErrorCode.BlockNotFound } },
    });
  });

  t.test('drops every block of an ended application', async (t) => {
    const b = h.builder();
    const grouped = b.groupByKey(b.parallelize([[['k', 1]]]), { numPartitions: 1 });
    await h.runMapStage(shuffleMapBinary(b.lineage, grouped), [1]);
    t.ok(h.executors[1].blockManager.blockIds().length > 0);
    h.tell(1, { kind: 'ApplicationEnded', appId: h.appId });
    await h.ask(1, { kind: 'Ping' });
    t.same(h.executors[1].blockManager.blockIds(), []);
  });
});

t.test('a reducer whose peer executor is gone reports a fetchFailed naming it', async (t) => {
  const h = await startHarness(t, { executors: 2 });
  const b = h.builder();
  const grouped = b.groupByKey(b.parallelize([[['k', 1]], [['k', 2]]]), { numPartitions: 1 });
  const map = shuffleMapBinary(b.lineage, grouped);
  await h.runMapStage(map, [0, 1]);
  await h.executors[1].stop();
  const u = await h.run(0, resultBinary(b.lineage, grouped), 0);
  t.match(u, {
    state: 'FAILED',
    outcome: { kind: 'failed', fetchFailed: { shuffleId: map.dependency.shuffleId, mapPartition: 1, executorId: 'exec-b' }, error: { code: ErrorCode.BlockFetchFailed, retryable: true } },
  });
});
