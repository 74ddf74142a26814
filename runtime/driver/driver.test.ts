// The driver scheduler actor on a real in-process actor system with scripted executors: jobs run
// stage by stage, failures retry and abort with Spark's message, lost outputs are recomputed, and
// accumulators count each partition once.
import t from 'tap';
import { ErrorCode, type EngineError } from '../../common/index.js';
import type { MapOutputsReply, TaskDescription } from '../executor/task-protocol.js';
import { decodeTaskValue } from '../executor/task-protocol.js';
import {
  defaultOutcome, failure, oneStageJob, startHarness, success, track, twoStageJob, until, type ScriptedExecutor,
} from './driver-test-kit.fixture.js';

const isMap = (task: TaskDescription): boolean => task.binary.kind === 'shuffleMap';
const allLaunched = (executors: readonly ScriptedExecutor[]): TaskDescription[] => executors.flatMap((e) => e.launched);

t.test('a two-stage job runs its map stage, then its result stage, and returns results in partition order', async (t) => {
  // Map partition p writes p+1 bytes to reducer 0 and, when p is odd, 5 bytes to reducer 1.
  const sizes = (p: number): number[] => [p + 1, p % 2 === 1 ? 5 : 0];
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 2 }, { id: 'e2', node: 'n2', cores: 2 }],
    script: (task, e) => (isMap(task) && task.partition === 3) || !isMap(task) ? 'hold' : defaultOutcome(task, e, sizes),
  });
  const job = track(h.driver.runJob(twoStageJob()));
  const asker = h.executors[0].system;
  const ask = (start: number, end: number) => asker.ask<never, MapOutputsReply>(h.driver.actor as never, { kind: 'GetMapOutputs', shuffleId: 0, startPartition: start, endPartition: end } as never, { timeoutMs: 1000 });

  await until(() => allLaunched(h.executors).length === 4);
  t.same((await ask(0, 2)).missing, [3], 'a map output not yet written is reported missing');

  const holder = h.executors.find((e) => e.held.size > 0)!;
  holder.complete([...holder.held.keys()][0], defaultOutcome(holder.held.values().next().value!, holder, sizes));
  await until(() => allLaunched(h.executors).filter((x) => !isMap(x)).length === 2);

  const where = new Map(allLaunched(h.executors).filter(isMap).map((x) => [x.partition, h.executors.find((e) => e.launched.includes(x))!]));
  const all = await ask(0, 2);
  t.same(all.missing, []);
  t.same(all.blocks.map((b) => [b.mapPartition, b.sizes]), [[0, [1, 0]], [1, [2, 5]], [2, [3, 0]], [3, [4, 5]]]);
  for (const b of all.blocks) {
    const e = where.get(b.mapPartition)!;
    t.equal(b.from.id.executorId, e.executorId, `map ${b.mapPartition} is served by the executor that wrote it`);
    t.same([...b.from.secret], [...e.registration.blocks.secret], 'with that executor\'s block secret');
  }
  t.same((await ask(1, 2)).blocks.map((b) => [b.mapPartition, b.sizes]), [[1, [5]], [3, [5]]], 'maps with nothing in the range are left out');

  for (const e of h.executors) for (const id of [...e.held.keys()]) e.completeDefault(id);
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [['r0'], ['r1']]);

  const flow = h.events.filter((e) => !['TaskStart', 'TaskEnd', 'ExecutorAdded', 'ExecutorRemoved'].includes(e.kind));
  t.same(flow.map((e) => e.kind), ['JobStart', 'StageSubmitted', 'StageCompleted', 'StageSubmitted', 'StageCompleted', 'JobEnd'],
    'listener events arrive in order');
  t.match(flow[1], { kind: 'StageSubmitted', numTasks: 4 }, 'the map stage is submitted first');
  t.match(flow[3], { kind: 'StageSubmitted', numTasks: 2 });
  t.ok(h.events.every((e) => typeof e.time === 'number'), 'every event is time-stamped');
  const ends = h.events.filter((e) => e.kind === 'TaskEnd');
  t.equal(ends.length, 6);
  t.match(ends[0], { reason: 'success', metrics: { runMs: 0 } });
  t.ok(ends.every((e) => e.kind === 'TaskEnd' && typeof e.executorId === 'string' && e.durationMs >= 0));
  t.ok(allLaunched(h.executors).every((x) => x.epoch === 0 && x.appId === 'app-test'));
  t.same(Object.keys(allLaunched(h.executors).find(isMap)!.functions).sort(), ['key', 'sum'], 'a map task carries its pipeline and combine functions');
  t.same(Object.keys(allLaunched(h.executors).find((x) => !isMap(x))!.functions), ['sum'], 'a result task only the functions its stage names');
  await h.shutdown();
});

