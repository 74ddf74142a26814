import t from 'tap';
import {
  initialMembership, membershipSettings, stepMembership,
  type MembershipEvent, type MembershipInput, type MembershipState, type NodeInfo,
} from './membership.js';
import { clusterStatus, restoreMembership } from './cluster-status.js';

const node = (id: string): NodeInfo => ({ id, host: `${id}.local`, cores: 4, memoryBytes: 8 << 30, address: `flint.c.node.${id}` });

/** Feeds inputs in order; returns the final state and every event. */
function run(state: MembershipState, inputs: readonly MembershipInput[]): { state: MembershipState; events: MembershipEvent[] } {
  const events: MembershipEvent[] = [];
  for (const input of inputs) {
    const step = stepMembership(state, input);
    state = step.state;
    events.push(...step.events);
  }
  return { state, events };
}

function beats(id: string, from: number, to: number, every = 1000): MembershipInput[] {
  const out: MembershipInput[] = [];
  for (let at = from; at <= to; at += every) out.push({ kind: 'Heartbeat', id, at });
  return out;
}

const kinds = (events: readonly MembershipEvent[]): string[] => events.map((e) => e.kind);

t.test('membership', async (t) => {
  t.test('a joining node is Up and Alive', async (t) => {
    const r = run(initialMembership(), [{ kind: 'NodeJoined', node: node('a'), at: 100 }]);
    t.same(r.events, [{ kind: 'NodeUp', id: 'a', rejoined: false }]);
    t.equal(r.state.nodes.get('a')?.state, 'alive');
  });

  t.test('a retried join is idempotent', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'NodeJoined', node: node('a'), at: 500 },
    ]);
    t.same(kinds(r.events), ['NodeUp']);
    t.equal(r.state.nodes.get('a')?.lastHeartbeat, 500);
  });

  t.test('heartbeats keep a node alive and record its resources', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      ...beats('a', 1000, 10_000),
      { kind: 'Heartbeat', id: 'a', at: 11_000, resources: { freeCores: 3, freeMemoryBytes: 1024 } },
      { kind: 'Tick', now: 11_500 },
    ]);
    t.same(kinds(r.events), ['NodeUp']);
    const a = r.state.nodes.get('a');
    t.equal(a?.state, 'alive');
    t.same(a?.resources, { freeCores: 3, freeMemoryBytes: 1024 });
    t.equal(a?.lastHeartbeat, 11_000);
  });

  t.test('a silent node goes Alive → Suspected → Lost, and its executors are removed', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'ExecutorRegistered', executor: { id: 'e1', nodeId: 'a', cores: 2, memoryBytes: 1 << 30 }, at: 10 },
      ...beats('a', 1000, 10_000),
      { kind: 'Tick', now: 13_000 },
      { kind: 'Tick', now: 15_000 },
    ]);
    t.same(kinds(r.events), ['NodeUp', 'ExecutorAdded', 'NodeSuspected', 'NodeLost', 'ExecutorRemoved']);
    t.match(r.events[3], { kind: 'NodeLost', id: 'a', silentForMs: 5000 });
    t.match(r.events[4], { executorId: 'e1', nodeId: 'a', reason: 'node-lost' });
    t.match(r.state.nodes.get('a'), { state: 'lost', lostAt: 15_000 });
    t.equal(r.state.executors.size, 0);
  });

  t.test('a suspected node that beats again recovers', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      ...beats('a', 1000, 10_000),
      { kind: 'Tick', now: 13_000 },
      { kind: 'Heartbeat', id: 'a', at: 13_100 },
    ]);
    t.same(kinds(r.events), ['NodeUp', 'NodeSuspected', 'NodeRecovered']);
    t.equal(r.state.nodes.get('a')?.state, 'alive');
  });

  t.test('a graceful leave removes the node and its executors without waiting for a timeout', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'ExecutorRegistered', executor: { id: 'e1', nodeId: 'a', cores: 1, memoryBytes: 1 }, at: 1 },
      { kind: 'NodeLeft', id: 'a', at: 2 },
      { kind: 'Tick', now: 60_000 },
      { kind: 'NodeLeft', id: 'a', at: 60_001 },
    ]);
    t.same(kinds(r.events), ['NodeUp', 'ExecutorAdded', 'NodeLeft', 'ExecutorRemoved']);
    t.match(r.events[3], { reason: 'node-left' });
    t.match(r.state.nodes.get('a'), { state: 'left', leftAt: 2 });
  });

  t.test('heartbeats from unknown, lost or left nodes are rejected so the node can re-join', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'Heartbeat', id: 'ghost', at: 0 },
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'Tick', now: 6000 },
      { kind: 'Heartbeat', id: 'a', at: 6100 },
      { kind: 'NodeJoined', node: node('b'), at: 6100 },
      { kind: 'NodeLeft', id: 'b', at: 6200 },
      { kind: 'Heartbeat', id: 'b', at: 6300 },
    ]);
    t.same(r.events.filter((e) => e.kind === 'HeartbeatRejected'), [
      { kind: 'HeartbeatRejected', id: 'ghost', reason: 'unknown' },
      { kind: 'HeartbeatRejected', id: 'a', reason: 'lost' },
      { kind: 'HeartbeatRejected', id: 'b', reason: 'left' },
    ]);
  });

  t.test('a lost node re-joins as a fresh Alive node', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'Tick', now: 5000 },
      { kind: 'NodeJoined', node: node('a'), at: 7000 },
      { kind: 'Tick', now: 8000 },
    ]);
    t.same(kinds(r.events), ['NodeUp', 'NodeLost', 'NodeUp']);
    t.match(r.events[2], { rejoined: true });
    t.match(r.state.nodes.get('a'), { state: 'alive', joinedAt: 7000 });
  });

  t.test('executors are accepted only on live nodes, once', async (t) => {
    const ex = (id: string, nodeId: string) => ({ kind: 'ExecutorRegistered' as const, executor: { id, nodeId, cores: 1, memoryBytes: 1 }, at: 0 });
    const r = run(initialMembership(), [
      ex('e0', 'nowhere'),
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      ex('e1', 'a'),
      ex('e1', 'a'),
      { kind: 'NodeLeft', id: 'a', at: 1 },
      ex('e2', 'a'),
      { kind: 'ExecutorRemoved', executorId: 'nope', reason: 'exited' },
    ]);
    t.same(kinds(r.events), ['ExecutorRejected', 'NodeUp', 'ExecutorAdded', 'NodeLeft', 'ExecutorRemoved', 'ExecutorRejected']);
    t.match(r.events[0], { reason: 'unknown-node' });
    t.match(r.events[5], { reason: 'node-down' });
  });

  t.test('an executor removal names its node and reason', async (t) => {
    const r = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'ExecutorRegistered', executor: { id: 'e1', nodeId: 'a', cores: 1, memoryBytes: 1 }, at: 0 },
      { kind: 'ExecutorRemoved', executorId: 'e1', reason: 'exited with code 137' },
    ]);
    t.same(r.events[2], { kind: 'ExecutorRemoved', executorId: 'e1', nodeId: 'a', reason: 'exited with code 137' });
    t.equal(r.state.executors.size, 0);
  });

  t.test('tombstones are forgotten after the retention', async (t) => {
    const r = run(initialMembership(membershipSettings({ tombstoneRetentionMs: 1000 })), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'NodeLeft', id: 'a', at: 10 },
      { kind: 'Tick', now: 1009 },
      { kind: 'Tick', now: 1010 },
      { kind: 'Tick', now: 2000 },
    ]);
    t.same(kinds(r.events), ['NodeUp', 'NodeLeft', 'NodeForgotten']);
    t.equal(r.state.nodes.size, 0);
  });

  t.test('does not mutate the previous state', async (t) => {
    const s0 = run(initialMembership(), [{ kind: 'NodeJoined', node: node('a'), at: 0 }]).state;
    run(s0, [{ kind: 'NodeLeft', id: 'a', at: 1 }, { kind: 'NodeJoined', node: node('b'), at: 2 }]);
    t.equal(s0.nodes.size, 1);
    t.equal(s0.nodes.get('a')?.state, 'alive');
  });
});

