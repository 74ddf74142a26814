// The same RDD jobs on a 3-node cluster (real nats-server, redis-server and `node runtime`
// processes, one executor process each) and in local mode give the same results.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkContext } from '../../runtime/context/index.js';
import { startTestCluster, waitFor } from '../harness/index.js';

const sortPairs = <K, V>(pairs: [K, V][]): [K, V][] => [...pairs].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));

async function wordCount(sc: SparkContext, file: string): Promise<[string, number][]> {
  return sortPairs(await sc.textFile(file, 6)
    .flatMap((line) => line.split(/\s+/).filter((w) => w.length > 0))
    .map((w) => [w.toLowerCase(), 1] as [string, number])
    .reduceByKey((a, b) => a + b)
    .collect());
}

/** Three stages: map → reduceByKey (shuffle 1) → re-key → groupByKey (shuffle 2) → collect. */
async function threeStages(sc: SparkContext): Promise<[number, number[]][]> {
  const grouped = await sc.parallelize(Array.from({ length: 20_000 }, (_, i) => i), 8)
    .map((x) => [x % 97, x] as [number, number])
    .reduceByKey((a, b) => a + b, 6)
    .map(([k, s]) => [s % 11, k] as [number, number])
    .groupByKey(4)
    .collect();
  return sortPairs(grouped.map(([k, vs]) => [k, [...vs].sort((a, b) => a - b)] as [number, number[]]));
}

t.test('word count and a 3-stage job on a 3-node cluster equal local mode', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-rdd-cluster-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'text.txt');
  const words = ['Lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];
  writeFileSync(file, Array.from({ length: 4000 }, (_, i) => `${words[i % 8]} ${words[(i * 3) % 8]} ${words[(i * 5) % 7]} ${i % 13}`).join('\n'));

  const local = await SparkContext.create({ master: 'local[2]' });
  const expectedWords = await wordCount(local, file);
  const expectedStages = await threeStages(local);
  await local.stop();

  const cluster = await startTestCluster({ nodes: 0 });
  t.teardown(() => cluster.stop());
  for (const id of ['n1', 'n2', 'n3']) cluster.startNode(id, ['--executors', '1']);
  await cluster.waitForStatus('3 executors', (s) => s.executors.length === 3, 60_000);

  const sc = await SparkContext.create({ master: cluster.nats.url, appName: 'rdd-cluster-test' });
  t.teardown(() => sc.stop());
  await waitFor('the driver registered 3 executors', () => sc.executors().length === 3, 30_000);
  const executorsUsed = new Set<string>();
  sc.onEvent((e) => { if (e.kind === 'TaskEnd' && e.executorId) executorsUsed.add(e.executorId); });
  t.same(await wordCount(sc, file), expectedWords, 'word count');
  t.same(await threeStages(sc), expectedStages, '3-stage job');
  t.equal(executorsUsed.size, 3, 'tasks ran on all three nodes\' executors');
});
