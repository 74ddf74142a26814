import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { LineageBuilder } from '../rdd/lineage-builder.js';
import { DagSim, find, kinds, listenerEvents, onlySubmit, partitionsOf, submits, success } from './dag-test-kit.fixture.js';

const fn = (id: string) => ({ id });

/** parallelize (2) → keyBy → reduceByKey (2): a map stage (0) and a result stage (1). */
function twoStage() {
  const b = new LineageBuilder();
  const counts = b.reduceByKey(b.keyBy(b.parallelize([[1], [2]]), fn('k')), fn('add'));
  return { b, counts };
}

/** Job 0 submitted and its map stage done, outputs p0 on e1 and p1 on e2; returns the result task set. */
function atResultStage(sim: DagSim) {
  const { b, counts } = twoStage();
  const map = onlySubmit(sim.submit(0, b.lineage, counts));
  return onlySubmit(sim.run(map, (p) => `e${p + 1}`));
}

const fetchFail = (mapPartition: number, executorId: string) => ({ kind: 'fetchFailed', shuffleId: 0, mapPartition, executorId, message: `missing map ${mapPartition}` }) as const;

t.test('DAG lineage recovery', async (t) => {
  t.test('a fetch failure unregisters the executor, fails the attempt and resubmits parent then child', async (t) => {
    const sim = new DagSim();
    const result = atResultStage(sim);
    sim.complete(1, 0, 0, { kind: 'success', value: 'first' });
    const failed = sim.complete(1, 0, 1, fetchFail(1, 'e2'));
    t.same(kinds(failed), ['Listener:TaskEnd', 'Listener:StageCompleted', 'UnregisterMapOutputs', 'ScheduleResubmit']);
    t.match(listenerEvents(failed)[1], { kind: 'StageCompleted', stageId: 1, attempt: 0, failureReason: 'missing map 1' });
    t.same(find(failed, 'UnregisterMapOutputs'), { kind: 'UnregisterMapOutputs', scope: { kind: 'executor', executorId: 'e2' } });
    t.same(find(failed, 'ScheduleResubmit'), { kind: 'ScheduleResubmit', delayMs: 200 });
    t.same(sim.outputs.partitions(0), [0]);

    const again = sim.complete(1, 0, 1, fetchFail(1, 'e2'));
    t.same(kinds(again), ['Listener:TaskEnd', 'UnregisterMapOutputs'], 'a second failure of the same attempt schedules nothing more');

    const parent = onlySubmit(sim.send({ kind: 'ResubmitFailedStages' }));
    t.match(parent, { stageId: 0, stageAttempt: 1 });
    t.same(partitionsOf(parent), [1], 'only the lost output is recomputed');
    const child = onlySubmit(sim.run(parent, () => 'e3'));
    t.match(child, { stageId: 1, stageAttempt: 1 });
    t.same(partitionsOf(child), [1], 'the partition already returned is not run again');
    t.same(find(sim.run(child, () => 'e3', () => 'second'), 'JobSucceeded')?.results, ['first', 'second']);
    t.equal(result.stageAttempt, 0);
  });

  t.test('ignores a fetch failure from an attempt that is no longer the latest', async (t) => {
    const sim = new DagSim();
    atResultStage(sim);
    sim.complete(1, 0, 1, fetchFail(1, 'e2'));
    sim.run(onlySubmit(sim.send({ kind: 'ResubmitFailedStages' })), () => 'e3');
    t.same(kinds(sim.complete(1, 0, 0, fetchFail(0, 'e1'))), ['Listener:TaskEnd']);
    t.same(sim.outputs.partitions(0), [0, 1]);
  });

  t.test('fails the job after spark.stage.maxConsecutiveAttempts fetch-failed attempts', async (t) => {
    const sim = new DagSim({ maxConsecutiveStageAttempts: 4 });
    let result = atResultStage(sim);
    for (let attempt = 0; attempt < 3; attempt++) {
      t.equal(result.stageAttempt, attempt);
      sim.complete(1, attempt, 0, fetchFail(0, 'e1'));
      result = onlySubmit(sim.run(onlySubmit(sim.send({ kind: 'ResubmitFailedStages' })), () => 'e1'));
    }
    const last = sim.complete(1, 3, 0, fetchFail(0, 'e1'));
    const failed = find(last, 'JobFailed');
    t.match(failed, { jobId: 0, error: { code: ErrorCode.JobAborted, message: /has failed the maximum allowable number of times: 4\. Most recent failure reason: missing map 0/ } });
    t.notOk(find(last, 'ScheduleResubmit'));
    t.match(listenerEvents(last).at(-1), { kind: 'JobEnd', jobId: 0, result: { kind: 'JobFailed' } });
    t.same(sim.state.stages, {});
  });

  t.test('a success resets the consecutive attempt count', async (t) => {
    const sim = new DagSim({ maxConsecutiveStageAttempts: 2 });
    const { b, counts } = twoStage();
    const top = b.groupByKey(b.map(counts, fn('swap')));
    const m0 = onlySubmit(sim.submit(0, b.lineage, top));
    const m1 = onlySubmit(sim.run(m0, () => 'e1'));
    sim.complete(1, 0, 0, { kind: 'fetchFailed', shuffleId: 0, mapPartition: 0, executorId: 'e1' });
    const retry = onlySubmit(sim.run(onlySubmit(sim.send({ kind: 'ResubmitFailedStages' })), () => 'e2'));
    t.match(retry, { stageId: 1, stageAttempt: 1 });
    t.same(sim.state.stages[1].failedAttempts, [0]);
    sim.run(retry, () => 'e2');
    t.same(sim.state.stages[1].failedAttempts, [], 'cleared when the stage succeeds');
    t.equal(m1.stageAttempt, 0);
  });

  t.test('an executor lost mid-job loses its outputs and the map stage re-runs them', async (t) => {
    const sim = new DagSim();
    atResultStage(sim);
    const lost = sim.send({ kind: 'ExecutorLost', executorId: 'e1', host: 'h1' });
    t.same(find(lost, 'UnregisterMapOutputs'), { kind: 'UnregisterMapOutputs', scope: { kind: 'executor', executorId: 'e1' } });
    const rerun = onlySubmit(lost);
    t.match(rerun, { stageId: 0, stageAttempt: 1 }, 'resubmitted at once: its consumer is running');
    t.same(partitionsOf(rerun), [0]);
    // The running result task then cannot fetch map 0; the child waits for the map stage already re-running.
    const failed = sim.complete(1, 0, 0, fetchFail(0, 'e1'));
    t.same(kinds(failed), ['Listener:TaskEnd', 'Listener:StageCompleted', 'UnregisterMapOutputs', 'ScheduleResubmit']);
    t.equal(sim.state.stages[0].status.kind, 'running');
    t.same(submits(sim.run(rerun, () => 'e2')), [], 'the child is resubmitted by ResubmitFailedStages, not before');
    const child = onlySubmit(sim.send({ kind: 'ResubmitFailedStages' }));
    t.match(child, { stageId: 1, stageAttempt: 1 });
    t.same(partitionsOf(child), [0, 1]);
    t.same(find(sim.run(child), 'JobSucceeded')?.results, ['r0', 'r1']);
  });

  t.test('a lost host takes every output stored on it', async (t) => {
    const sim = new DagSim();
    atResultStage(sim);
    sim.outputs.apply([{ kind: 'RegisterMapOutput', shuffleId: 9, mapPartition: 0, status: { executorId: 'e9', host: 'h1', sizes: [] } }]);
    const lost = sim.send({ kind: 'ExecutorLost', executorId: 'e1', host: 'h1', hostLost: true });
    t.same(find(lost, 'UnregisterMapOutputs')?.scope, { kind: 'host', host: 'h1' });
    t.same(sim.outputs.partitions(9), []);
    t.same(sim.outputs.partitions(0), [1]);
  });

  t.test('does not register output from a lost executor and re-runs the partition when the attempt ends', async (t) => {
    const sim = new DagSim();
    const { b, counts } = twoStage();
    const map = onlySubmit(sim.submit(0, b.lineage, counts));
    sim.complete(0, 0, 0, success(map, 0, 'e1', null));
    t.same(submits(sim.send({ kind: 'ExecutorLost', executorId: 'e1', host: 'h1' })), [], 'a running stage re-runs lost work when its attempt ends');
    const late = sim.complete(0, 0, 1, success(map, 1, 'e1', null));
    t.notOk(find(late, 'RegisterMapOutput'), 'the late report from e1 is not trusted');
    const rerun = onlySubmit(late);
    t.match(rerun, { stageId: 0, stageAttempt: 1 });
    t.same(partitionsOf(rerun), [0, 1]);
    t.match(onlySubmit(sim.run(rerun, () => 'e2')), { stageId: 1 });
  });

  t.test('accepts a result partition once, merging accumulators from the first completion only', async (t) => {
    const sim = new DagSim();
    const result = atResultStage(sim);
    const acc = (n: number) => [{ accumulatorId: 1, update: n }];
    const first = sim.complete(1, 0, 0, { kind: 'success', value: 'A', accumulatorUpdates: acc(1) });
    t.same(find(first, 'MergeAccumulators'), { kind: 'MergeAccumulators', stageId: 1, partition: 0, updates: acc(1) });
    const dup = sim.complete(1, 0, 0, { kind: 'success', value: 'B', accumulatorUpdates: acc(1) });
    t.same(kinds(dup), ['Listener:TaskEnd'], 'a speculative copy changes nothing');
    const done = sim.complete(1, 0, 1, { kind: 'success', value: 'C', accumulatorUpdates: acc(2) });
    t.same(find(done, 'JobSucceeded')?.results, ['A', 'C']);
    t.same(kinds(sim.complete(1, 0, 1, { kind: 'success', value: 'D', accumulatorUpdates: acc(2) })), ['Listener:TaskEnd'], 'after the job, too');
    t.equal(result.tasks.length, 2);
  });

  t.test('counts a map partition\'s accumulators once even when lineage recovery re-runs it', async (t) => {
    const sim = new DagSim();
    const { b, counts } = twoStage();
    const acc = [{ accumulatorId: 7, update: 1 }];
    const map = onlySubmit(sim.submit(0, b.lineage, counts));
    for (const p of [0, 1]) sim.complete(0, 0, p, { ...success(map, p, `e${p + 1}`, null), accumulatorUpdates: acc } as never);
    sim.complete(1, 0, 0, fetchFail(0, 'e1'));
    const rerun = onlySubmit(sim.send({ kind: 'ResubmitFailedStages' }));
    const again = sim.complete(0, 1, 0, { ...success(rerun, 0, 'e2', null), accumulatorUpdates: acc } as never);
    t.notOk(find(again, 'MergeAccumulators'));
    t.equal(sim.log.filter((c) => c.kind === 'MergeAccumulators').length, 2);
  });

  t.test('a task failure is only reported; a failed task set fails the job with the task error', async (t) => {
    const sim = new DagSim();
    atResultStage(sim);
    const boom = { code: ErrorCode.Internal, message: 'boom: x is not a function', retryable: false, fields: {} };
    t.same(kinds(sim.complete(1, 0, 0, { kind: 'failed', error: boom, retriable: true })), ['Listener:TaskEnd']);
    const aborted = sim.send({ kind: 'TaskSetFailed', stageId: 1, stageAttempt: 0, error: boom,
      message: 'Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: boom: x is not a function' });
    t.same(kinds(aborted), ['CancelTasks', 'Listener:StageCompleted', 'JobFailed', 'Listener:JobEnd']);
    t.match(find(aborted, 'JobFailed'), {
      jobId: 0, cause: boom,
      error: { code: ErrorCode.JobAborted, message: 'Job 0 aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent failure: boom: x is not a function' },
    });
    t.same(sim.state.jobs, {});
  });

  t.test('cancelling a job kills its running stages and fails it; a shared stage survives for the other job', async (t) => {
    const sim = new DagSim();
    const { b, counts } = twoStage();
    sim.submit(0, b.lineage, counts);
    const mapped = b.map(counts, fn('f'));
    const other = sim.submit(1, b.lineage, mapped);
    t.same(submits(other), [], 'job 1 waits on the map stage job 0 already runs');
    t.same(sim.state.stages[0].jobIds, [0, 1]);
    const cancelled = sim.send({ kind: 'JobCancelled', jobId: 0, reason: 'user' });
    t.same(kinds(cancelled), ['JobFailed', 'Listener:JobEnd'], 'the map stage is still needed by job 1');
    t.match(find(cancelled, 'JobFailed')?.error, { code: ErrorCode.JobCancelled, message: 'Job 0 cancelled: user' });
    const byStage = sim.send({ kind: 'StageCancelled', stageId: 0 });
    t.same(kinds(byStage), ['CancelTasks', 'Listener:StageCompleted', 'JobFailed', 'Listener:JobEnd']);
    t.match(find(byStage, 'JobFailed')?.error, { message: 'Job 1 cancelled because Stage 0 was cancelled' });
    t.same(sim.state.stages, {});
    t.same(sim.send({ kind: 'ResubmitFailedStages' }), []);
  });
});
