// A master and three `node runtime` processes on real nats-server and redis-server: status lists
// them (also through the `flint status --json` CLI); a node killed with SIGKILL is marked lost
// within the default 5 s heartbeat timeout and its watchers receive Terminated; SIGTERM leaves.
import t from 'tap';
import { actorRef, type AnyRef, type ClusterStatus } from '../../runtime/index.js';
import { nodesIn, runFlint, startTestCluster, waitFor } from '../harness/index.js';

const HEARTBEAT_TIMEOUT_MS = 5000;

t.test('cluster membership', async (t) => {
  const cluster = await startTestCluster({ masters: 1, nodes: 3 });
  t.teardown(() => cluster.stop());

  const all = await cluster.waitForStatus('a leader and three alive nodes', (s) => s.leader !== null && nodesIn(s, 'alive').length === 3, 60_000);
  t.same(nodesIn(all, 'alive'), ['n1', 'n2', 'n3']);
  t.equal(all.leader?.epoch, 1, 'the first leader holds epoch 1');

  t.test('flint status --json prints the leader, nodes, executors and applications', async (t) => {
    const res = await runFlint(['status', '--master', cluster.nats.url, '--json']);
    t.equal(res.code, 0, res.stderr);
    const status = JSON.parse(res.stdout) as ClusterStatus;
    t.same(Object.keys(status).sort(), ['applications', 'executors', 'leader', 'nodes']);
    t.same((status as ClusterStatus & { applications: unknown[] }).applications, [], 'no application was submitted');
    t.same(status.nodes.map((n) => n.id), ['n1', 'n2', 'n3']);
    for (const n of status.nodes) {
      t.match(n, { host: String, cores: 2, memory: 1024 ** 3, state: 'alive', lastHeartbeat: Number });
    }
    t.same(status.executors, []);
    const human = await runFlint(['status', '--master', cluster.nats.url]);
    t.match(human.stdout, /^leader: master-1 \(epoch 1\)\nNODE\s+HOST\s+CORES\s+MEMORY\s+STATE\s+LAST HEARTBEAT\nn1 /);
  });

  t.test('a node killed with SIGKILL is lost within the heartbeat timeout and watchers get Terminated', async (t) => {
    const victim = actorRef<never>('n2', 'user/agent');
    let terminatedAt: number | undefined;
    let terminatedRef: AnyRef | undefined;
    cluster.client.spawn('watcher', {
      protocol: { name: 'watcher', version: 1, kinds: [] },
      create: () => ({
        receive() {},
        onSignal(ctx, signal) {
          if (signal.kind === 'PreStart') ctx.watch(victim);
          if (signal.kind === 'Terminated') { terminatedAt = Date.now(); terminatedRef = signal.ref; }
        },
      }),
    });
    // The agent is alive, so Terminated can only come from the Master downing its node.
    t.equal(terminatedAt, undefined);
    const n2 = cluster.nodes.find((p) => p.name === 'n2')!;
    const killedAt = Date.now();
    await n2.kill('SIGKILL');
    await waitFor('Terminated for n2/user/agent', () => terminatedAt !== undefined, HEARTBEAT_TIMEOUT_MS + 5000, 20);
    const elapsed = terminatedAt! - killedAt;
    t.same(terminatedRef, { node: 'n2', path: 'user/agent' });
    // Lost when the last heartbeat (≤ 1 interval before the kill) is older than the timeout,
    // judged every tick (¼ interval): allow the tick and delivery on a loaded machine.
    t.ok(elapsed <= HEARTBEAT_TIMEOUT_MS + 1000, `Terminated ${elapsed} ms after the kill (timeout ${HEARTBEAT_TIMEOUT_MS} ms)`);
    t.ok(elapsed >= HEARTBEAT_TIMEOUT_MS - 1000 - 250, `not before the timeout could expire (${elapsed} ms)`);
    const s = await cluster.status();
    t.same(nodesIn(s, 'lost'), ['n2']);
    t.same(nodesIn(s, 'alive'), ['n1', 'n3']);
  });

  t.test('SIGTERM leaves the cluster gracefully', async (t) => {
    const n3 = cluster.nodes.find((p) => p.name === 'n3')!;
    const exit = await n3.stop();
    t.equal(exit.code, 0, 'the node exits 0');
    const s = await cluster.waitForStatus('n3 to have left', (st) => nodesIn(st, 'left').includes('n3'), 5000);
    t.same(nodesIn(s, 'alive'), ['n1']);
  });

  t.test('a node that comes back after being lost rejoins', async (t) => {
    cluster.startNode('n2');
    const s = await cluster.waitForStatus('n2 alive again', (st) => nodesIn(st, 'alive').includes('n2'));
    t.same(nodesIn(s, 'alive'), ['n1', 'n2']);
  });
});