t.test('a task that keeps failing aborts the job with Spark\'s message after spark.task.maxFailures', async (t) => {
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 2 }],
    script: (task, e) => (task.partition === 1 ? failure('division by zero in partition 1') : defaultOutcome(task, e)),
  });
  const job = track(h.driver.runJob(oneStageJob([[1], [2]])));
  await until(() => job.state() !== 'pending');
  const err = job.error() as EngineError;
  t.equal(err.code, ErrorCode.JobAborted);
  t.match(err.message, /^Job aborted due to stage failure: Task 1 in stage 0\.0 failed 4 times, most recent failure: Lost task 1\.3 in stage 0\.0 \(TID \d+\) \(n1 executor e1\): division by zero in partition 1$/);
  t.equal((err.cause as EngineError).message, 'division by zero in partition 1', 'the task\'s own error is the cause');
  t.equal(err.fields.jobId, 0);
  t.equal(h.executors[0].launched.filter((x) => x.partition === 1).length, 4);
  t.same(h.events.at(-1)?.kind, 'JobEnd');
  await h.shutdown();
});

t.test('a fetch failure re-runs the parent stage and the job succeeds', async (t) => {
  let failedOnce = false;
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 1 }, { id: 'e2', node: 'n2', cores: 1 }],
    script: (task, e) => {
      if (!isMap(task) && task.partition === 0 && !failedOnce) {
        failedOnce = true;
        return failure('shuffle block missing', { shuffleId: 0, mapPartition: 1, executorId: 'e2' });
      }
      return defaultOutcome(task, e);
    },
  });
  const job = track(h.driver.runJob(twoStageJob()));
  await until(() => failedOnce);
  await until(() => h.events.some((e) => e.kind === 'StageCompleted' && e.failureReason !== undefined));
  h.cluster.clock.advance(200); // spark's resubmit delay, so more fetch failures gather first
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [['r0'], ['r1']]);
  const rerun = h.executors.find((e) => e.executorId === 'e2')!.launched.filter(isMap);
  const mapsOnE2 = rerun.filter((x) => x.stageAttempt === 0).map((x) => x.partition);
  const recomputed = allLaunched(h.executors).filter((x) => isMap(x) && x.stageAttempt === 1).map((x) => x.partition).sort();
  t.same(recomputed, [...mapsOnE2].sort(), 'every output of the executor named by the fetch failure is recomputed');
  t.ok(allLaunched(h.executors).filter((x) => isMap(x) && x.stageAttempt === 1).every((x) => x.epoch > 0), 're-run tasks carry the new map-output epoch');
  const stages = h.events.filter((e) => e.kind === 'StageSubmitted').map((e) => e.kind === 'StageSubmitted' && `${e.stageId}.${e.attempt}`);
  t.equal(stages.length, 4, 'map and result stages each ran twice');
  await h.shutdown();
});

t.test('an executor lost mid-stage: its running tasks re-run elsewhere and its map outputs are recomputed', async (t) => {
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 2 }, { id: 'e2', node: 'n2', cores: 1 }],
    script: (task, e) => {
      // On e1 the first map task succeeds (adding to the accumulator) and the other hangs; on e2 map tasks wait for the test.
      if (isMap(task) && e.executorId === 'e1' && e.launched.filter(isMap).length > 1) return 'hold';
      if (isMap(task) && e.executorId === 'e2' && task.stageAttempt === 0 && e.launched.filter(isMap).length === 1) return 'hold';
      return isMap(task) ? success({ mapStatus: { executorId: e.executorId, host: e.nodeId, sizes: [10, 10] }, acc: { 0: task.partition + 1 } }) : defaultOutcome(task, e);
    },
  });
  const acc = h.accumulators.create(0);
  const job = track(h.driver.runJob(twoStageJob([[1], [2], [3]])));
  await until(() => allLaunched(h.executors).length === 3);
  const [e1, e2] = h.executors;
  const doneOnE1 = e1.launched.find((x) => !e1.held.has(x.taskId))!;
  const hungOnE1 = [...e1.held.values()][0];
  t.ok(doneOnE1 && hungOnE1, 'e1 finished one map task and runs another');

  h.source.remove('e1', { reason: 'worker thread exited' });
  await until(() => h.driver.executors().length === 1);
  const heldOnE2 = [...e2.held.values()][0];
  e2.complete(heldOnE2.taskId, success({ mapStatus: { executorId: 'e2', host: 'n2', sizes: [10, 10] }, acc: { 0: heldOnE2.partition + 1 } }));
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [['r0'], ['r1']]);

  const onE2 = e2.launched.filter(isMap).map((x) => x.partition);
  t.ok(onE2.includes(hungOnE1.partition), 'the task running on the lost executor re-ran on e2');
  t.ok(onE2.includes(doneOnE1.partition), 'the map output stored on the lost executor was recomputed on e2');
  t.equal(acc.value, 1 + 2 + 3, 'each map partition\'s accumulator update counts once, re-runs included');
  const removed = h.events.find((e) => e.kind === 'ExecutorRemoved');
  t.match(removed, { executorId: 'e1', hostLost: false, reason: 'worker thread exited' });
  const lost = h.events.filter((e) => e.kind === 'TaskEnd' && e.reason === 'lost');
  t.same(lost.map((e) => e.kind === 'TaskEnd' && e.taskId), [hungOnE1.taskId]);
  await h.shutdown();
});

