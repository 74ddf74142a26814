// Persisted RDD partitions on an executor with a tiny memory budget: computed once, read back from
// memory or from the disk they spilled to, reported to the driver as BlockUpdated.
import t from 'tap';
import { waitFor } from '../../test/harness/index.js';
import { AccumulatorRegistry } from '../rdd/accumulator.js';
import { capturePackr } from '../rdd/closure-captures.js';
import { Functions, resultBinary, startHarness, type StatusUpdate } from './executor-test-kit.fixture.js';
import { decodeTaskValue } from './task-protocol.js';

const KiB = 1024;

function success(u: StatusUpdate) {
  if (u.outcome?.kind !== 'success') throw new Error(`task ${u.taskId} ended ${u.state}: ${JSON.stringify(u.outcome)}`);
  return u.outcome;
}

t.test('persisted partitions', async (t) => {
  // (100 KiB - 0 reserved) × 0.6 = 60 KiB of unified memory: two ~24 KiB partitions fit, three do not.
  const h = await startHarness(t, { memoryBytes: 100 * KiB });
  const accs = new AccumulatorRegistry();

  const cachedRdd = (level: 'MEMORY_AND_DISK' | 'MEMORY_ONLY') => {
    const computed = accs.create(0);
    const b = h.builder();
    const f = new Functions();
    const src = b.parallelize([0, 1, 2].map((p) => Array.from({ length: 200 }, (_, i) => p * 1000 + i)));
    const big = b.map(src, f.ref((x: number, c: { computed: { add(n: number): void } }) => { c.computed.add(1); return `${x}:${'v'.repeat(100)}`; }, { computed }));
    b.persist(big, level);
    const counted = b.pipe(big, { kind: 'countPartition' });
    const run = async (p: number) => {
      const out = success(await h.run(0, resultBinary(b.lineage, counted), p, f));
      const adds = out.accumulatorUpdates.reduce((n, u) => n + (capturePackr.unpack(u.update) as number), 0);
      return { count: decodeTaskValue(out.value!) as number[], metrics: out.metrics, adds };
    };
    return { run, rddId: big, b, f };
  };

  t.test('MEMORY_AND_DISK: computes once, spills under memory pressure, reads back from disk intact', async (t) => {
    const { run, rddId, b, f } = cachedRdd('MEMORY_AND_DISK');
    const first = await Promise.all([0, 1, 2].map(run));
    t.same(first.map((r) => r.count), [[200], [200], [200]]);
    t.same(first.map((r) => [r.metrics.cacheMisses, r.metrics.cacheHits, r.adds]), [[1, 0, 200], [1, 0, 200], [1, 0, 200]]);
    const disk = h.executors[0].blockManager.diskStore;
    await waitFor('a cached partition to spill to disk', () => disk.blockIds().some((id) => id.includes(`rdd_${rddId}_`)), 5000, 10);
    const again = await Promise.all([0, 1, 2].map(run));
    t.same(again.map((r) => r.count), [[200], [200], [200]]);
    t.same(again.map((r) => [r.metrics.cacheHits, r.metrics.cacheMisses, r.adds]), [[1, 0, 0], [1, 0, 0], [1, 0, 0]], 'no recomputation');
    const values = await h.collect(0, resultBinary(b.lineage, rddId), 1, f);
    t.equal(values.length, 200);
    t.equal(values[7], `1007:${'v'.repeat(100)}`);
    const reported = h.driver.blockUpdates.filter((u) => u.blockId.startsWith(`rdd_${rddId}_`));
    t.same([...new Set(reported.map((u) => u.blockId))].sort(), [`rdd_${rddId}_0`, `rdd_${rddId}_1`, `rdd_${rddId}_2`], 'names without the app prefix');
    t.ok(reported.every((u) => u.blockManagerId.executorId === 'exec-a' && u.status.level.name === 'MEMORY_AND_DISK'));
    t.ok(reported.some((u) => u.status.diskSize > 0), 'a spill was reported');
  });

  t.test('MEMORY_ONLY: an evicted partition is recomputed and reported gone', async (t) => {
    const { run, rddId } = cachedRdd('MEMORY_ONLY');
    const first = await Promise.all([0, 1, 2].map(run));
    t.ok(first.every((r) => r.metrics.cacheMisses === 1));
    const again = [];
    for (const p of [0, 1, 2]) again.push(await run(p));
    t.same(again.map((r) => r.count), [[200], [200], [200]]);
    t.ok(again.some((r) => r.metrics.cacheMisses === 1 && r.adds === 200), 'at least one partition was recomputed');
    t.ok(h.driver.blockUpdates.some((u) => u.blockId.startsWith(`rdd_${rddId}_`) && u.status.level.name === 'NONE'), 'an eviction was reported');
  });

  t.test('RemoveBlocks of an RDD drops its cached partitions', async (t) => {
    const { run, rddId } = cachedRdd('MEMORY_AND_DISK');
    await run(0);
    h.tell(0, { kind: 'RemoveBlocks', appId: h.appId, rddId });
    await h.ask(0, { kind: 'Ping' });
    t.notOk(h.executors[0].blockManager.blockIds().some((id) => id.includes(`rdd_${rddId}_`)));
    t.equal((await run(0)).metrics.cacheMisses, 1);
  });
});
