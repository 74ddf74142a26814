import t from 'tap';
import { isTerminal, startChild, step, type ChildContext, type ChildInput, type ChildState, type Transition } from './child-lifecycle.js';
import { restartPolicy } from './restart-policy.js';

const ctx: ChildContext = {
  id: 'exec-1',
  policy: restartPolicy({ maxRestarts: 2, withinMs: 1000, initialBackoffMs: 10, maxBackoffMs: 100, jitter: 0, resetAfterMs: 500 }),
  random: () => 0,
};

function run(inputs: ChildInput[], from: Transition = startChild(0)): { state: ChildState; commands: Transition['commands'][] } {
  let state = from.state;
  const commands = [from.commands];
  for (const input of inputs) {
    const next = step(ctx, state, input);
    state = next.state;
    commands.push(next.commands);
  }
  return { state, commands };
}

const kinds = (cmds: Transition['commands']) => cmds.map((c) => (c.kind === 'Emit' ? `Emit:${c.event.kind}` : c.kind));

t.test('child lifecycle', async (t) => {
  t.test('starts at attempt 1 by spawning', async (t) => {
    const s = startChild(0);
    t.same(s.commands, [{ kind: 'Spawn', attempt: 1 }]);
    t.equal(s.state.kind, 'starting');
  });

  t.test('runs once spawned and announces the pid', async (t) => {
    const r = run([{ kind: 'Spawned', attempt: 1, pid: 42, at: 1 }]);
    t.match(r.state, { kind: 'running', pid: 42, attempt: 1 });
    t.same(r.commands[1], [{ kind: 'Emit', event: { kind: 'ChildStarted', id: 'exec-1', pid: 42, attempt: 1 } }]);
  });

  t.test('backs off after a crash and respawns the next attempt when the timer elapses', async (t) => {
    const r = run([
      { kind: 'Spawned', attempt: 1, pid: 42, at: 1 },
      { kind: 'Exited', attempt: 1, code: null, signal: 'SIGKILL', at: 5 },
      { kind: 'BackoffElapsed', attempt: 2 },
    ]);
    t.same(kinds(r.commands[2]), ['Emit:ChildExited', 'Emit:ChildRestarting', 'StartBackoffTimer']);
    t.match(r.commands[2][1], { event: { delayMs: 10, attempt: 2 } });
    t.same(r.commands[3], [{ kind: 'Spawn', attempt: 2 }]);
    t.match(r.state, { kind: 'starting', attempt: 2 });
  });

  t.test('gives up once the policy is exhausted', async (t) => {
    const crash = (attempt: number, at: number): ChildInput[] => [
      { kind: 'Spawned', attempt, pid: 100 + attempt, at },
      { kind: 'Exited', attempt, code: 1, signal: null, at: at + 1 },
      { kind: 'BackoffElapsed', attempt: attempt + 1 },
    ];
    const r = run([...crash(1, 0), ...crash(2, 20), { kind: 'Spawned', attempt: 3, pid: 103, at: 50 }, { kind: 'Exited', attempt: 3, code: 1, signal: null, at: 51 }]);
    t.match(r.state, { kind: 'gave-up', attempt: 3, reason: /maxRestarts=2/ });
    t.ok(isTerminal(r.state));
    t.same(kinds(r.commands.at(-1) ?? []), ['Emit:ChildExited', 'Emit:ChildGaveUp']);
  });

  t.test('treats exit 0 without a stop request as finished, not failed', async (t) => {
    const r = run([{ kind: 'Spawned', attempt: 1, pid: 42, at: 1 }, { kind: 'Exited', attempt: 1, code: 0, signal: null, at: 2 }]);
    t.equal(r.state.kind, 'stopped');
    t.same(kinds(r.commands[2]), ['Emit:ChildExited', 'Emit:ChildStopped']);
  });

  t.test('stops with SIGTERM, escalates to SIGKILL after the grace period, and never restarts', async (t) => {
    const r = run([
      { kind: 'Spawned', attempt: 1, pid: 42, at: 1 },
      { kind: 'StopRequested', graceMs: 200 },
      { kind: 'GraceElapsed', attempt: 1 },
      { kind: 'Exited', attempt: 1, code: null, signal: 'SIGKILL', at: 300 },
    ]);
    t.same(r.commands[2], [{ kind: 'Signal', signal: 'SIGTERM' }, { kind: 'StartGraceTimer', attempt: 1, graceMs: 200 }]);
    t.same(r.commands[3], [{ kind: 'Signal', signal: 'SIGKILL' }]);
    t.same(kinds(r.commands[4]), ['Emit:ChildExited', 'CancelGraceTimer', 'Emit:ChildStopped']);
    t.equal(r.state.kind, 'stopped');
  });

  t.test('a stop during backoff cancels the restart', async (t) => {
    const r = run([
      { kind: 'Spawned', attempt: 1, pid: 42, at: 1 },
      { kind: 'Exited', attempt: 1, code: 2, signal: null, at: 2 },
      { kind: 'StopRequested', graceMs: 10 },
      { kind: 'BackoffElapsed', attempt: 2 },
    ]);
    t.same(kinds(r.commands[3]), ['CancelBackoffTimer', 'Emit:ChildStopped']);
    t.same(r.commands[4], [], 'a late timer does nothing');
    t.equal(r.state.kind, 'stopped');
  });

  t.test('a spawn failure counts as a crash', async (t) => {
    const r = run([{ kind: 'SpawnFailed', attempt: 1, message: 'ENOENT', at: 1 }]);
    t.same(kinds(r.commands[1]), ['Emit:ChildSpawnFailed', 'Emit:ChildRestarting', 'StartBackoffTimer']);
    t.match(r.state, { kind: 'backoff', attempt: 2 });
  });

  t.test('a stop while spawning waits for the spawn outcome', async (t) => {
    const failed = run([{ kind: 'StopRequested', graceMs: 50 }, { kind: 'SpawnFailed', attempt: 1, message: 'ENOENT', at: 1 }]);
    t.equal(failed.state.kind, 'stopped');
    t.same(kinds(failed.commands[2]), ['Emit:ChildSpawnFailed', 'CancelGraceTimer', 'Emit:ChildStopped']);
    const spawned = run([{ kind: 'StopRequested', graceMs: 50 }, { kind: 'Spawned', attempt: 1, pid: 7, at: 1 }]);
    t.match(spawned.state, { kind: 'stopping', pid: 7 });
    t.same(kinds(spawned.commands[2]), ['Emit:ChildStarted', 'Signal']);
  });

  t.test('ignores events of an earlier attempt and repeated stops', async (t) => {
    const r = run([
      { kind: 'Spawned', attempt: 1, pid: 42, at: 1 },
      { kind: 'Exited', attempt: 1, code: 1, signal: null, at: 2 },
      { kind: 'BackoffElapsed', attempt: 2 },
      { kind: 'Spawned', attempt: 2, pid: 43, at: 20 },
      { kind: 'Exited', attempt: 1, code: 1, signal: null, at: 21 },
      { kind: 'GraceElapsed', attempt: 1 },
      { kind: 'StopRequested', graceMs: 10 },
      { kind: 'StopRequested', graceMs: 10 },
    ]);
    t.same(r.commands[5], []);
    t.same(r.commands[6], []);
    t.same(r.commands[8], [], 'second stop is a no-op');
    t.match(r.state, { kind: 'stopping', pid: 43, attempt: 2 });
  });

  t.test('states are plain data', async (t) => {
    const r = run([{ kind: 'Spawned', attempt: 1, pid: 42, at: 1 }]);
    t.same(JSON.parse(JSON.stringify(r.state)), r.state);
  });
});
