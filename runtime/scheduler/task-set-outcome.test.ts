import t from 'tap';
import { Driver, boom, launches, ofKind, offer, taskSet } from './task-scheduler.fixture.js';

t.test('task failures', async (t) => {
  t.test('a partition failing spark.task.maxFailures times aborts the task set with Spark\'s message and the last error', async (t) => {
    const d = new Driver();
    d.submit(taskSet(1, 4));
    const first = d.offer([offer('1', 'host', 3), offer('2', 'host', 1)], 0);
    t.same(first.map((l) => l.partition), [0, 1, 2, 3]);
    let tid = first[3].taskId;
    for (let attempt = 0; attempt < 3; attempt++) {
      t.same(ofKind(d.fail(tid, 10, boom(`bad ${attempt}`)), 'TaskSetFailed'), []);
      const again = d.offer([offer('2', 'host')], 20);
      t.equal(again[0].partition, 3);
      t.equal(again[0].attempt, attempt + 1);
      tid = again[0].taskId;
    }
    const failed = ofKind(d.fail(tid, 30, boom('java.lang.RuntimeException: bad input')), 'TaskSetFailed');
    t.same(failed, [{
      kind: 'TaskSetFailed', stageId: 1, stageAttempt: 0,
      error: boom('java.lang.RuntimeException: bad input'),
      message: `Job aborted due to stage failure: Task 3 in stage 1.0 failed 4 times, most recent failure: ` +
        `Lost task 3.3 in stage 1.0 (TID ${tid}) (host executor 2): java.lang.RuntimeException: bad input`,
    }]);
    t.same(d.offer([offer('2', 'host')], 40), [], 'an aborted task set launches nothing');
  });

  t.test('honours a configured spark.task.maxFailures', async (t) => {
    const d = new Driver({ maxTaskFailures: 1 });
    d.submit(taskSet(1, 1));
    const [l] = d.offer([offer('e', 'h')], 0);
    t.match(ofKind(d.fail(l.taskId, 1), 'TaskSetFailed')[0].message, /Task 0 in stage 1\.0 failed 1 times/);
  });

  t.test('kills, lost tasks and lost executors do not count as failures unless the app caused the loss', async (t) => {
    const d = new Driver({ maxTaskFailures: 2 });
    d.submit(taskSet(1, 1));
    let [l] = d.offer([offer('e1', 'h1')], 0);
    d.killed(l.taskId, 1);
    [l] = d.offer([offer('e1', 'h1')], 2);
    d.step({ kind: 'TaskStatusUpdate', taskId: l.taskId, state: 'LOST', now: 3 });
    [l] = d.offer([offer('e1', 'h1')], 4);
    d.lose('e1', 5);
    [l] = d.offer([offer('e2', 'h2')], 6);
    t.equal(l.attempt, 3);
    t.same(ofKind(d.log, 'TaskSetFailed'), [], 'nothing counted so far');
    d.lose('e2', 7, true);
    [l] = d.offer([offer('e3', 'h3')], 8);
    const failed = ofKind(d.fail(l.taskId, 9), 'TaskSetFailed');
    t.equal(failed.length, 1, 'an app-caused loss plus one exception reach maxFailures 2');
  });

  t.test('a lost executor\'s running tasks are re-queued and launched elsewhere', async (t) => {
    const d = new Driver();
    d.executor('a', 'h1');
    d.executor('b', 'h2');
    d.submit(taskSet(1, 3));
    const ls = d.offer([offer('a', 'h1', 2), offer('b', 'h2', 1)], 0);
    t.same(ls.map((l) => `${l.partition}@${l.executorId}`), ['0@a', '1@b', '2@a']);
    const lost = d.lose('a', 10);
    t.same(ofKind(lost, 'BacklogChanged'), [{ kind: 'BacklogChanged', pendingTasks: 2, runningTasks: 1 }]);
    const again = d.offer([offer('b', 'h2', 2)], 11);
    t.same(again.map((l) => `${l.partition}.${l.attempt}@${l.executorId}`), ['0.1@b', '2.1@b']);
    t.same(d.finish(ls[0].taskId, 12), [], 'late updates from the lost executor are ignored');
  });

  t.test('status updates are idempotent: unknown and already ended tasks are ignored', async (t) => {
    const d = new Driver();
    d.submit(taskSet(1, 2));
    const [a, b] = d.offer([offer('e', 'h', 2)], 0);
    t.same(d.step({ kind: 'TaskStatusUpdate', taskId: a.taskId, state: 'RUNNING', now: 1 }), []);
    t.equal(ofKind(d.finish(a.taskId, 2), 'TaskSucceeded').length, 1);
    t.same(d.finish(a.taskId, 3), []);
    t.same(d.fail(a.taskId, 3), []);
    t.same(d.finish(999, 3), []);
    t.same(d.submit(taskSet(1, 2), 4), [], 'a retried submission changes nothing');
    t.same(launches(d.offerAll([offer('e', 'h', 2)], 5)), []);
    t.equal(ofKind(d.finish(b.taskId, 6), 'TaskSucceeded').length, 1);
  });

  t.test('a fetch failure stops the task set without counting and tells the DAG scheduler', async (t) => {
    const d = new Driver({ maxTaskFailures: 1 });
    d.submit(taskSet(2, 2));
    const [a, b] = d.offer([offer('e1', 'h1'), offer('e2', 'h2')], 0);
    const out = d.fail(a.taskId, 5, boom('block missing'), { shuffleId: 7, mapPartition: 3, executorId: 'e9' });
    t.same(ofKind(out, 'TaskSetFailed'), []);
    t.match(ofKind(out, 'TaskFetchFailed'), [{ stageId: 2, stageAttempt: 0, partition: 0, fetchFailed: { shuffleId: 7, mapPartition: 3 } }]);
    t.same(d.offer([offer('e1', 'h1')], 6), [], 'no relaunch in the failed attempt');
    t.equal(ofKind(d.finish(b.taskId, 7), 'TaskSucceeded').length, 1, 'its running tasks may still succeed');
    t.equal(d.state.managers.size, 0, 'the zombie is gone once nothing runs');
  });

  t.test('a new stage attempt supersedes the old one; a partition is reported once whichever attempt finishes it', async (t) => {
    const d = new Driver();
    d.submit(taskSet(1, 2));
    const [old0] = d.offer([offer('e1', 'h1')], 0);
    d.submit({ ...taskSet(1, 2), stageAttempt: 1 }, 1);
    const fresh = d.offer([offer('e2', 'h2', 2)], 2);
    t.same(fresh.map((l) => `${l.stageAttempt}:${l.partition}`), ['1:0', '1:1']);
    const out = d.finish(old0.taskId, 3);
    t.same(ofKind(out, 'TaskSucceeded').map((s) => [s.stageAttempt, s.partition]), [[0, 0]]);
    t.same(ofKind(out, 'KillTask').map((k) => k.taskId), [fresh[0].taskId], 'the new attempt\'s copy is killed');
    t.same(ofKind(d.finish(fresh[0].taskId, 4), 'TaskSucceeded'), [], 'its late success is not reported again');
    t.equal(ofKind(d.finish(fresh[1].taskId, 5), 'TaskSucceeded').length, 1);
    t.equal(d.state.managers.size, 0);
  });

  t.test('cancelling a stage kills its running copies and launches nothing more', async (t) => {
    const d = new Driver();
    d.submit(taskSet(4, 3));
    const ls = d.offer([offer('e1', 'h1', 2)], 0);
    const out = d.step({ kind: 'TaskSetCancelled', stageId: 4, reason: 'Job 4 cancelled' });
    t.same(ofKind(out, 'KillTask'), ls.map((l) => ({ kind: 'KillTask', taskId: l.taskId, executorId: 'e1', reason: 'Job 4 cancelled' })));
    t.same(ofKind(out, 'BacklogChanged'), [{ kind: 'BacklogChanged', pendingTasks: 0, runningTasks: 2 }]);
    t.same(d.offer([offer('e1', 'h1', 2)], 1), []);
    d.killed(ls[0].taskId, 2);
    d.killed(ls[1].taskId, 2);
    t.equal(d.state.managers.size, 0);
    t.same(ofKind(d.log, 'TaskSetFailed'), []);
  });

  t.test('refuses malformed task sets', async (t) => {
    const d = new Driver();
    t.throws(() => d.submit({ ...taskSet(1, 1), tasks: [] }), { code: 'INVALID_ARGUMENT', message: /task set 1\.0 has no tasks/ });
    t.throws(() => d.submit({ ...taskSet(2, 1), tasks: [{ partition: 0, preferredLocations: [] }, { partition: 0, preferredLocations: [] }] }),
      { code: 'INVALID_ARGUMENT', message: /partition 0 twice/ });
  });
});
