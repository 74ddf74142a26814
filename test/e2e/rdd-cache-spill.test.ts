// Persisted RDDs under a small memory budget: MEMORY_AND_DISK partitions that do not fit spill to
// the executors' local disks, later actions read them back, and every answer stays exact.
import t from 'tap';
import { SparkContext } from '../../runtime/context/index.js';
import { waitFor } from '../harness/index.js';

t.test('MEMORY_AND_DISK under a small executor memory spills to disk and stays right', async (t) => {
  // Unified region = (320 MiB - 300 MiB reserved) × 0.6 = 12 MiB per executor; we cache ~60 MiB.
  const sc = await SparkContext.create({ master: 'local[2]', conf: { 'spark.executor.memory': '320m' } });
  t.teardown(() => sc.stop());
  const partitions = 16;
  const rdd = sc.parallelize(Array.from({ length: partitions }, (_, i) => i), partitions)
    .flatMap((p) => Array.from({ length: 32 }, (_, j) => ({ p, j, pad: 'x'.repeat(120_000) })))
    .persist('MEMORY_AND_DISK');
  let hits = 0;
  const off = sc.onEvent((e) => { if (e.kind === 'TaskEnd' && e.metrics) hits += e.metrics.cacheHits; });
  t.teardown(off);
  t.equal(await rdd.count(), partitions * 32);
  // Spills finish after the task that caused them (the evicted bytes stay readable until then) and are
  // reported to the driver as they land, so the driver's view settles shortly after the job.
  const onDisk = (): number => sc.rddBlocks(rdd.id).filter((b) => b.locations.some((l) => l.diskSize > 0)).length;
  const inMemory = (): number => sc.rddBlocks(rdd.id).reduce((n, b) => n + b.locations.reduce((m, l) => m + l.memSize, 0), 0);
  const limit = 2 * 12 * 1024 * 1024;
  await waitFor('spills reported to the driver', () => onDisk() > 0 && inMemory() <= limit, 20_000);
  t.equal(sc.rddBlocks(rdd.id).length, partitions, 'every partition is stored somewhere');
  t.ok(onDisk() > 0, `some partitions were spilled to disk (${onDisk()} of ${partitions})`);
  t.ok(inMemory() <= limit, `memory holds at most the two executors' unified regions (${(inMemory() / 2 ** 20).toFixed(1)} MiB)`);
  const sum = await rdd.map((r) => r.p * 1000 + r.j).reduce((a, b) => a + b);
  let expected = 0;
  for (let p = 0; p < partitions; p++) for (let j = 0; j < 32; j++) expected += p * 1000 + j;
  t.equal(sum, expected, 'the second action reads memory and disk blocks and gets the exact sum');
  t.equal(hits, partitions, 'the second action computed nothing: every partition came from the cache');
});
