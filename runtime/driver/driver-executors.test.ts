// Executors leaving the application: death watch reports a stopped executor actor, and a lost node
// takes the map outputs of every executor that was on it.
import t from 'tap';
import type { MapOutputsReply, TaskDescription } from '../executor/task-protocol.js';
import { defaultOutcome, startHarness, track, twoStageJob, until } from './driver-test-kit.fixture.js';

const isMap = (task: TaskDescription): boolean => task.binary.kind === 'shuffleMap';

t.test('an executor actor that stops is removed through death watch and its tasks run elsewhere', async (t) => {
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 1 }, { id: 'e2', node: 'n2', cores: 1 }],
    script: (task, e) => (e.executorId === 'e1' ? 'hold' : defaultOutcome(task, e)),
  });
  const job = track(h.driver.runJob(twoStageJob([[1], [2]])));
  await until(() => h.executors[0].held.size === 1);
  await h.executors[0].system.stop(h.executors[0].ref);
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [['r0'], ['r1']]);
  t.match(h.events.find((e) => e.kind === 'ExecutorRemoved'), { executorId: 'e1', hostLost: false });
  t.same(h.driver.executors().map((e) => e.executorId), ['e2']);
  await h.shutdown();
});

t.test('a lost node takes the map outputs of every executor on it', async (t) => {
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 1 }, { id: 'e2', node: 'n1', cores: 1 }, { id: 'e3', node: 'n2', cores: 1 }],
    script: (task, e) => (isMap(task) ? defaultOutcome(task, e) : 'hold'),
  });
  const job = track(h.driver.runJob(twoStageJob([[1], [2], [3]])));
  await until(() => h.executors.flatMap((e) => e.launched).filter((x) => !isMap(x)).length === 2);
  const writer = new Map(h.executors.flatMap((e) => e.launched.filter(isMap).map((x) => [x.partition, e.nodeId] as const)));
  t.same([...writer.values()].sort(), ['n1', 'n1', 'n2'], 'two maps were written on node n1');

  for (const e of h.executors) e.script = () => 'hold'; // so the re-run maps do not restore the outputs at once
  h.source.remove('e1', { hostLost: true, reason: 'node n1 lost' });
  await until(() => h.driver.executors().length === 2);
  const reply = await h.executors[2].system.ask<never, MapOutputsReply>(h.driver.actor as never,
    { kind: 'GetMapOutputs', shuffleId: 0, startPartition: 0, endPartition: 2 } as never, { timeoutMs: 1000 });
  t.same(reply.missing, [...writer].filter(([, n]) => n === 'n1').map(([p]) => p).sort(), 'outputs of e2, on the same node, are gone too');
  t.ok(reply.epoch > 0);

  h.source.remove('e2', { hostLost: true, reason: 'node n1 lost' });
  for (const e of h.executors) e.script = (task, ex) => defaultOutcome(task, ex);
  await until(() => h.executors[2].held.size > 0);
  for (const id of [...h.executors[2].held.keys()]) h.executors[2].completeDefault(id);
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [['r0'], ['r1']]);
  await h.shutdown();
});
