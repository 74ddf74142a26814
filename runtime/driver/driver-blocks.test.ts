// The driver's block bookkeeping: cached-block reports, unpersist, broadcast removal, large results
// fetched from the executor's block socket, and the backlog reported for dynamic allocation.
import t from 'tap';
import { Conf, systemClock } from '../../common/index.js';
import { SocketBlockServer, StorageLevels } from '../blocks/index.js';
import { encodeTaskValue, type BlockEndpoint } from '../executor/task-protocol.js';
import { testCluster } from '../actors/test-kit.fixture.js';
import { AccumulatorRegistry, BroadcastRegistry } from '../rdd/index.js';
import { Driver } from './driver.js';
import type { Backlog } from './driver-scheduler-deps.js';
import { fixedExecutors } from './executor-source.js';
import { APP, ScriptedExecutor, defaultOutcome, noMetrics, oneStageJob, startHarness, track, until } from './driver-test-kit.fixture.js';

t.test('cached blocks reported by executors are listed per RDD and forgotten on unpersist', async (t) => {
  const h = await startHarness({ executors: [{ id: 'e1', node: 'n1', cores: 1 }, { id: 'e2', node: 'n2', cores: 1 }] });
  const [e1, e2] = h.executors;
  const report = (e: ScriptedExecutor, blockId: string, memSize: number, diskSize = 0, level: typeof StorageLevels[keyof typeof StorageLevels] = StorageLevels.MEMORY_ONLY) =>
    e.system.tell(h.driver.actor as never, { kind: 'BlockUpdated', update: { blockManagerId: e.registration.blocks.id, blockId, status: { level, memSize, diskSize } } } as never);
  report(e1, `${APP}/rdd_3_0`, 100);
  report(e2, `${APP}/rdd_3_0`, 0, 40, StorageLevels.DISK_ONLY);
  report(e2, 'rdd_3_1', 50);
  report(e1, 'rdd_4_0', 7);
  report(e1, 'other-app/rdd_3_2', 9);
  await until(() => h.driver.rddBlocks().length === 3);
  t.same(h.driver.rddBlocks(3), [
    { blockId: 'rdd_3_0', rddId: 3, partition: 0, locations: [
      { executorId: 'e1', nodeId: 'n1', storageLevel: 'MEMORY_ONLY', memSize: 100, diskSize: 0 },
      { executorId: 'e2', nodeId: 'n2', storageLevel: 'DISK_ONLY', memSize: 0, diskSize: 40 },
    ] },
    { blockId: 'rdd_3_1', rddId: 3, partition: 1, locations: [{ executorId: 'e2', nodeId: 'n2', storageLevel: 'MEMORY_ONLY', memSize: 50, diskSize: 0 }] },
  ], 'app-scoped names are read, other applications\' blocks ignored');

  await h.driver.unpersist(3);
  t.same(h.driver.rddBlocks().map((b) => b.blockId), ['rdd_4_0']);
  await until(() => [e1, e2].every((e) => e.received.some((m) => m.kind === 'RemoveBlocks' && m.rddId === 3)));
  h.driver.removeBroadcast(5);
  await until(() => [e1, e2].every((e) => e.received.some((m) => m.kind === 'RemoveBlocks' && m.broadcastId === 5 && m.appId === APP)));
  t.pass('every executor is told to drop the RDD and the broadcast');
  await h.shutdown();
});

t.test('a result too large for a StatusUpdate is fetched from the executor\'s block socket, then removed there', async (t) => {
  const secret = new Uint8Array(32).fill(7);
  const stored = new Map([[`${APP}/taskresult_0`, encodeTaskValue(['a large result'])]]);
  const server = await SocketBlockServer.start({ source: async (id) => stored.get(id), secret, clock: systemClock });
  const c = testCluster();
  const e = new ScriptedExecutor(c.system('e1'), 'e1', 'n1', 1, (task) => ({
    kind: 'success', accumulatorUpdates: [], metrics: noMetrics,
    resultBlock: { blockId: `${APP}/taskresult_${task.taskId}`, size: 100, from: endpoint },
  }));
  const endpoint: BlockEndpoint = { id: { executorId: 'e1', host: '127.0.0.1', node: 'n1', port: server.port }, secret };
  Object.assign(e.registration, { blocks: endpoint });
  const driver = await Driver.start({
    system: c.system('driver'), appId: APP, accumulators: new AccumulatorRegistry(), broadcasts: new BroadcastRegistry(),
    executors: fixedExecutors([e.ref]), clock: systemClock,
  });
  const job = track(driver.runJob(oneStageJob([[1]])));
  for (let i = 0; i < 200 && job.state() === 'pending'; i++) await new Promise((r) => setTimeout(r, 5));
  t.same(job.value(), [['a large result']]);
  await until(() => e.received.some((m) => m.kind === 'RemoveBlocks' && m.blockId === `${APP}/taskresult_0`));
  await driver.stop();
  await server.close();
  await c.shutdown();
});

t.test('the backlog is reported as tasks wait and run', async (t) => {
  const c = testCluster();
  const e = new ScriptedExecutor(c.system('e1'), 'e1', 'n1', 1, () => 'hold');
  const backlogs: Backlog[] = [];
  const driver = await Driver.start({
    system: c.system('driver'), appId: APP, conf: new Conf(), accumulators: new AccumulatorRegistry(), broadcasts: new BroadcastRegistry(),
    executors: fixedExecutors([e.ref]), onBacklog: (b) => backlogs.push(b),
  });
  await until(() => driver.executors().length === 1);
  const job = track(driver.runJob(oneStageJob([[1], [2], [3]])));
  await until(() => e.held.size === 1);
  t.match(backlogs.at(-1), { pendingTasks: 2, runningTasks: 1, busyExecutors: ['e1'], executors: ['e1'] });
  for (let i = 0; i < 3; i++) {
    await until(() => e.held.size === 1);
    e.complete([...e.held.keys()][0], defaultOutcome([...e.held.values()][0], e));
  }
  await until(() => job.state() === 'resolved');
  t.match(backlogs.at(-1), { pendingTasks: 0, runningTasks: 0 });
  t.same(driver.executors(), [{ executorId: 'e1', nodeId: 'n1', cores: 1, memoryBytes: 1 << 30, blockManager: e.registration.blocks.id, runningTasks: 0 }],
    'executors are listed without their block secret');
  await driver.stop();
  await c.shutdown();
});
