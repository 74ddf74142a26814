import t from 'tap';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { ManualClock, createLogger, silentLogger } from '../../common/index.js';
import { waitFor } from '../../test/harness/index.js';
import { ProcessSupervisor, type ChildSpec } from './process-supervisor.js';
import type { SupervisorEvent } from './supervisor-events.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/child.mjs', import.meta.url));
const FAST = { initialBackoffMs: 20, maxBackoffMs: 80, jitter: 0 };

interface LogRecord { child?: string; pid?: number; stream?: string; msg?: string; level: number }

/** A supervisor whose logs and events are recorded; stopped when the test ends. */
function harness(t: { teardown: (fn: () => unknown) => void }) {
  const logs: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  // A bare environment: tap's NODE_OPTIONS would load its process tracker into every child.
  const sup = new ProcessSupervisor({ logger: createLogger({ level: 'debug', destination: sink }), random: () => 0, baseEnv: { PATH: process.env.PATH } });
  const events: SupervisorEvent[] = [];
  sup.on((e) => events.push(e));
  t.teardown(() => sup.stopAll({ graceMs: 100 }));
  const spec = (id: string, mode: string, policy: ChildSpec['policy'] = FAST): ChildSpec => ({ id, command: process.execPath, args: [FIXTURE, mode], policy });
  const of = <K extends SupervisorEvent['kind']>(kind: K) => events.filter((e): e is Extract<SupervisorEvent, { kind: K }> => e.kind === kind);
  const logged = (id: string, msg: string) => logs.some((l) => l.child === id && l.msg?.startsWith(msg));
  return { sup, events, logs, spec, of, logged };
}

