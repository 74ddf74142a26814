// Local mode: executor runtimes in worker threads behind the driver's in-process hub run a shuffle
// between them, and remove their spill directories when the cluster stops.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { actorRef } from '../actors/index.js';
import { LineageBuilder } from '../rdd/lineage-builder.js';
import { startLocalCluster } from '../local/local-mode.js';
import { EXECUTOR_PATH, type ExecutorIdentity } from './executor-actor.js';
import { Functions, resultBinary, shuffleMapBinary, spawnScriptedDriver } from './executor-test-kit.fixture.js';
import type { LocalExecutorData } from './local-executor-worker-data.js';
import { decodeTaskValue, type ExecutorMessage, type ExecutorRegistration, type TaskDescription } from './task-protocol.js';

t.test('local executor workers run a word count and clean up on stop', async (t) => {
  const localDir = t.testdir();
  const data: LocalExecutorData = { cores: 1, memoryBytes: 64 * 1024 * 1024, conf: { 'spark.local.dir': localDir, 'spark.testing.reservedMemory': '0' } };
  const cluster = await startLocalCluster({ executors: 2, executorModule: new URL('./local-executor-worker.ts', import.meta.url), executorData: data });
  let stopped = false;
  t.teardown(() => (stopped ? undefined : cluster.stop()));
  const { driver, driverRef } = spawnScriptedDriver(cluster.system);
  const refs = cluster.executors.map((e) => actorRef<ExecutorMessage>(e.nodeId, EXECUTOR_PATH));
  const ask = <R>(i: number, msg: ExecutorMessage) => cluster.system.ask<ExecutorMessage, R>(refs[i], msg, { timeoutMs: 10_000 });
  t.same((await Promise.all([0, 1].map((i) => ask<ExecutorIdentity>(i, { kind: 'Ping' })))).map((id) => [id.executorId, id.nodeId]),
    [['executor-0', 'executor-0'], ['executor-1', 'executor-1']], 'node id = executor id');
  const regs = await Promise.all([0, 1].map((i) => ask<ExecutorRegistration>(i, { kind: 'RegisterApplication', appId: 'app-local', driver: driverRef })));

  const b = new LineageBuilder();
  const f = new Functions();
  const words = b.flatMap(b.parallelize([['to be or', 'not to be'], ['be quick']]), f.ref((l: string) => l.split(' ')));
  const counts = b.reduceByKey(b.map(words, f.ref((w: string) => [w, 1])), f.ref((x: number, y: number) => x + y, {}, { argCount: 2 }), { numPartitions: 2 });
  let taskId = 0;
  const run = (i: number, binary: TaskDescription['binary'], partition: number) => {
    const task: TaskDescription = {
      appId: 'app-local', driver: driverRef, taskId: ++taskId, attempt: 0, stageId: 0, stageAttempt: 0, jobId: 0, partition, epoch: 0, binary, functions: f.functions,
    };
    cluster.system.tell(refs[i], { kind: 'LaunchTask', task });
    return driver.finalUpdate(task.taskId);
  };
  const map = shuffleMapBinary(b.lineage, counts);
  driver.declareShuffle(map.dependency.shuffleId, 2);
  const maps = await Promise.all([0, 1].map((p) => run(p, map, p)));
  maps.forEach((u, p) => {
    if (u.outcome?.kind !== 'success') throw new Error(JSON.stringify(u));
    driver.registerMapOutput(map.dependency.shuffleId, p, regs[p].blocks, u.outcome.mapStatus!.sizes);
  });
  const reduced = await Promise.all([0, 1].map((p) => run(1 - p, resultBinary(b.lineage, counts), p)));
  const pairs = reduced.flatMap((u) => (u.outcome?.kind === 'success' ? decodeTaskValue(u.outcome.value!) as [string, number][] : []));
  t.same(Object.fromEntries(pairs), { to: 2, be: 3, or: 1, not: 1, quick: 1 });
  t.ok(readdirSync(localDir).some((d) => d.startsWith('flint-blocks-')), 'spill directories exist while running');

  stopped = true;
  await cluster.stop();
  t.same(readdirSync(localDir).filter((d) => d.startsWith('flint-blocks-')), [], 'stop removed them');
});
