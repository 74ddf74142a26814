import t from 'tap';
import type { DriverRestartPolicy } from '../supervisor/index.js';
import { preparing, stepDriverRun, type DriverRun, type DriverRunCommand, type DriverRunInput } from './driver-run.js';

const onFailure: DriverRestartPolicy = { kind: 'on-failure', maxRetries: 3, retryIntervalMs: 1000 };

/** Feeds inputs in order; returns the last run and every command issued. */
function feed(policy: DriverRestartPolicy, inputs: readonly DriverRunInput[], from: DriverRun = preparing): { run: DriverRun; commands: DriverRunCommand[] } {
  let run = from;
  const commands: DriverRunCommand[] = [];
  for (const input of inputs) {
    const tr = stepDriverRun(policy, run, input);
    run = tr.run;
    commands.push(...tr.commands);
  }
  return { run, commands };
}

const killed = { code: null, signal: 'SIGKILL' };
const ok = { code: 0, signal: null };

t.test('stepDriverRun', async (t) => {
  t.test('starts attempt 1 once the bundle is ready and records RUNNING when it runs', async (t) => {
    const { run, commands } = feed(onFailure, [{ kind: 'BundleReady' }, { kind: 'AttemptStarted', attempt: 1, pid: 42 }]);
    t.same(run, { kind: 'running', attempt: 1 });
    t.same(commands, [{ kind: 'StartAttempt', attempt: 1 }, { kind: 'RecordRunning', attempt: 1 }]);
  });

  t.test('restarts a killed driver after the retry interval and finishes when the next attempt succeeds', async (t) => {
    const { run, commands } = feed(onFailure, [
      { kind: 'BundleReady' },
      { kind: 'AttemptEnded', attempt: 1, exit: killed },
      { kind: 'RetryDue', attempt: 2 },
      { kind: 'AttemptEnded', attempt: 2, exit: ok },
    ]);
    t.same(run, { kind: 'ended', attempts: 2, succeeded: true });
    t.same(commands, [
      { kind: 'StartAttempt', attempt: 1 },
      { kind: 'RecordRestarting', attempts: 1, error: 'attempt 1: killed by SIGKILL' },
      { kind: 'ScheduleRetry', attempt: 2, delayMs: 1000 },
      { kind: 'StartAttempt', attempt: 2 },
      { kind: 'RecordEnded', attempts: 2, succeeded: true, exitCode: 0 },
      { kind: 'Cleanup' },
    ]);
  });

  t.test('fails after maxRetries restarts', async (t) => {
    const policy: DriverRestartPolicy = { kind: 'on-failure', maxRetries: 1, retryIntervalMs: 10 };
    const fail = { code: 3, signal: null };
    const { run } = feed(policy, [
      { kind: 'BundleReady' }, { kind: 'AttemptEnded', attempt: 1, exit: fail }, { kind: 'RetryDue', attempt: 2 }, { kind: 'AttemptEnded', attempt: 2, exit: fail },
    ]);
    t.same(run, { kind: 'ended', attempts: 2, succeeded: false, error: 'attempt 2: exit code 3' });
  });

  t.test('never restarts under the never policy, and records a spawn failure', async (t) => {
    const { run, commands } = feed({ kind: 'never' }, [{ kind: 'BundleReady' }, { kind: 'AttemptEnded', attempt: 1, exit: { code: null, signal: null, spawnError: 'ENOENT' } }]);
    t.same(run, { kind: 'ended', attempts: 1, succeeded: false, error: 'attempt 1: could not start: ENOENT' });
    t.same(commands.at(-2), { kind: 'RecordEnded', attempts: 1, succeeded: false, exitCode: null, error: 'attempt 1: could not start: ENOENT' });
  });

  t.test('restarts a successful driver under always', async (t) => {
    const { run } = feed({ kind: 'always', retryIntervalMs: 5 }, [{ kind: 'BundleReady' }, { kind: 'AttemptEnded', attempt: 1, exit: ok }]);
    t.same(run, { kind: 'waiting', attempt: 2, delayMs: 5 });
  });

  t.test('ignores events of another attempt', async (t) => {
    const running: DriverRun = { kind: 'running', attempt: 2 };
    t.same(stepDriverRun(onFailure, running, { kind: 'AttemptEnded', attempt: 1, exit: killed }), { run: running, commands: [] });
    t.same(stepDriverRun(onFailure, running, { kind: 'RetryDue', attempt: 2 }), { run: running, commands: [] });
  });

  t.test('fails without running when the bundle cannot be fetched', async (t) => {
    const { run, commands } = feed(onFailure, [{ kind: 'BundleFailed', reason: 'no bundle abc' }]);
    t.same(run, { kind: 'ended', attempts: 0, succeeded: false, error: 'bundle unavailable: no bundle abc' });
    t.same(commands.map((c) => c.kind), ['RecordEnded', 'Cleanup']);
  });

  t.test('a stop ends a running driver as FAILED once its process exits, and cancels a pending retry', async (t) => {
    const stopped = feed(onFailure, [{ kind: 'Stop', reason: 'node n1 stopped' }, { kind: 'AttemptEnded', attempt: 1, exit: { code: null, signal: 'SIGTERM' } }], { kind: 'running', attempt: 1 });
    t.same(stopped.run, { kind: 'ended', attempts: 1, succeeded: false, error: 'node n1 stopped (driver killed by SIGTERM)' });
    t.same(stopped.commands[0], { kind: 'StopAttempt', attempt: 1 });
    const waiting = feed(onFailure, [{ kind: 'Stop', reason: 'node n1 stopped' }], { kind: 'waiting', attempt: 3, delayMs: 1000 });
    t.same(waiting.run, { kind: 'ended', attempts: 2, succeeded: false, error: 'node n1 stopped' });
    t.same(waiting.commands.map((c) => c.kind), ['CancelRetry', 'RecordEnded', 'Cleanup']);
  });
});
