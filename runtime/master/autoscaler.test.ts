import t from 'tap';
import {
  autoscalerInUse, autoscalerSettings, autoscalerStatus, executorsInHand, initialAutoscaler, stepAutoscaler, wantedExecutors,
  type AutoscalerCommand, type AutoscalerEvent, type AutoscalerInput, type AutoscalerState, type ExecutorView,
} from './autoscaler.js';
import type { DynamicAllocation } from './dynamic-allocation.js';

const allocation = (a: Partial<DynamicAllocation> = {}): DynamicAllocation => ({
  enabled: true, minExecutors: 1, maxExecutors: 4,
  schedulerBacklogTimeoutMs: 500, sustainedSchedulerBacklogTimeoutMs: 500, executorIdleTimeoutMs: 2000, ...a,
});

/**
 * The autoscaler against a pretend cluster on a manual clock: launches are granted with fresh ids
 * (registered at once unless told otherwise), releases remove the executor at the next change.
 */
class Sim {
  state: AutoscalerState;
  now = 0;
  commands: AutoscalerCommand[] = [];
  events: AutoscalerEvent[] = [];
  executors: ExecutorView[] = [];
  private seq = 0;

  constructor(readonly clusterCores = 16, settings = autoscalerSettings({ appSilenceTimeoutMs: 10_000, launchTimeoutMs: 30_000, launchRetryMs: 2000 })) {
    this.state = initialAutoscaler(settings);
    this.changed();
  }

  step(input: AutoscalerInput): AutoscalerCommand[] {
    const s = stepAutoscaler(this.state, input);
    this.state = s.state;
    this.commands.push(...s.commands);
    this.events.push(...s.events);
    return [...s.commands];
  }

  changed(): AutoscalerCommand[] {
    return this.step({ kind: 'ExecutorsChanged', executors: this.executors, clusterCores: this.clusterCores, at: this.now });
  }

  baseline(...ids: string[]): void {
    for (const id of ids) this.executors.push({ id, nodeId: 'n1', launchedBy: 'node' });
    this.changed();
  }

  report(appId: string, pendingTasks: number, a: Partial<DynamicAllocation> = {}, runningTasks = 0, busyExecutors: string[] = []): AutoscalerCommand[] {
    return this.step({ kind: 'BacklogReported', appId, at: this.now, sample: { pendingTasks, runningTasks, busyExecutors, allocation: allocation(a) } });
  }

  tick(to: number): AutoscalerCommand[] {
    this.now = to;
    return this.step({ kind: 'Tick', now: to });
  }

  /** Grants every launch and release in `commands`; new executors register unless `register` is false. */
  carryOut(commands: readonly AutoscalerCommand[], register = true): string[] {
    const launched: string[] = [];
    for (const c of commands) {
      if (c.kind === 'LaunchExecutors') {
        const ids = Array.from({ length: c.count }, () => `dyn-${++this.seq}`);
        launched.push(...ids);
        this.step({ kind: 'ExecutorsLaunched', requested: c.count, executorIds: ids, at: this.now });
        if (register) for (const id of ids) this.executors.push({ id, nodeId: 'n1', launchedBy: 'autoscaler' });
      } else {
        this.executors = this.executors.filter((e) => e.id !== c.executorId);
      }
    }
    if (commands.length > 0) this.changed();
    return launched;
  }

  /** Runs ticks every `every` ms up to `to` (after `onTick`'s reports), carrying out every command as it comes. */
  runUntil(to: number, every = 100, onTick?: () => void): void {
    while (this.now < to) {
      const from = this.commands.length;
      onTick?.();
      this.tick(this.now + every);
      this.carryOut(this.commands.slice(from));
    }
  }

  count(): number { return this.executors.length; }
}

const launches = (cs: readonly AutoscalerCommand[]) => cs.filter((c) => c.kind === 'LaunchExecutors').map((c) => (c.kind === 'LaunchExecutors' ? c.count : 0));
const releases = (cs: readonly AutoscalerCommand[]) => cs.filter((c) => c.kind === 'ReleaseExecutor').map((c) => (c.kind === 'ReleaseExecutor' ? c.executorId : ''));