t.test('ProcessSupervisor', async (t) => {
  t.test('captures the child output lines in the logger bound to the child id', async (t) => {
    const h = harness(t);
    const snap = h.sup.start(h.spec('out', 'run'));
    t.equal(snap.state, 'running');
    t.type(snap.pid, 'number');
    await waitFor('stdout and stderr lines', () => h.logged('out', 'ready') && h.logged('out', 'mode run'), 60_000);
    t.match(h.logs.find((l) => l.child === 'out' && l.msg?.startsWith('ready')), { stream: 'stdout', pid: snap.pid, msg: `ready ${snap.pid}` });
    t.match(h.logs.find((l) => l.child === 'out' && l.msg === 'mode run'), { stream: 'stderr' });
  });

  t.test('restarts a child killed with SIGKILL under a new pid', async (t) => {
    const h = harness(t);
    const first = h.sup.start(h.spec('victim', 'run'));
    process.kill(first.pid as number, 'SIGKILL');
    await waitFor('restart', () => h.of('ChildStarted').length === 2, 60_000);
    const [now] = h.sup.list();
    t.equal(now.state, 'running');
    t.not(now.pid, first.pid);
    t.equal(now.restarts, 1);
    t.same(h.events.map((e) => e.kind), ['ChildStarted', 'ChildExited', 'ChildRestarting', 'ChildStarted']);
    t.match(h.of('ChildExited')[0], { code: null, signal: 'SIGKILL' });
    t.match(h.of('ChildRestarting')[0], { delayMs: 20, attempt: 2 });
    t.match(h.of('ChildStarted')[1], { attempt: 2, pid: now.pid });
  });

  t.test('gives up on a child that always crashes after maxRestarts within the window', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('crasher', 'crash', { ...FAST, maxBackoffMs: 30, maxRestarts: 2, withinMs: 60_000 }));
    await waitFor('give-up', () => h.of('ChildGaveUp').length === 1, 60_000);
    t.equal(h.of('ChildStarted').length, 3);
    t.same(h.of('ChildRestarting').map((e) => e.delayMs), [20, 30], 'backoff grows up to the cap');
    t.ok(h.of('ChildExited').every((e) => e.code === 3));
    t.match(h.of('ChildGaveUp')[0], { id: 'crasher', reason: /maxRestarts=2/ });
    t.match(h.sup.list()[0], { state: 'gave-up', restarts: 2, pid: undefined });
    await h.sup.stop('crasher');
    t.pass('stopping a given-up child resolves at once');
  });

  t.test('stop() sends SIGTERM, which a default child honours at once', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('term', 'run'));
    await waitFor('ready', () => h.logged('term', 'ready'), 60_000);
    const t0 = Date.now();
    await h.sup.stop('term', { graceMs: 10_000 });
    t.ok(Date.now() - t0 < 8000, 'did not wait for the grace period');
    t.match(h.of('ChildExited'), [{ code: null, signal: 'SIGTERM' }]);
    t.equal(h.of('ChildStopped').length, 1);
    t.equal(h.of('ChildRestarting').length, 0);
    t.match(h.sup.list()[0], { state: 'stopped', pid: undefined });
  });

  t.test('a child ignoring SIGTERM gets SIGKILL after the grace period', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('stubborn', 'ignore-term'));
    await waitFor('ready', () => h.logged('stubborn', 'ready'), 60_000);
    const t0 = Date.now();
    await h.sup.stop('stubborn', { graceMs: 500 });
    t.ok(Date.now() - t0 >= 490, 'waited for the grace period');
    t.ok(h.logged('stubborn', 'ignoring SIGTERM'), 'SIGTERM reached the child first');
    t.match(h.of('ChildExited'), [{ code: null, signal: 'SIGKILL' }]);
    t.equal(h.of('ChildRestarting').length, 0);
    t.equal(h.sup.list()[0].state, 'stopped');
  });

  t.test('a child that exits 0 after a stop request is not restarted', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('polite', 'graceful'));
    await waitFor('ready', () => h.logged('polite', 'ready'), 60_000);
    await h.sup.stop('polite', { graceMs: 10_000 });
    t.match(h.of('ChildExited'), [{ code: 0, signal: null }]);
    t.same(h.events.map((e) => e.kind), ['ChildStarted', 'ChildExited', 'ChildStopped']);
    t.equal(h.sup.list()[0].state, 'stopped');
  });

  t.test('a child that finishes with exit 0 on its own is not restarted', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('done', 'finish'));
    await waitFor('stopped', () => h.of('ChildStopped').length === 1, 60_000);
    t.same(h.events.map((e) => e.kind), ['ChildStarted', 'ChildExited', 'ChildStopped']);
  });

  t.test('a program that cannot be spawned is retried, then given up', async (t) => {
    const h = harness(t);
    h.sup.start({ id: 'ghost', command: '/nonexistent/flint-child', args: [], policy: { ...FAST, maxRestarts: 1 } });
    await waitFor('give-up', () => h.of('ChildGaveUp').length === 1, 60_000);
    t.same(h.events.map((e) => e.kind), ['ChildSpawnFailed', 'ChildRestarting', 'ChildSpawnFailed', 'ChildGaveUp']);
    t.match(h.of('ChildSpawnFailed')[0], { message: /ENOENT/ });
  });

  t.test('a stop during backoff cancels the restart', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('slow', 'crash', { initialBackoffMs: 10_000, maxBackoffMs: 10_000, jitter: 0 }));
    await waitFor('backoff', () => h.sup.list()[0].state === 'backoff', 60_000);
    await h.sup.stop('slow');
    t.equal(h.sup.list()[0].state, 'stopped');
    t.equal(h.of('ChildStarted').length, 1);
  });

  t.test('waits for the injected clock before restarting', async (t) => {
    const clock = new ManualClock();
    const sup = new ProcessSupervisor({ logger: silentLogger(), clock, random: () => 0, baseEnv: { PATH: process.env.PATH } });
    t.teardown(() => sup.stopAll({ graceMs: 100 }));
    sup.start({ id: 'timed', command: process.execPath, args: [FIXTURE, 'crash'], policy: { ...FAST, initialBackoffMs: 5000, maxBackoffMs: 5000 } });
    await waitFor('backoff', () => sup.list()[0].state === 'backoff', 60_000);
    t.equal(clock.pending(), 1, 'one backoff timer');
    clock.advance(4999);
    t.equal(sup.list()[0].state, 'backoff');
    clock.advance(1);
    t.match(sup.list()[0], { state: 'running', restarts: 1 });
  });

  t.test('passes env and cwd through and never uses a shell', async (t) => {
    const h = harness(t);
    const script = "process.stdout.write(process.env.FLINT_X + ' ' + process.cwd() + ' ' + process.argv[1] + '\\n')";
    h.sup.start({ id: 'env', command: process.execPath, args: ['-e', script, '$(echo injected); rm -rf /'], env: { FLINT_X: 'hello' }, cwd: '/tmp' });
    await waitFor('output', () => h.logged('env', 'hello'), 60_000);
    t.ok(h.logged('env', 'hello /tmp $(echo injected); rm -rf /'), 'arguments arrive verbatim');
  });

  t.test('rejects bad specs, duplicate ids and unknown ids', async (t) => {
    const h = harness(t);
    t.throws(() => h.sup.start({ id: 'rel', command: 'node', args: [] }), { code: 'INVALID_ARGUMENT', fields: { field: 'command' } });
    t.throws(() => h.sup.start({ id: '', command: process.execPath, args: [] }), { code: 'INVALID_ARGUMENT', fields: { field: 'id' } });
    t.throws(() => h.sup.start({ id: 'x', command: process.execPath, args: [1 as unknown as string] }), { code: 'INVALID_ARGUMENT', fields: { field: 'args' } });
    t.throws(() => h.sup.start({ id: 'x', command: process.execPath, args: [], policy: { jitter: 2 } }), { code: 'INVALID_ARGUMENT', fields: { field: 'jitter' } });
    h.sup.start(h.spec('dup', 'run'));
    t.throws(() => h.sup.start(h.spec('dup', 'run')), { code: 'INVALID_ARGUMENT', fields: { id: 'dup' } });
    await t.rejects(h.sup.stop('nobody'), { code: 'INVALID_ARGUMENT', fields: { id: 'nobody' } });
    await h.sup.stop('dup', { graceMs: 1000 });
    t.equal(h.sup.start(h.spec('dup', 'run')).state, 'running', 'a stopped id can be started again');
  });

  t.test('stopAll stops every child', async (t) => {
    const h = harness(t);
    h.sup.start(h.spec('a', 'run'));
    h.sup.start(h.spec('b', 'ignore-term'));
    await waitFor('ready', () => h.logged('b', 'ready'), 60_000);
    await h.sup.stopAll({ graceMs: 100 });
    t.same(h.sup.list().map((c) => c.state), ['stopped', 'stopped']);
  });
});
