// Dynamic allocation end to end: an actor in the test client plays a driver that reports its
// backlog to the Master; the Master's autoscaler has node agents start executor processes (1 → 4
// under a sustained backlog, spread over the nodes), releases them once idle (back to
// minExecutors), and all of them when the application ends.
import t from 'tap';
import { assertNever, type TimerHandle } from '../../common/index.js';
import {
  actorRef, defineProtocol, masterRef,
  type ActorRef, type ActorSystem, type ClusterStatus, type DynamicAllocation, type MasterRequest, type Props,
} from '../../runtime/index.js';
import { EXECUTOR_PATH, executorProtocol, type ExecutorIdentity, type ExecutorMessage } from '../../runtime/executor/executor-actor.js';
import { nodesIn, startTestCluster, waitFor, type TestCluster } from '../harness/index.js';

const allocation: DynamicAllocation = {
  enabled: true, minExecutors: 1, maxExecutors: 4,
  schedulerBacklogTimeoutMs: 500, sustainedSchedulerBacklogTimeoutMs: 500, executorIdleTimeoutMs: 2000,
};

type DriverMessage =
  | { readonly kind: 'SetBacklog'; readonly pendingTasks: number }
  | { readonly kind: 'ReportNow' }
  | { readonly kind: 'End' };

const driverProtocol = defineProtocol<DriverMessage>('test-driver', 1, { SetBacklog: true, ReportNow: true, End: true });

/**
 * What a driver does: every second, and whenever its backlog changes, it learns the executors from
 * the Master (GetClusterStatus) and reports its backlog; while it has work, every executor runs one
 * of its tasks (busy). On End it tells the Master the application ended and stops reporting.
 */
function driverProps(appId: string, reportEveryMs: number): Props<DriverMessage> {
  let pendingTasks = 0;
  let ended = false;
  let timer: TimerHandle | undefined;
  return {
    protocol: driverProtocol,
    create: () => ({
      onSignal(ctx, signal) {
        if (signal.kind === 'PreStart') timer = ctx.clock.setInterval(() => ctx.tell(ctx.self, { kind: 'ReportNow' }), reportEveryMs);
        if (signal.kind === 'PostStop') timer?.cancel();
      },
      async receive(ctx, msg) {
        switch (msg.kind) {
          case 'SetBacklog':
            pendingTasks = msg.pendingTasks;
            ctx.tell(ctx.self, { kind: 'ReportNow' });
            return;
          case 'ReportNow': {
            if (ended) return;
            const status = await ctx.ask<MasterRequest, ClusterStatus>(masterRef, { kind: 'GetClusterStatus' }, { timeoutMs: 2000 }).catch(() => undefined);
            const busy = pendingTasks > 0 ? (status?.executors ?? []).map((e) => e.id) : [];
            ctx.tell(masterRef, { kind: 'ReportBacklog', appId, pendingTasks, runningTasks: busy.length, busyExecutors: busy, allocation });
            return;
          }
          case 'End':
            ended = true;
            timer?.cancel();
            ctx.tell(masterRef, { kind: 'ApplicationEnded', appId });
            return;
          default:
            assertNever(msg, 'driver message');
        }
      },
    }),
  };
}

const autoscaled = (s: ClusterStatus) => s.executors.filter((e) => e.launchedBy === 'autoscaler');

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** The process id each executor answers from. */
async function pidsOf(client: ActorSystem, ids: readonly string[]): Promise<Map<string, number>> {
  const answers = await Promise.all(ids.map((id) =>
    client.ask<ExecutorMessage, ExecutorIdentity>(actorRef(id, EXECUTOR_PATH), { kind: 'Ping' }, { timeoutMs: 5000 })));
  return new Map(ids.map((id, i) => [id, answers[i].pid]));
}

/** Masters, two nodes of 2 cores each (room for 4 one-core executors) and a driver in the client. */
async function clusterWithDriver(masters: number): Promise<{ cluster: TestCluster; driver: ActorRef<DriverMessage> }> {
  const cluster = await startTestCluster({ masters, nodes: 0 });
  cluster.client.registerProtocol(executorProtocol);
  cluster.startNode('n1', ['--cores', '2']);
  cluster.startNode('n2', ['--cores', '2']);
  await cluster.waitForStatus('a leader and two nodes', (s) => s.leader !== null && nodesIn(s, 'alive').length === 2, 60_000);
  return { cluster, driver: cluster.client.spawn('driver', driverProps('app-1', 1000)) };
}

const launchesLogged = (cluster: TestCluster, master = 0) =>
  cluster.masters[master].logs().filter((l) => l.msg === 'autoscaler: launching executors').map((l) => l.count);

