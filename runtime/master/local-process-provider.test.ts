import t from 'tap';
import type { ExecutorSpec } from './executor-provider.js';
import { LocalProcessProvider, placeExecutors, type NodeAgentPort, type PlacementNode } from './local-process-provider.js';

const spec: ExecutorSpec = { cores: 1, memoryBytes: 512 };

/** Node agents that start executors named `<node>-<n>` and record every call. */
class FakeAgents implements NodeAgentPort {
  calls: string[] = [];
  failing = new Set<string>();
  private seq = 0;
  constructor(public live: PlacementNode[]) {}
  nodes() { return this.live; }
  nodeOf(executorId: string) { return this.live.find((n) => n.executorIds.includes(executorId))?.id; }
  async launchOn(nodeId: string, count: number) {
    this.calls.push(`launch ${nodeId} ${count}`);
    if (this.failing.has(nodeId)) throw new Error(`${nodeId} is down`);
    return Array.from({ length: count }, () => `${nodeId}-${++this.seq}`);
  }
  async stopOn(nodeId: string, executorId: string) { this.calls.push(`stop ${nodeId} ${executorId}`); }
}

t.test('placeExecutors', async (t) => {
  t.test('puts each executor on the node with the fewest', async (t) => {
    t.same([...placeExecutors(4, new Map([['a', 2], ['b', 0], ['c', 1]]))].sort(), [['a', 1], ['b', 2], ['c', 1]]);
  });
  t.test('breaks ties by node id', async (t) => {
    t.same([...placeExecutors(3, new Map([['b', 0], ['a', 0]]))].sort(), [['a', 2], ['b', 1]]);
  });
  t.test('places nothing without nodes', async (t) => {
    t.equal(placeExecutors(2, new Map()).size, 0);
  });
});

t.test('LocalProcessProvider', async (t) => {
  t.test('asks the emptiest nodes to start executors and returns their ids', async (t) => {
    const agents = new FakeAgents([{ id: 'a', executorIds: ['x'] }, { id: 'b', executorIds: [] }]);
    const ids = await new LocalProcessProvider(agents, () => 0).launch(3, spec);
    t.same(agents.calls.sort(), ['launch a 1', 'launch b 2']);
    t.equal(ids.length, 3);
  });

  t.test('counts its launches the registry has not seen yet when placing the next ones', async (t) => {
    const agents = new FakeAgents([{ id: 'a', executorIds: [] }, { id: 'b', executorIds: [] }]);
    const provider = new LocalProcessProvider(agents, () => 0);
    await provider.launch(1, spec);
    await provider.launch(1, spec);
    t.same(agents.calls, ['launch a 1', 'launch b 1']);
  });

  t.test('returns what part of a request succeeded, and fails only when nothing did', async (t) => {
    const agents = new FakeAgents([{ id: 'a', executorIds: [] }, { id: 'b', executorIds: [] }]);
    agents.failing.add('a');
    const provider = new LocalProcessProvider(agents, () => 0);
    t.same(await provider.launch(2, spec), ['b-1']);
    agents.failing.add('b');
    await t.rejects(provider.launch(2, spec), { code: 'REMOTE_FAILURE', retryable: true });
  });

  t.test('fails without live nodes', async (t) => {
    await t.rejects(new LocalProcessProvider(new FakeAgents([]), () => 0).launch(1, spec), { code: 'REMOTE_FAILURE', message: /no live node/ });
  });

  t.test('stops an executor on its node; an unknown one is already gone', async (t) => {
    const agents = new FakeAgents([{ id: 'a', executorIds: ['e1'] }]);
    const provider = new LocalProcessProvider(agents, () => 0);
    await provider.release('e1');
    await provider.release('nowhere');
    t.same(agents.calls, ['stop a e1']);
  });

  t.test('stops an executor it launched before the registry knows it', async (t) => {
    const agents = new FakeAgents([{ id: 'a', executorIds: [] }]);
    const provider = new LocalProcessProvider(agents, () => 0);
    const [id] = await provider.launch(1, spec);
    await provider.release(id);
    t.same(agents.calls, ['launch a 1', `stop a ${id}`]);
  });
});