t.test('clusterStatus', async (t) => {
  t.test('has the shape of `flint status --json`, sorted by id', async (t) => {
    const { state } = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('b'), at: 5 },
      { kind: 'NodeJoined', node: node('a'), at: 7 },
      { kind: 'ExecutorRegistered', executor: { id: 'e1', nodeId: 'a', cores: 2, memoryBytes: 512, appId: 'app-1' }, at: 8 },
    ]);
    t.same(clusterStatus(state, { id: 'm1', epoch: 3 }), {
      leader: { id: 'm1', epoch: 3 },
      nodes: [
        { id: 'a', host: 'a.local', cores: 4, memory: 8 << 30, state: 'alive', lastHeartbeat: 7, joinedAt: 7, address: 'flint.c.node.a' },
        { id: 'b', host: 'b.local', cores: 4, memory: 8 << 30, state: 'alive', lastHeartbeat: 5, joinedAt: 5, address: 'flint.c.node.b' },
      ],
      executors: [{ id: 'e1', nodeId: 'a', cores: 2, memory: 512, appId: 'app-1', address: null, launchedBy: 'node' }],
    });
    t.same(JSON.parse(JSON.stringify(clusterStatus(state, null))).leader, null);
  });

  t.test('round-trips through restoreMembership, giving live nodes a fresh timeout', async (t) => {
    const { state } = run(initialMembership(), [
      { kind: 'NodeJoined', node: node('a'), at: 0 },
      { kind: 'NodeJoined', node: node('b'), at: 0 },
      { kind: 'NodeJoined', node: node('c'), at: 0 },
      { kind: 'ExecutorRegistered', executor: { id: 'e1', nodeId: 'a', cores: 1, memoryBytes: 1 }, at: 0 },
      { kind: 'ExecutorRegistered', executor: { id: 'e2', nodeId: 'b', cores: 1, memoryBytes: 1 }, at: 0 },
      { kind: 'NodeLeft', id: 'b', at: 1 },
      ...beats('a', 1000, 3000),
      { kind: 'Tick', now: 5000 },
    ]);
    const status = clusterStatus(state, null);
    t.same(status.nodes.map((n) => n.state), ['alive', 'left', 'lost']);
    const restored = restoreMembership(status.nodes, [...status.executors, { id: 'ex', nodeId: 'b', cores: 1, memory: 1, appId: null, address: null, launchedBy: 'node' }], 100_000);
    t.same(clusterStatus(restored, null), status);
    const later = run(restored, [{ kind: 'Tick', now: 104_999 }, { kind: 'Tick', now: 105_000 }]);
    t.same(kinds(later.events), ['NodeSuspected', 'NodeLost', 'ExecutorRemoved']);
  });
});