t.test('a speculative copy wins; the straggler\'s late success merges no accumulator update twice', async (t) => {
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 1 }, { id: 'e2', node: 'n2', cores: 1 }],
    conf: { 'spark.speculation': 'true', 'spark.speculation.quantile': '0.5', 'spark.speculation.minTaskRuntime': '100ms' },
    script: (task) => (task.partition === 1 && task.attempt === 0 ? 'hold' : success({ value: [task.partition], acc: { 0: task.partition === 0 ? 1 : 10 } })),
  });
  const acc = h.accumulators.create(0);
  const job = track(h.driver.runJob(oneStageJob([[1], [2]])));
  await until(() => allLaunched(h.executors).length === 2);
  const straggler = h.executors.find((e) => e.held.size === 1)!;
  const original = [...straggler.held.values()][0];
  h.cluster.clock.advance(150);
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [[0], [1]]);
  const copy = allLaunched(h.executors).find((x) => x.partition === 1 && x.attempt === 1);
  t.ok(copy, 'partition 1 got a speculative copy');
  t.not(h.executors.find((e) => e.launched.includes(copy!)), straggler, 'on another node');
  await until(() => straggler.received.some((m) => m.kind === 'KillTask'));
  t.match(straggler.received.find((m) => m.kind === 'KillTask'), { taskId: original.taskId, reason: 'another attempt succeeded' });
  straggler.complete(original.taskId, success({ value: [1], acc: { 0: 10 } }));
  await until(() => h.events.filter((e) => e.kind === 'TaskEnd').length === 3);
  t.equal(acc.value, 11, 'partition 1 counted once');
  t.match(h.events.find((e) => e.kind === 'TaskStart' && e.speculative), { partition: 1, attempt: 1 });
  await h.shutdown();
});

t.test('a task carries only the parallelized slices its partition reads', async (t) => {
  const h = await startHarness({ executors: [{ id: 'e1', node: 'n1', cores: 1 }] });
  const job = track(h.driver.runJob(oneStageJob([[1, 2], [3, 4], [5, 6], [7, 8]], [2])));
  await until(() => job.state() !== 'pending');
  t.same(job.value(), [['r2']]);
  const [task] = h.executors[0].launched;
  const source = task.binary.rdds.find((r) => r.compute.kind === 'source')!;
  t.same(source.compute, { kind: 'source', source: { kind: 'parallelize', slices: [{ kind: 'inline', values: [5, 6] }], sliceIndex: [2] } });
  t.same(Object.keys(task.functions), ['double']);
  await h.shutdown();
});

t.test('map outputs: an unknown shuffle is an error; broadcasts are served by id', async (t) => {
  const h = await startHarness({ executors: [{ id: 'e1', node: 'n1', cores: 1 }] });
  const system = h.executors[0].system;
  await t.rejects(system.ask(h.driver.actor as never, { kind: 'GetMapOutputs', shuffleId: 9, startPartition: 0, endPartition: 1 } as never, { timeoutMs: 1000 }),
    { code: ErrorCode.ShuffleOutputMissing });
  const b = h.broadcasts.create({ table: [1, 2, 3] });
  const reply = await system.ask<never, { bytes: Uint8Array }>(h.driver.actor as never, { kind: 'GetBroadcast', broadcastId: b.id } as never, { timeoutMs: 1000 });
  t.same(decodeTaskValue(reply.bytes), { table: [1, 2, 3] });
  await t.rejects(system.ask(h.driver.actor as never, { kind: 'GetBroadcast', broadcastId: 42 } as never, { timeoutMs: 1000 }), { code: ErrorCode.InvalidArgument });
  await h.shutdown();
});

t.test('stop fails running jobs and tells every executor the application ended', async (t) => {
  const h = await startHarness({ executors: [{ id: 'e1', node: 'n1', cores: 1 }], script: () => 'hold' });
  const job = track(h.driver.runJob(oneStageJob([[1]])));
  await until(() => h.executors[0].launched.length === 1);
  await h.driver.stop();
  await until(() => job.state() !== 'pending');
  t.match(job.error(), { code: ErrorCode.JobCancelled });
  await until(() => h.executors[0].received.some((m) => m.kind === 'ApplicationEnded'));
  await t.rejects(h.driver.runJob(oneStageJob([[1]])), { code: ErrorCode.JobCancelled });
  await h.shutdown();
});