t.test('dynamic allocation', async (t) => {
  const { cluster, driver } = await clusterWithDriver(1);
  t.teardown(() => cluster.stop());
  let pids = new Map<string, number>();

  t.test('a reporting application gets minExecutors', async (t) => {
    cluster.client.tell(driver, { kind: 'SetBacklog', pendingTasks: 0 });
    const s = await cluster.waitForStatus('one executor', (st) => st.executors.length === 1, 90_000);
    t.equal(autoscaled(s).length, 1, 'launched by the autoscaler');
    t.match(s.autoscaler?.apps, [{ appId: 'app-1', enabled: true, targetExecutors: 1, minExecutors: 1, maxExecutors: 4 }]);
  });

  t.test('a sustained backlog grows the executors to maxExecutors, spread over the nodes', async (t) => {
    cluster.client.tell(driver, { kind: 'SetBacklog', pendingTasks: 200 });
    const s = await cluster.waitForStatus('four executors', (st) => st.executors.length === 4, 120_000);
    t.equal(autoscaled(s).length, 4);
    t.same(s.executors.map((e) => e.nodeId).sort(), ['n1', 'n1', 'n2', 'n2'], 'two per node');
    t.match(s.autoscaler?.apps, [{ appId: 'app-1', targetExecutors: 4, pendingTasks: 200 }]);
    t.same(launchesLogged(cluster), [1, 1, 2], 'rounds of 1, then 1 and 2 (doubling)');
    pids = await pidsOf(cluster.client, s.executors.map((e) => e.id));
    t.ok([...pids.values()].every(alive), 'each executor is a live process');
  });

  t.test('once the backlog is gone, idle executors are released down to minExecutors', async (t) => {
    cluster.client.tell(driver, { kind: 'SetBacklog', pendingTasks: 0 });
    const s = await cluster.waitForStatus('back to one executor', (st) => st.executors.length === 1, 90_000);
    t.match(s.autoscaler?.apps, [{ appId: 'app-1', targetExecutors: 1, pendingTasks: 0 }]);
    const released = cluster.masters[0].logs().filter((l) => l.msg === 'autoscaler: releasing an idle executor');
    t.equal(released.length, 3);
    t.ok(released.every((l) => typeof l.idleForMs === 'number' && l.idleForMs >= 2000), 'each idle for executorIdleTimeout');
    const gone = [...pids].filter(([id]) => id !== s.executors[0].id).map(([, pid]) => pid);
    await waitFor('the released executor processes to exit', () => gone.every((pid) => !alive(pid)), 20_000, 100);
    t.same(launchesLogged(cluster), [1, 1, 2], 'nothing launched meanwhile');
  });

  t.test('when the application ends, its executors are released', async (t) => {
    cluster.client.tell(driver, { kind: 'End' });
    const s = await cluster.waitForStatus('no executors, no application', (st) => st.executors.length === 0 && (st.autoscaler?.apps.length ?? 0) === 0, 60_000);
    t.same(s.executors, []);
    await waitFor('every executor process to exit', () => [...pids.values()].every((pid) => !alive(pid)), 20_000, 100);
  });
});

t.test('dynamic allocation across a Master failover', async (t) => {
  const { cluster, driver } = await clusterWithDriver(2);
  t.teardown(() => cluster.stop());
  cluster.client.tell(driver, { kind: 'SetBacklog', pendingTasks: 200 });
  const before = await cluster.waitForStatus('four executors', (st) => st.executors.length === 4, 120_000);
  const leaderIndex = cluster.masters.findIndex((m) => m.name === before.leader!.id);
  const standbyIndex = 1 - leaderIndex;

  t.test('the new leader rebuilds the application from its reports and keeps its busy executors', async (t) => {
    await cluster.masters[leaderIndex].kill('SIGKILL');
    const after = await cluster.waitForStatus('the standby leading with the application at 4', (st) =>
      st.leader?.id === cluster.masters[standbyIndex].name && st.autoscaler?.apps[0]?.targetExecutors === 4, 30_000);
    t.same(after.executors.map((e) => e.id).sort(), before.executors.map((e) => e.id).sort(), 'the same executors');
    t.same(launchesLogged(cluster, standbyIndex), [], 'the new leader launched nothing');
    t.same(autoscaled(after).length, 4, 'still known as autoscaled (from the stored registry)');
  });

  t.test('and scales it down once idle', async (t) => {
    cluster.client.tell(driver, { kind: 'SetBacklog', pendingTasks: 0 });
    await cluster.waitForStatus('back to one executor', (st) => st.executors.length === 1, 90_000);
    t.pass('released by the new leader');
  });
});