t.test('autoscaler', async (t) => {
  t.test('an application that reports gets its initial executors', async (t) => {
    const sim = new Sim();
    const cs = sim.report('app', 0, { minExecutors: 2 });
    t.same(launches(cs), [2]);
    t.same(sim.events[0], { kind: 'ApplicationRegistered', appId: 'app', enabled: true, target: 2 });
  });

  t.test('does not launch again while a launch is under way or its executors have not registered', async (t) => {
    const sim = new Sim();
    const first = sim.report('app', 0);
    t.same(launches(first), [1]);
    t.same(sim.tick(100), [], 'launching');
    sim.carryOut(first, false);
    t.same(sim.tick(200), [], 'expected to register');
    t.equal(executorsInHand(sim.state), 1);
  });

  t.test('grows 1 → 2 → 4 under a sustained backlog, capped by maxExecutors', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 200));
    t.equal(sim.count(), 1);
    const counts: number[] = [];
    sim.runUntil(3000, 100, () => { sim.report('app', 200); counts.push(sim.count()); });
    t.equal(sim.count(), 4);
    t.same([...new Set(counts)], [1, 2, 4], 'rounds double');
    t.same(launches(sim.commands), [1, 1, 2]);
    t.same(sim.events.filter((e) => e.kind === 'TargetChanged').map((e) => (e.kind === 'TargetChanged' ? [e.from, e.to] : [])), [[1, 2], [2, 4]]);
  });

  t.test('waits schedulerBacklogTimeout before the first round', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 200, { schedulerBacklogTimeoutMs: 1000 }));
    sim.runUntil(900, 100, () => sim.report('app', 200, { schedulerBacklogTimeoutMs: 1000 }));
    t.equal(sim.count(), 1);
    sim.runUntil(1100, 100, () => sim.report('app', 200, { schedulerBacklogTimeoutMs: 1000 }));
    t.equal(sim.count(), 2);
  });

  t.test('caps the total by the cores of the live nodes', async (t) => {
    const sim = new Sim(3);
    sim.carryOut(sim.report('app', 200, { maxExecutors: Infinity }));
    sim.runUntil(5000, 100, () => sim.report('app', 200, { maxExecutors: Infinity }));
    t.equal(sim.count(), 3);
    t.equal(autoscalerStatus(sim.state).apps[0].maxExecutors, null, 'unbounded shows as null');
  });

  t.test('releases idle executors after executorIdleTimeout, down to minExecutors', async (t) => {
    const sim = new Sim();
    const all = () => sim.executors.map((e) => e.id);
    sim.carryOut(sim.report('app', 200));
    sim.runUntil(2000, 100, () => sim.report('app', 200, {}, 0, all()));
    t.equal(sim.count(), 4);
    // Last reported busy at 1900.
    sim.runUntil(3800, 100, () => sim.report('app', 0));
    t.equal(sim.count(), 4, 'not before the idle timeout');
    sim.runUntil(4000, 100, () => sim.report('app', 0));
    t.equal(sim.count(), 1);
    t.equal(releases(sim.commands).length, 3);
    t.same(autoscalerStatus(sim.state).apps[0].targetExecutors, 1);
  });

  t.test('never releases an executor an application reports busy', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 200));
    sim.runUntil(2000, 100, () => sim.report('app', 200));
    const busy = sim.executors.slice(0, 3).map((e) => e.id);
    sim.runUntil(10_000, 100, () => sim.report('app', 0, {}, 3, busy));
    t.same(sim.executors.map((e) => e.id).sort(), [...busy].sort(), 'the idle one went, the busy ones stay');
  });

  t.test('busy reports from any application keep an executor, even one with allocation disabled', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 200));
    sim.runUntil(2000, 100, () => sim.report('app', 200));
    const busy = sim.executors[3].id;
    sim.runUntil(10_000, 100, () => { sim.report('app', 0); sim.report('static', 1, { enabled: false }, 1, [busy]); });
    t.same(sim.executors.map((e) => e.id), [busy]);
  });

  t.test('never releases the node\'s baseline executors', async (t) => {
    const sim = new Sim();
    sim.baseline('b1', 'b2');
    t.same(sim.report('app', 0), [], 'the baseline already covers minExecutors');
    sim.runUntil(2000, 100, () => sim.report('app', 200));
    t.equal(sim.count(), 4, 'the baseline counts towards the target');
    sim.runUntil(10_000, 100, () => sim.report('app', 0));
    t.same(sim.executors.map((e) => e.id), ['b1', 'b2']);
  });

  t.test('sums the applications\' targets (each minimum is its own)', async (t) => {
    const sim = new Sim();
    sim.carryOut([...sim.report('a', 0, { minExecutors: 2 }), ...sim.report('b', 0, { minExecutors: 3, maxExecutors: 5 })]);
    t.equal(sim.count(), 5);
    t.equal(wantedExecutors(sim.state), 5);
    sim.runUntil(10_000, 100, () => { sim.report('a', 0, { minExecutors: 2 }); sim.report('b', 0, { minExecutors: 3, maxExecutors: 5 }); });
    t.equal(sim.count(), 5, 'idle, but no lower than the summed minimums');
  });

  t.test('ignores applications with allocation disabled', async (t) => {
    const sim = new Sim();
    t.same(sim.report('static', 500, { enabled: false, minExecutors: 3 }), []);
    sim.runUntil(5000, 100, () => sim.report('static', 500, { enabled: false, minExecutors: 3 }));
    t.equal(sim.count(), 0);
    t.same(autoscalerStatus(sim.state).apps.map((a) => a.enabled), [false]);
  });

  t.test('with no application left, scales back to the baseline', async (t) => {
    const sim = new Sim();
    sim.baseline('b1');
    sim.carryOut(sim.report('app', 200, { minExecutors: 2 }));
    sim.runUntil(2000, 100, () => sim.report('app', 200, { minExecutors: 2 }));
    t.equal(sim.count(), 4);
    sim.carryOut(sim.step({ kind: 'ApplicationEnded', appId: 'app', at: sim.now }));
    t.same(sim.events.at(-1), { kind: 'ApplicationRemoved', appId: 'app', reason: 'ended' });
    sim.runUntil(5000);
    t.same(sim.executors.map((e) => e.id), ['b1'], 'after the last idle timeout the application asked for');
  });

  t.test('an application silent for the silence timeout counts as ended', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 0, { minExecutors: 2 }));
    sim.runUntil(9_900);
    t.equal(sim.state.apps.size, 1);
    sim.runUntil(10_000);
    t.equal(sim.state.apps.size, 0);
    t.same(sim.events.at(-1), { kind: 'ApplicationRemoved', appId: 'app', reason: 'silent' });
    sim.runUntil(13_000);
    t.equal(sim.count(), 0);
  });

  t.test('replaces executors lost with their node', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 0, { minExecutors: 2 }));
    sim.executors = sim.executors.slice(1);
    t.same(launches(sim.changed()), [1]);
  });

  t.test('after a failed launch waits launchRetryMs before trying again', async (t) => {
    const sim = new Sim();
    t.same(launches(sim.report('app', 0)), [1]);
    sim.step({ kind: 'ExecutorLaunchFailed', requested: 1, at: 0 });
    t.same(sim.tick(1900), []);
    t.same(launches(sim.tick(2000)), [1]);
  });

  t.test('gives up on a launched executor that never registers, and launches another', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 0), false);
    sim.runUntil(29_900, 100, () => sim.report('app', 0));
    t.equal(launches(sim.commands).length, 1);
    sim.carryOut(sim.tick(30_000));
    t.ok(sim.events.some((e) => e.kind === 'LaunchGivenUp' && e.executorId === 'dyn-1'));
    t.same(launches(sim.commands), [1, 1]);
  });

  t.test('a release that failed is tried again', async (t) => {
    const sim = new Sim();
    sim.carryOut(sim.report('app', 200));
    sim.runUntil(2000, 100, () => sim.report('app', 200));
    let released: string[] = [];
    while (released.length === 0) { sim.report('app', 0); released = releases(sim.tick(sim.now + 100)); }
    t.notOk(releases(sim.tick(sim.now + 100)).includes(released[0]), 'not twice while the stop is under way');
    sim.step({ kind: 'ExecutorReleaseFailed', executorId: released[0], at: sim.now });
    const failedAt = sim.now;
    t.notOk(releases(sim.tick(failedAt + 1900)).includes(released[0]), 'not before launchRetryMs');
    t.ok(releases(sim.tick(failedAt + 2000)).includes(released[0]));
  });

  t.test('an executor registering before the provider answers is not expected twice', async (t) => {
    const sim = new Sim();
    sim.report('app', 0);
    sim.executors.push({ id: 'early', nodeId: 'n1', launchedBy: 'autoscaler' });
    sim.changed();
    sim.step({ kind: 'ExecutorsLaunched', requested: 1, executorIds: ['early'], at: 0 });
    t.equal(executorsInHand(sim.state), 1);
    t.equal(sim.state.expected.size, 0);
  });

  t.test('status shows targets and counts', async (t) => {
    const sim = new Sim();
    sim.baseline('b1');
    sim.carryOut(sim.report('app', 200, { minExecutors: 2 }));
    t.same(autoscalerStatus(sim.state), {
      wantedExecutors: 2, baselineExecutors: 1, autoscaledExecutors: 1, launchingExecutors: 0, releasingExecutors: 0,
      apps: [{ appId: 'app', enabled: true, targetExecutors: 2, minExecutors: 2, maxExecutors: 4, pendingTasks: 200, runningTasks: 0, lastReportAt: 0 }],
    });
  });
});

t.test('autoscalerInUse: only while applications report or autoscaled executors exist', async (t) => {
  const sim = new Sim();
  sim.baseline('b1');
  t.notOk(autoscalerInUse(autoscalerStatus(sim.state)), 'a static cluster');
  sim.report('app', 0);
  t.ok(autoscalerInUse(autoscalerStatus(sim.state)));
});
