import t from 'tap';
import { Driver, ofKind, offer, taskSet, where } from './task-scheduler.fixture.js';

const HOUR = 3_600_000;
const excluding = (extra: object = {}): ConstructorParameters<typeof Driver>[0] => ({ exclusion: { enabled: true }, ...extra });

t.test('exclusion on failure', async (t) => {
  t.test('a task does not run again on an executor where it failed', async (t) => {
    const d = new Driver(excluding());
    d.submit(taskSet(1, 2));
    const [first] = d.offer([offer('a', 'h1')], 0);
    d.fail(first.taskId, 1);
    t.same(where(d.offer([offer('a', 'h1')], 2)), ['1@a/NO_PREF'], 'task 0 is skipped on a');
    t.same(where(d.offer([offer('b', 'h2')], 3)), ['0@b/NO_PREF']);
  });

  t.test('a task does not run again on a host where it failed maxTaskAttemptsPerNode times', async (t) => {
    const d = new Driver(excluding());
    d.submit(taskSet(1, 2));
    const [x] = d.offer([offer('a1', 'h1')], 0);
    d.fail(x.taskId, 1);
    const [y] = d.offer([offer('a2', 'h1')], 2);
    t.equal(y.partition, 0);
    d.fail(y.taskId, 3);
    t.same(where(d.offer([offer('a3', 'h1')], 4)), ['1@a3/NO_PREF'], 'h1 no longer runs task 0');
  });

  t.test('an executor with maxFailedTasksPerExecutor failed tasks is excluded for the stage, then application-wide once the stage succeeds', async (t) => {
    const d = new Driver(excluding());
    d.submit(taskSet(1, 4));
    const ls = d.offer([offer('a', 'h1', 2), offer('b', 'h2'), offer('c', 'h3')], 0);
    t.same(where(ls), ['0@a/NO_PREF', '1@b/NO_PREF', '2@c/NO_PREF', '3@a/NO_PREF']);
    d.fail(ls[0].taskId, 10);
    const out = d.fail(ls[3].taskId, 10);
    t.same(ofKind(out, 'ExecutorExcludedForStage'), [{ kind: 'ExecutorExcludedForStage', executorId: 'a', stageId: 1, stageAttempt: 0 }]);
    t.same(d.offer([offer('a', 'h1', 2)], 11), [], 'a is excluded for stage 1');
    d.submit(taskSet(2, 1), 11);
    t.same(where(d.offer([offer('a', 'h1', 2)], 11)), ['0@a/NO_PREF'], 'other stages still use a');
    d.finish(ls[1].taskId, 12);
    d.finish(ls[2].taskId, 12);
    const retry = d.offer([offer('b', 'h2'), offer('c', 'h3')], 13);
    t.same(where(retry), ['3@b/NO_PREF', '0@c/NO_PREF'], 're-queued tasks are taken latest failure first, as Spark\'s stacks do');
    t.same(ofKind(d.finish(retry[0].taskId, 14), 'ExecutorExcluded'), []);
    const done = d.finish(retry[1].taskId, 14);
    t.same(ofKind(done, 'ExecutorExcluded'), [{ kind: 'ExecutorExcluded', executorId: 'a', until: 14 + HOUR }]);

    d.submit(taskSet(3, 2), 20);
    t.same(d.offer([offer('a', 'h1', 4)], 20), [], 'offers from an excluded executor are declined');
    t.same(ofKind(d.tick(14 + HOUR - 1), 'ExecutorUnexcluded'), []);
    t.same(ofKind(d.tick(14 + HOUR), 'ExecutorUnexcluded'), [{ kind: 'ExecutorUnexcluded', executorId: 'a' }]);
    t.equal(d.offer([offer('a', 'h1', 4)], 14 + HOUR).length, 2);
  });

  t.test('failures of a stage that fails do not count application-wide', async (t) => {
    const d = new Driver(excluding({ maxTaskFailures: 3 }));
    d.submit(taskSet(1, 2));
    const ls = d.offer([offer('a', 'h1', 2)], 0);
    d.fail(ls[0].taskId, 1);
    d.fail(ls[1].taskId, 1);
    d.step({ kind: 'TaskSetCancelled', stageId: 1 });
    t.same(ofKind(d.log, 'ExecutorExcluded'), []);
    t.equal(d.state.managers.size, 0);
  });

  t.test('a host with maxFailedExecutorsPerNode excluded executors is excluded application-wide', async (t) => {
    const d = new Driver(excluding());
    d.submit(taskSet(1, 5));
    const ls = d.offer([offer('a1', 'h1', 2), offer('a2', 'h1', 2), offer('b', 'h2')], 0);
    t.same(where(ls), ['0@a1/NO_PREF', '1@a2/NO_PREF', '2@b/NO_PREF', '3@a1/NO_PREF', '4@a2/NO_PREF']);
    for (const l of ls) (l.executorId === 'b' ? d.finish(l.taskId, 1) : d.fail(l.taskId, 1));
    const out: string[] = [];
    for (let now = 2; d.state.managers.size > 0 && now < 20; now++) {
      for (const l of d.offer([offer('b', 'h2')], now)) out.push(...d.finish(l.taskId, now).map((c) => c.kind));
    }
    t.same(ofKind(d.log, 'NodeExcluded'), [{ kind: 'NodeExcluded', host: 'h1', until: ofKind(d.log, 'ExecutorExcluded')[0].until }]);
    d.submit(taskSet(2, 1), 30);
    t.same(d.offer([offer('a3', 'h1')], 30), [], 'a new executor on the excluded host gets nothing');
    const until = ofKind(d.log, 'NodeExcluded')[0].until;
    t.same(ofKind(d.tick(until), 'NodeUnexcluded'), [{ kind: 'NodeUnexcluded', host: 'h1' }]);
    t.equal(d.offer([offer('a3', 'h1')], until).length, 1, 'the host serves again after the timeout');
  });

  t.test('a task excluded on every executor aborts its task set at once without dynamic allocation', async (t) => {
    const d = new Driver(excluding());
    d.submit(taskSet(1, 2));
    const [x] = d.offer([offer('a', 'h1')], 0);
    d.fail(x.taskId, 1, { code: 'INTERNAL', message: 'disk full', retryable: false, fields: {} });
    const [y] = d.offer([offer('a', 'h1')], 2);
    d.finish(y.taskId, 3);
    const out = d.offerAll([offer('a', 'h1')], 4);
    const [failed] = ofKind(out, 'TaskSetFailed');
    t.match(failed.message, /^Job aborted due to stage failure: Aborting TaskSet 1\.0 because task 0 \(partition 0\) cannot run anywhere due to node and executor excludeOnFailure\. Most recent failure: Lost task 0\.0 in stage 1\.0 \(TID 0\) \(h1 executor a\): disk full/);
  });

  t.test('with dynamic allocation it waits unschedulableTaskSetTimeout for a new executor', async (t) => {
    const d = new Driver(excluding({ dynamicAllocation: true }));
    d.submit(taskSet(1, 1));
    const [x] = d.offer([offer('a', 'h1')], 0);
    d.fail(x.taskId, 1);
    t.same(d.offerAll([offer('a', 'h1')], 2).filter((c) => c.kind === 'TaskSetFailed'), []);
    t.same(ofKind(d.tick(120_001), 'TaskSetFailed'), []);
    t.equal(ofKind(d.tick(120_002), 'TaskSetFailed').length, 1);

    const e = new Driver(excluding({ dynamicAllocation: true }));
    e.submit(taskSet(1, 1));
    const [z] = e.offer([offer('a', 'h1')], 0);
    e.fail(z.taskId, 1);
    e.offerAll([offer('a', 'h1')], 2);
    t.same(where(e.offer([offer('b', 'h2')], 60_000)), ['0@b/NO_PREF'], 'a new executor arrives in time');
    t.same(ofKind(e.tick(200_000), 'TaskSetFailed'), []);
  });

  t.test('refuses settings that could keep a job from ever failing', async (t) => {
    t.throws(() => new Driver(excluding({ maxTaskFailures: 2 })), { code: 'CONFIG', message: /maxTaskAttemptsPerNode \( = 2\) was >= spark\.task\.maxFailures/ });
    t.doesNotThrow(() => new Driver({ maxTaskFailures: 2 }), 'fine while exclusion is off');
  });
});
