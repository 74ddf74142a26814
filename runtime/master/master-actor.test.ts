// The Master actor with a real NodeAgent on the in-process transport and a manual clock: backlog
// reports make the agent start executors, idle ones are stopped, a deposed leader's commands are
// refused by the agent, and bad reports are dropped.
import t, { type Test } from 'tap';
import { actorRef } from '../actors/index.js';
import { settle, testCluster } from '../actors/test-kit.fixture.js';
import {
  MASTER_NODE_ID, MASTER_PATH, NODE_AGENT_NAME, type ClusterStatus, type DynamicAllocation, type MasterRequest, type NodeAgentMessage,
} from '../cluster/cluster-protocol.js';
import { nodeAgentProps } from '../node/node-agent.js';
import { sampleLoad } from '../node/resources.js';
import { autoscalerSettings } from './autoscaler.js';
import type { FencedStore } from './fenced-store.js';
import { initialMembership, membershipSettings, type ExecutorInfo } from './membership.js';
import { masterProps, type MasterCommand } from './master-actor.js';

const allocation: DynamicAllocation = {
  enabled: true, minExecutors: 2, maxExecutors: 4,
  schedulerBacklogTimeoutMs: 500, sustainedSchedulerBacklogTimeoutMs: 500, executorIdleTimeoutMs: 2000,
};

/** Redis is not needed here: every registry write succeeds. */
const store = { putNode: async () => {}, removeNode: async () => {}, putExecutor: async () => {}, removeExecutor: async () => {} } as unknown as FencedStore;

async function setup(t: Test) {
  const tc = testCluster();
  t.teardown(() => tc.shutdown());
  const masterSystem = tc.system(MASTER_NODE_ID);
  const master = masterSystem.spawn<MasterCommand>(MASTER_PATH.split('/')[1], masterProps({
    leaderId: 'm1', epoch: 3, initial: initialMembership(membershipSettings({ heartbeatIntervalMs: 1000 })), store,
    heartbeatIntervalMs: 1000, tickIntervalMs: 250, announce: () => {}, onStale: () => {},
    autoscaler: autoscalerSettings({ executor: { cores: 1, memoryBytes: 1024 } }),
  }));
  // A node whose "executors" are records: started at once, ready at once, listed in heartbeats.
  const running = new Map<string, ExecutorInfo>();
  const stopped: string[] = [];
  let seq = 0;
  const nodeSystem = tc.system('n1');
  nodeSystem.spawn(NODE_AGENT_NAME, nodeAgentProps({
    nodeId: 'n1', resources: { host: 'n1.local', cores: 4, memoryBytes: 8 << 30 }, master: actorRef<MasterRequest>(MASTER_NODE_ID, MASTER_PATH),
    heartbeatIntervalMs: 1000, registerTimeoutMs: 1000, registerRetryMs: 500, startedAt: tc.clock.now(),
    publishHeartbeat: (heartbeat) => masterSystem.tell(master, { kind: 'HeartbeatReceived', heartbeat }),
    sampleLoad,
    executors: () => [...running.values()],
    onShutdown: () => {},
    launchExecutors: (count, spec) => Array.from({ length: count }, () => {
      const id = `n1-exec-${++seq}`;
      running.set(id, { id, nodeId: 'n1', cores: spec.cores, memoryBytes: spec.memoryBytes, launchedBy: 'autoscaler' });
      return id;
    }),
    stopExecutor: async (id) => { running.delete(id); stopped.push(id); },
  }));
  const client = tc.system('client');
  const status = () => client.ask<MasterRequest, ClusterStatus>(actorRef(MASTER_NODE_ID, MASTER_PATH), { kind: 'GetClusterStatus' }, { timeoutMs: 1000 });
  const report = (pendingTasks: number, a: Partial<DynamicAllocation> = {}) => client.tell(actorRef<MasterRequest>(MASTER_NODE_ID, MASTER_PATH), {
    kind: 'ReportBacklog', appId: 'app', pendingTasks, runningTasks: 0, busyExecutors: [], allocation: { ...allocation, ...a },
  });
  /** Moves the clock in steps so that ticks, heartbeats and asks interleave as in real time. */
  const advance = async (ms: number, step = 250, each?: () => void) => {
    for (let done = 0; done < ms; done += step) {
      each?.();
      tc.clock.advance(step);
      await settle(10);
    }
  };
  await advance(1000);
  return { tc, client, status, report, advance, running, stopped };
}

t.test('master actor with the autoscaler', async (t) => {
  t.test('a backlog report makes the node agent start minExecutors', async (t) => {
    const { status, report, advance, running } = await setup(t);
    report(0);
    await advance(1500);
    t.equal(running.size, 2);
    const s = await status();
    t.same(s.executors.map((e) => e.launchedBy), ['autoscaler', 'autoscaler'], 'registered from the heartbeat');
    t.match(s.autoscaler, { wantedExecutors: 2, autoscaledExecutors: 2, apps: [{ appId: 'app', targetExecutors: 2 }] });
  });

  t.test('grows under a backlog, then stops idle executors down to minExecutors', async (t) => {
    const { status, report, advance, running, stopped } = await setup(t);
    await advance(2000, 250, () => report(100));
    t.equal(running.size, 4);
    await advance(6000, 250, () => report(0));
    t.equal(running.size, 2);
    t.equal(stopped.length, 2);
    t.match((await status()).autoscaler, { autoscaledExecutors: 2, apps: [{ targetExecutors: 2 }] });
  });

  t.test('a report with bad settings is dropped', async (t) => {
    const { status, report, advance, running } = await setup(t);
    report(10, { minExecutors: 5 });
    await advance(1000);
    t.equal(running.size, 0);
    t.equal((await status()).autoscaler, undefined, 'a static cluster shows no autoscaler');
  });

  t.test('the node agent refuses commands from a deposed leader', async (t) => {
    const { client, running } = await setup(t);
    const agent = actorRef<NodeAgentMessage>('n1', 'user/agent');
    await t.rejects(client.ask(agent, { kind: 'LaunchExecutors', epoch: 2, count: 1, cores: 1, memoryBytes: 1 }, { timeoutMs: 1000 }), { code: 'STALE_EPOCH' });
    await t.rejects(client.ask(agent, { kind: 'StopExecutor', epoch: 2, executorId: 'x' }, { timeoutMs: 1000 }), { code: 'STALE_EPOCH' });
    t.equal(running.size, 0);
  });
});
