import t from 'tap';
import {
  backlogReportProblem, executorsNeeded, newAppAllocation, reportReceived, updateTarget, type AppAllocation, type BacklogSample,
} from './app-allocation.js';
import type { DynamicAllocation } from './dynamic-allocation.js';

const allocation: DynamicAllocation = {
  enabled: true, minExecutors: 1, maxExecutors: 10,
  schedulerBacklogTimeoutMs: 1000, sustainedSchedulerBacklogTimeoutMs: 500, executorIdleTimeoutMs: 60_000,
};
const sample = (pendingTasks: number, runningTasks = 0, busyExecutors: string[] = [], a: Partial<DynamicAllocation> = {}): BacklogSample =>
  ({ pendingTasks, runningTasks, busyExecutors, allocation: { ...allocation, ...a } });

/** Targets seen when updating at each time (1 task per executor). */
function targetsAt(app: AppAllocation, times: readonly number[]): { app: AppAllocation; targets: number[] } {
  const targets: number[] = [];
  for (const now of times) {
    app = updateTarget(app, now, 1);
    targets.push(app.target);
  }
  return { app, targets };
}

t.test('app allocation (Spark\'s ExecutorAllocationManager)', async (t) => {
  t.test('starts at initialExecutors, else minExecutors', async (t) => {
    t.equal(newAppAllocation('a', sample(0), 0).target, 1);
    t.equal(newAppAllocation('a', sample(0, 0, [], { initialExecutors: 3 }), 0).target, 3);
  });

  t.test('adds nothing before tasks have waited schedulerBacklogTimeout', async (t) => {
    const app = newAppAllocation('a', sample(100), 0);
    t.equal(app.addAt, 1000);
    t.same(targetsAt(app, [0, 500, 999]).targets, [1, 1, 1]);
  });

  t.test('then adds in rounds that double every sustainedSchedulerBacklogTimeout', async (t) => {
    const app = newAppAllocation('a', sample(100), 0);
    // 1 → +1 = 2 at 1000, +2 = 4 at 1500, +4 = 8 at 2000, then capped by max 10.
    const r = targetsAt(app, [1000, 1200, 1500, 2000, 2500, 3000]);
    t.same(r.targets, [2, 2, 4, 8, 10, 10]);
    t.equal(r.app.toAdd, 1, 'the round size resets once the maximum is reached');
  });

  t.test('never targets more executors than the backlog needs', async (t) => {
    const app = newAppAllocation('a', sample(2, 1), 0);
    t.same(targetsAt(app, [1000, 1500, 2000]).targets, [2, 3, 3]);
  });

  t.test('tasks per executor divide what is needed', async (t) => {
    const app = newAppAllocation('a', sample(7, 2), 0);
    t.equal(executorsNeeded(app, 4), 3);
    t.equal(executorsNeeded(app, 1), 9);
  });

  t.test('drops the target at once when the backlog shrinks, never below minExecutors', async (t) => {
    let app = targetsAt(newAppAllocation('a', sample(100), 0), [1000, 1500, 2000]).app;
    t.equal(app.target, 8);
    app = reportReceived(app, sample(0, 3), 2100);
    app = updateTarget(app, 2100, 1);
    t.equal(app.target, 3);
    t.equal(app.addAt, undefined, 'the backlog timer is off');
    app = updateTarget(reportReceived(app, sample(0, 0), 2200), 2200, 1);
    t.equal(app.target, 1);
  });

  t.test('a new backlog starts again from rounds of one after the timeout', async (t) => {
    let app = targetsAt(newAppAllocation('a', sample(100), 0), [1000, 1500]).app;
    app = updateTarget(reportReceived(app, sample(0), 1600), 1600, 1);
    t.equal(app.toAdd, 1);
    app = reportReceived(app, sample(50), 5000);
    t.equal(app.addAt, 6000);
    t.same(targetsAt(app, [5500, 6000, 6500]).targets, [1, 2, 4]);
  });

  t.test('holds initialExecutors while initializing (no work yet), until the idle timeout', async (t) => {
    let app = newAppAllocation('a', sample(0, 0, [], { initialExecutors: 4, executorIdleTimeoutMs: 10_000 }), 0);
    app = updateTarget(app, 5000, 1);
    t.equal(app.target, 4);
    t.ok(app.initializing);
    app = updateTarget(app, 10_000, 1);
    t.equal(app.target, 1, 'after the idle timeout the target follows the (empty) backlog');
    t.notOk(app.initializing);
  });

  t.test('work ends initialization', async (t) => {
    const app = reportReceived(newAppAllocation('a', sample(0, 0, [], { initialExecutors: 4 }), 0), sample(0, 2), 100);
    t.notOk(app.initializing);
    t.equal(updateTarget(app, 100, 1).target, 2);
  });

  t.test('an application already using executors (after a failover) starts at that count', async (t) => {
    const app = newAppAllocation('a', sample(100, 5, ['e1', 'e2', 'e3', 'e4', 'e5']), 0);
    t.equal(app.target, 5);
    t.equal(updateTarget(app, 1000, 1).target, 6, 'and ramps from there');
  });

  t.test('a report with new bounds clamps the target', async (t) => {
    let app = targetsAt(newAppAllocation('a', sample(100), 0), [1000, 1500, 2000]).app;
    app = reportReceived(app, sample(100, 0, [], { maxExecutors: 3 }), 2100);
    t.equal(app.target, 3);
  });

  t.test('a report from the wire is checked', async (t) => {
    const report = { appId: 'a', ...sample(1) };
    t.equal(backlogReportProblem(report), undefined);
    t.match(backlogReportProblem({ ...report, appId: '' }), /appId/);
    t.match(backlogReportProblem({ ...report, pendingTasks: -1 }), /pendingTasks/);
    t.match(backlogReportProblem({ ...report, busyExecutors: [1] }), /busyExecutors/);
    t.match(backlogReportProblem({ ...report, allocation: undefined }), /missing/);
    t.match(backlogReportProblem({ ...report, allocation: { ...allocation, minExecutors: 11 } }), /must be less than or equal/);
  });
});
