// Dynamic allocation with a real job: a SparkContext on a 2-node cluster with no standing executors
// runs 200 slow tasks. Its driver's backlog reports make the Master's autoscaler grow executors from
// minExecutors (1) to maxExecutors (4); when the job is done and they sit idle, they are released
// back to 1; when the application stops, the last one goes too.
import t from 'tap';
import { SparkContext } from '../../runtime/context/index.js';
import type { ClusterStatus } from '../../runtime/index.js';
import { startTestCluster } from '../harness/index.js';

const autoscaled = (s: ClusterStatus): number => s.executors.filter((e) => e.launchedBy === 'autoscaler').length;

t.test('200 slow tasks scale executors from min to max and back to min when idle', async (t) => {
  const cluster = await startTestCluster({ nodes: 0 });
  t.teardown(() => cluster.stop());
  cluster.startNode('a1', ['--cores', '2']);
  cluster.startNode('a2', ['--cores', '2']);
  await cluster.waitForStatus('two nodes', (s) => s.nodes.filter((n) => n.state === 'alive').length === 2, 60_000);

  const sc = await SparkContext.create({
    master: cluster.nats.url,
    appName: 'autoscaling-job',
    conf: {
      'spark.dynamicAllocation.enabled': 'true',
      'spark.dynamicAllocation.minExecutors': '1',
      'spark.dynamicAllocation.maxExecutors': '4',
      'spark.dynamicAllocation.schedulerBacklogTimeout': '500ms',
      'spark.dynamicAllocation.executorIdleTimeout': '3s',
    },
  });
  let stopped = false;
  t.teardown(async () => { if (!stopped) await sc.stop(); });
  await cluster.waitForStatus('minExecutors started for the application', (s) => autoscaled(s) === 1, 60_000);

  let peak = 0;
  const watching = setInterval(() => {
    cluster.status(1000).then((s) => { peak = Math.max(peak, autoscaled(s)); }, () => undefined);
  }, 200);
  t.teardown(() => clearInterval(watching));

  // 200 tasks of ~150 ms each: about 30 s on one executor, so the backlog is sustained.
  const slow = sc.parallelize(Array.from({ length: 200 }, (_, i) => i), 200).map(async (x) => {
    await new Promise((r) => setTimeout(r, 150));
    return x * 2;
  });
  const executorsUsed = new Set<string>();
  sc.onEvent((e) => { if (e.kind === 'TaskEnd') executorsUsed.add(e.executorId); });
  const result = await slow.collect();
  t.same(result, Array.from({ length: 200 }, (_, i) => i * 2), 'the job is exact');
  t.equal(peak, 4, `executors grew to maxExecutors and no further (peak ${peak})`);
  t.ok(executorsUsed.size >= 3, `tasks ran on the added executors (${executorsUsed.size} used)`);

  await cluster.waitForStatus('idle executors released back to minExecutors', (s) => autoscaled(s) === 1, 60_000);
  await sc.stop();
  stopped = true;
  await cluster.waitForStatus('the last executor released after the application ended', (s) => autoscaled(s) === 0, 60_000);
});
