import t from 'tap';
import { allowedLocality, newDelayTimer, recomputeLocality, resetDelayTimer, validLocalityLevels, type TaskLocality } from './locality.js';
import { taskSchedulerSettings } from './scheduler-config.js';
import { Driver, offer, onExec, onHost, taskSet, where } from './task-scheduler.fixture.js';

const settings = taskSchedulerSettings({ localityWaitProcessMs: 3000, localityWaitNodeMs: 2000 });
const always = (): boolean => true;

t.test('delay timer', async (t) => {
  t.test('holds the most local level until its wait has passed, then falls back one level per wait', async (t) => {
    const timer = newDelayTimer(['PROCESS_LOCAL', 'NODE_LOCAL', 'ANY'], settings, 1000);
    t.equal(allowedLocality(timer, 1000, always), 'PROCESS_LOCAL');
    t.equal(allowedLocality(timer, 3999, always), 'PROCESS_LOCAL');
    t.equal(allowedLocality(timer, 4000, always), 'NODE_LOCAL');
    t.equal(allowedLocality(timer, 5999, always), 'NODE_LOCAL');
    t.equal(allowedLocality(timer, 6000, always), 'ANY');
  });

  t.test('skips levels that have no task left without waiting', async (t) => {
    const timer = newDelayTimer(['PROCESS_LOCAL', 'NODE_LOCAL', 'ANY'], settings, 0);
    const only = (level: TaskLocality): boolean => level === 'NODE_LOCAL';
    t.equal(allowedLocality(timer, 10, only), 'NODE_LOCAL');
    t.equal(timer.lastResetTime, 10);
  });

  t.test('a launch resets the wait at the launch level', async (t) => {
    const timer = newDelayTimer(['PROCESS_LOCAL', 'NODE_LOCAL', 'ANY'], settings, 0);
    t.equal(allowedLocality(timer, 5000, always), 'ANY');
    resetDelayTimer(timer, 'PROCESS_LOCAL', 5000);
    t.equal(allowedLocality(timer, 7999, always), 'PROCESS_LOCAL');
  });

  t.test('valid levels follow where the pending tasks could run', async (t) => {
    t.same(validLocalityLevels({ executorLocal: false, hostLocal: true, noPref: true }), ['NODE_LOCAL', 'NO_PREF', 'ANY']);
    t.same(validLocalityLevels({ executorLocal: false, hostLocal: false, noPref: false }), ['ANY']);
  });

  t.test('a newly valid more local level is tried first after recomputation', async (t) => {
    const timer = newDelayTimer(['NODE_LOCAL', 'ANY'], settings, 0);
    timer.currentIndex = 1;
    recomputeLocality(timer, ['PROCESS_LOCAL', 'NODE_LOCAL', 'ANY'], settings);
    t.equal(timer.levels[timer.currentIndex], 'PROCESS_LOCAL');
    const timer2 = newDelayTimer(['ANY'], settings, 0);
    recomputeLocality(timer2, ['NODE_LOCAL', 'ANY'], settings);
    t.equal(timer2.levels[timer2.currentIndex], 'NODE_LOCAL');
    const timer3 = newDelayTimer(['PROCESS_LOCAL', 'NODE_LOCAL', 'ANY'], settings, 0);
    timer3.currentIndex = 1;
    recomputeLocality(timer3, ['NODE_LOCAL', 'ANY'], settings);
    t.equal(timer3.levels[timer3.currentIndex], 'NODE_LOCAL', 'the current level is kept when a level goes away');
  });
});

t.test('delay scheduling in the scheduler', async (t) => {
  t.test('launches a task on its preferred executor at once, PROCESS_LOCAL', async (t) => {
    const d = new Driver();
    d.executor('a', 'h1');
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onExec('a', 'h1')], [onExec('b', 'h2')]]), 0);
    t.same(where(d.offer([offer('b', 'h2'), offer('a', 'h1')], 0)), ['1@b/PROCESS_LOCAL', '0@a/PROCESS_LOCAL']);
  });

  t.test('waits spark.locality.wait at each level before running a task away from its executor', async (t) => {
    const d = new Driver();
    d.executor('a', 'h1');
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onExec('a', 'h1')]]), 1000);
    t.same(d.offer([offer('b', 'h2')], 1000), []);
    t.same(d.offer([offer('b', 'h2')], 3999), [], 'PROCESS_LOCAL wait');
    t.same(d.offer([offer('b', 'h2')], 6999), [], 'then NODE_LOCAL wait: its host h1 is alive');
    t.same(where(d.offer([offer('b', 'h2')], 7000)), ['0@b/ANY']);
  });

  t.test('falls back PROCESS_LOCAL → NODE_LOCAL → ANY with per-level waits', async (t) => {
    const d = new Driver({ localityWaitProcessMs: 1000, localityWaitNodeMs: 5000 });
    d.executor('a', 'h1');
    d.executor('a2', 'h1');
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onExec('a', 'h1')], [onExec('a', 'h1')]]), 0);
    t.same(d.offer([offer('b', 'h2'), offer('a2', 'h1')], 500), [], 'neither executor is the preferred one');
    t.same(where(d.offer([offer('b', 'h2'), offer('a2', 'h1')], 1000)), ['0@a2/NODE_LOCAL'], 'same host after the process wait');
    // The NODE_LOCAL launch restarted the node wait at 1000.
    t.same(d.offer([offer('b', 'h2')], 5999), []);
    t.same(where(d.offer([offer('b', 'h2')], 6000)), ['1@b/ANY']);
  });

  t.test('host preferences launch NODE_LOCAL on any executor of the host', async (t) => {
    const d = new Driver();
    d.executor('a', 'h1');
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onHost('h2')], [onHost('h1')]]), 0);
    t.same(where(d.offer([offer('a', 'h1'), offer('b', 'h2')], 0)), ['1@a/NODE_LOCAL', '0@b/NODE_LOCAL']);
  });

  t.test('preferences on dead executors do not make a task set wait', async (t) => {
    const d = new Driver();
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onExec('gone', 'h9')]]), 0);
    t.same(where(d.offer([offer('b', 'h2')], 0)), ['0@b/ANY']);
  });

  t.test('tasks without preferences go first, as NO_PREF, then others once the wait expires', async (t) => {
    const d = new Driver();
    d.executor('a', 'h1');
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onExec('a', 'h1')], []]), 0);
    t.same(where(d.offer([offer('b', 'h2', 2)], 0)), ['1@b/NO_PREF']);
    t.same(d.offer([offer('b', 'h2', 1)], 5999), []);
    t.same(where(d.offer([offer('b', 'h2', 1)], 6000)), ['0@b/ANY'], 'after the process and node waits');
  });

  t.test('an executor joining on a preferred host makes the task set wait for it', async (t) => {
    const d = new Driver();
    d.executor('b', 'h2');
    d.submit(taskSet(1, [[onHost('h1')], [onHost('h1')]]), 0);
    d.executor('a', 'h1');
    t.same(d.offer([offer('b', 'h2')], 100), []);
    t.same(where(d.offer([offer('a', 'h1')], 200)), ['0@a/NODE_LOCAL']);
  });
});
