// Executor processes under a node's Supervisor: they show in status, answer on their actor
// address, are restarted with a new pid after SIGKILL, and exit when their node is killed.
import t from 'tap';
import { actorRef, type ClusterStatus } from '../../runtime/index.js';
import { EXECUTOR_PATH, executorProtocol, type ExecutorIdentity, type ExecutorMessage } from '../../runtime/executor/index.js';
import { nodesIn, startTestCluster, waitFor } from '../harness/index.js';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

t.test('supervised executor processes', async (t) => {
  const cluster = await startTestCluster({ masters: 1, nodes: 0 });
  t.teardown(() => cluster.stop());
  cluster.client.registerProtocol(executorProtocol);
  const node = cluster.startNode('n1', ['--executors', '2', '--executor-cores', '1', '--executor-memory', '512m']);
  const withTwo = (s: ClusterStatus) => nodesIn(s, 'alive').length === 1 && s.executors.length === 2;
  const first = await cluster.waitForStatus('n1 with two executors', withTwo, 60_000);
  t.same(first.executors.map((e) => ({ nodeId: e.nodeId, cores: e.cores, memory: e.memory })), [
    { nodeId: 'n1', cores: 1, memory: 512 * 1024 ** 2 }, { nodeId: 'n1', cores: 1, memory: 512 * 1024 ** 2 },
  ]);

  const ping = (id: string) => cluster.client.ask<ExecutorMessage, ExecutorIdentity>(actorRef(id, EXECUTOR_PATH), { kind: 'Ping' }, { timeoutMs: 2000 });
  const ids = first.executors.map((e) => e.id);
  const before = await Promise.all(ids.map(ping));
  t.same(before.map((b) => b.nodeId), ['n1', 'n1']);
  t.ok(before.every((b) => alive(b.pid)), 'each executor is a live process');

  t.test('an executor killed with SIGKILL is restarted with a new pid', async (t) => {
    process.kill(before[0].pid, 'SIGKILL');
    let after: ExecutorIdentity | undefined;
    await waitFor('the executor to answer from a new process', async () => {
      after = await ping(ids[0]);
      return after.pid !== before[0].pid;
    }, 30_000, 200);
    t.not(after!.pid, before[0].pid);
    const s = await cluster.waitForStatus('two executors again', withTwo, 20_000);
    t.same(s.executors.map((e) => e.id).sort(), [...ids].sort(), 'the same executor ids');
  });

  t.test('executors exit when their node is killed, and the master removes them', async (t) => {
    const pids = (await Promise.all(ids.map(ping))).map((b) => b.pid);
    await node.kill('SIGKILL');
    await waitFor('orphaned executors to exit', () => pids.every((p) => !alive(p)), 10_000, 100);
    const s = await cluster.waitForStatus('n1 lost and its executors removed', (st) => nodesIn(st, 'lost').includes('n1') && st.executors.length === 0, 20_000);
    t.same(s.executors, []);
  });
});
