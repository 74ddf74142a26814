// Master high availability on real servers: killing the leader lets the standby take over with a
// higher epoch and the same node list; the deposed leader's registry writes are refused (fencing);
// and a leader frozen past its lease (a zombie) cannot down nodes when it wakes up.
import t from 'tap';
import { createRedisClient, FencedStore } from '../../runtime/master/index.js';
import { nodesIn, startTestCluster, waitFor } from '../harness/index.js';

t.test('master failover', async (t) => {
  const cluster = await startTestCluster({ masters: 2, nodes: 3 });
  t.teardown(() => cluster.stop());
  const first = await cluster.waitForStatus('a leader and three alive nodes', (s) => s.leader !== null && nodesIn(s, 'alive').length === 3, 60_000);
  const leaderName = first.leader!.id;
  const leader = cluster.masters.find((m) => m.name === leaderName)!;
  t.ok(leader, `leader ${leaderName} is one of the two candidates`);

  t.test('the standby takes over with the same node list when the leader is killed', async (t) => {
    await leader.kill('SIGKILL');
    const next = await cluster.waitForStatus('another master leading', (s) => s.leader !== null && s.leader.id !== leaderName, 15_000);
    t.ok(next.leader!.epoch > first.leader!.epoch, `epoch rose from ${first.leader!.epoch} to ${next.leader!.epoch}`);
    t.same(next.nodes.map((n) => n.id), ['n1', 'n2', 'n3'], 'the new leader knows the same nodes');
    t.same(nodesIn(next, 'alive'), ['n1', 'n2', 'n3']);
    await waitFor('nodes to hear the new leader', () => cluster.membership.guard.current === next.leader!.epoch, 5000);
  });

  t.test('a write with the deposed leader\'s epoch is refused', async (t) => {
    const redis = createRedisClient(cluster.redis.url);
    t.teardown(() => redis.quit());
    const store = new FencedStore(redis, 'flint');
    await t.rejects(
      store.putNode(first.leader!.epoch, { id: 'n1', host: 'x', cores: 1, memory: 1, state: 'lost', lastHeartbeat: 0, joinedAt: 0, address: 'n1/user/agent' }),
      { code: 'STALE_EPOCH' },
    );
    const stored = await store.read();
    t.equal(stored.nodes.find((n) => n.id === 'n1')?.state, 'alive', 'the stored registry is unchanged');
  });

  t.test('a leader frozen past its lease wakes up as a zombie and cannot down the nodes', async (t) => {
    const restarted = cluster.startMaster('master-3');
    await restarted.waitForLine(/master candidate started/, 10_000);
    const current = await cluster.status();
    const zombieName = current.leader!.id;
    const zombie = cluster.masters.find((m) => m.name === zombieName)!;
    process.kill(zombie.pid, 'SIGSTOP');
    const next = await cluster.waitForStatus('master-3 leading while the old leader is frozen', (s) => s.leader?.id === 'master-3', 15_000);
    // Frozen longer than the heartbeat timeout: on waking, its view says every node is silent.
    await new Promise((r) => setTimeout(r, 6000));
    process.kill(zombie.pid, 'SIGCONT');
    await zombie.waitForLine(/leadership ended|stepping down/, 10_000);
    // While the zombie shuts its leader actor down it may still answer on the master address (with
    // "actor has stopped"), so ask until the leader answers rather than once.
    const after = await cluster.waitForStatus('master-3 answering after the zombie stepped down', (s) => s.leader?.id === 'master-3', 15_000);
    t.equal(after.leader?.id, 'master-3');
    t.equal(after.leader?.epoch, next.leader!.epoch);
    t.same(nodesIn(after, 'alive'), ['n1', 'n2', 'n3'], 'no node was downed by the zombie');
    t.notMatch(zombie.lines().join('\n'), /"msg":"node lost"/, 'the zombie never announced a node lost');
  });
});
