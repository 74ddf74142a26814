// The NATS server restarts mid-test: every `node runtime` reconnects by itself and the cluster is
// whole again (a leader, every node alive), with no process restarted by the test.
import t from 'tap';
import { nodesIn, startTestCluster } from '../harness/index.js';

t.test('a NATS server restart', async (t) => {
  const cluster = await startTestCluster({ masters: 1, nodes: 3 });
  t.teardown(() => cluster.stop());
  const before = await cluster.waitForStatus('three alive nodes', (s) => s.leader !== null && nodesIn(s, 'alive').length === 3, 60_000);
  const pids = [...cluster.masters, ...cluster.nodes].map((p) => p.pid);

  await cluster.nats.restart();

  const after = await cluster.waitForStatus('the cluster whole again after the restart', (s) =>
    s.leader !== null && nodesIn(s, 'alive').length === 3 && s.nodes.every((n) => n.lastHeartbeat > Date.now() - 2000), 20_000);
  t.same(nodesIn(after, 'alive'), ['n1', 'n2', 'n3']);
  t.equal(after.leader?.id, before.leader?.id, 'the same master still leads (its Redis lease outlived the outage)');
  t.same([...cluster.masters, ...cluster.nodes].map((p) => p.pid), pids, 'no process was restarted');
  for (const p of [...cluster.masters, ...cluster.nodes]) {
    await p.waitForLine(/reconnected to NATS/, 5000);
  }
});
