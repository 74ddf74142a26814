import t from 'tap';
import { addDuration, medianDuration, newDurationSample, speculationThreshold } from './speculation.js';
import { taskSchedulerSettings } from './scheduler-config.js';
import { Driver, ofKind, offer, taskSet, where, type Launch } from './task-scheduler.fixture.js';

const spec = taskSchedulerSettings({ speculation: { enabled: true } }).speculation;

t.test('speculation threshold', async (t) => {
  t.test('the median is the middle value, or the mean of the two middle values', async (t) => {
    const s = newDurationSample();
    for (const v of [50, 10, 40]) addDuration(s, v);
    t.equal(medianDuration(s), 40);
    addDuration(s, 20);
    t.equal(medianDuration(s), 30);
  });

  t.test('waits for the quantile of tasks to finish, then uses max(multiplier × median, minTaskRuntime)', async (t) => {
    const s = newDurationSample();
    addDuration(s, 1000);
    addDuration(s, 1000);
    t.equal(speculationThreshold(s, 4, spec), undefined, '2 of 4 < 0.75');
    addDuration(s, 2000);
    t.equal(speculationThreshold(s, 4, spec), 1500);
    const quick = newDurationSample();
    for (let i = 0; i < 3; i++) addDuration(quick, 10);
    t.equal(speculationThreshold(quick, 4, spec), 100, 'never below spark.speculation.minTaskRuntime');
    t.equal(speculationThreshold(quick, 1, spec), undefined, 'single-task sets are not speculated');
  });
});

/** Stage 1 with 4 tasks on a(h1); 3 finish after 100 ms, partition 3 straggles. */
function straggler(): { d: Driver; original: Launch } {
  const d = new Driver({ speculation: { enabled: true } });
  d.submit(taskSet(1, 4));
  const ls = d.offer([offer('a', 'h1', 4)], 0);
  for (const l of ls.slice(0, 3)) d.finish(l.taskId, 100);
  return { d, original: ls[3] };
}

t.test('speculative copies in the scheduler', async (t) => {
  t.test('a task slower than multiplier × median gets one copy on another host', async (t) => {
    const { d, original } = straggler();
    t.same(d.tick(150), [], '150 ms is not beyond 1.5 × 100');
    const marked = d.tick(251);
    t.same(ofKind(marked, 'BacklogChanged'), [{ kind: 'BacklogChanged', pendingTasks: 1, runningTasks: 1 }]);
    t.same(d.offer([offer('a', 'h1')], 252), [], 'not on the host already running it');
    const [copy] = d.offer([offer('b', 'h2'), offer('c', 'h3')], 253);
    t.match(copy, { partition: 3, attempt: 1, executorId: 'b', speculative: true, locality: 'NO_PREF' });
    t.same(d.offer([offer('c', 'h3')], 254), [], 'one copy only');
    t.same(d.tick(400), [], 'a task with two copies is not speculated again');
    t.not(copy.taskId, original.taskId);
  });

  t.test('the first copy to finish wins and the other is killed', async (t) => {
    const { d, original } = straggler();
    d.tick(251);
    const [copy] = d.offer([offer('b', 'h2')], 260);
    const out = d.finish(copy.taskId, 300, 'copy result');
    t.same(ofKind(out, 'TaskSucceeded'), [{ kind: 'TaskSucceeded', stageId: 1, stageAttempt: 0, partition: 3, taskId: copy.taskId, executorId: 'b', host: 'h2', result: 'copy result', durationMs: 40 }]);
    t.same(ofKind(out, 'KillTask'), [{ kind: 'KillTask', taskId: original.taskId, executorId: 'a', reason: 'another attempt succeeded' }]);
    t.same(d.finish(original.taskId, 301), [{ kind: 'BacklogChanged', pendingTasks: 0, runningTasks: 0 }], 'a late success of the loser is not reported');
    t.equal(d.state.managers.size, 0);
  });

  t.test('when the original wins, the copy is killed', async (t) => {
    const { d, original } = straggler();
    d.tick(251);
    const [copy] = d.offer([offer('b', 'h2')], 260);
    const out = d.finish(original.taskId, 270);
    t.same(ofKind(out, 'TaskSucceeded').map((s) => s.taskId), [original.taskId]);
    t.same(ofKind(out, 'KillTask').map((k) => k.taskId), [copy.taskId]);
    t.same(d.killed(copy.taskId, 280).filter((c) => c.kind !== 'BacklogChanged'), []);
  });

  t.test('a failed copy leaves the other running and does not abort early', async (t) => {
    const { d, original } = straggler();
    d.tick(251);
    const [copy] = d.offer([offer('b', 'h2')], 260);
    d.fail(copy.taskId, 270);
    t.same(d.offer([offer('c', 'h3')], 271), [], 'the original is still running');
    t.equal(ofKind(d.finish(original.taskId, 280), 'TaskSucceeded').length, 1);
  });

  t.test('checks at most once per spark.speculation.interval, and not at all when disabled', async (t) => {
    const { d } = straggler();
    d.tick(140);
    t.same(d.tick(239), [], 'the check at 140 blocks another until 240');
    t.equal(ofKind(d.tick(240), 'BacklogChanged').length, 1);

    const off = new Driver();
    off.submit(taskSet(1, 4));
    const ls = off.offer([offer('a', 'h1', 4)], 0);
    for (const l of ls.slice(0, 3)) off.finish(l.taskId, 100);
    t.same(off.tick(10_000), []);
    t.same(where(off.offer([offer('b', 'h2')], 10_001)), []);
  });
});
