import t from 'tap';
import { decideDriverRestart, parseDriverRestartPolicy, type DriverRestartPolicy } from './driver-restart-policy.js';

t.test('parseDriverRestartPolicy', async (t) => {
  t.test('defaults to never', async (t) => {
    t.same(parseDriverRestartPolicy({}), { kind: 'never' });
  });
  t.test('parses on-failure with retries and interval', async (t) => {
    t.same(parseDriverRestartPolicy({ restartPolicy: 'on-failure', maxRetries: '3', retryInterval: '10s' }), {
      kind: 'on-failure', maxRetries: 3, retryIntervalMs: 10_000,
    });
  });
  t.test('fills on-failure defaults', async (t) => {
    t.same(parseDriverRestartPolicy({ restartPolicy: 'on-failure' }), { kind: 'on-failure', maxRetries: 3, retryIntervalMs: 10_000 });
  });
  t.test('parses always, unbounded unless --max-retries is given', async (t) => {
    t.same(parseDriverRestartPolicy({ restartPolicy: 'always', retryInterval: '500ms' }), { kind: 'always', retryIntervalMs: 500 });
    t.same(parseDriverRestartPolicy({ restartPolicy: 'always', maxRetries: '2' }), { kind: 'always', retryIntervalMs: 10_000, maxRetries: 2 });
  });
  t.test('rejects bad values naming the flag', async (t) => {
    t.throws(() => parseDriverRestartPolicy({ restartPolicy: 'sometimes' }), { code: 'CONFIG', fields: { flag: '--restart-policy' } });
    t.throws(() => parseDriverRestartPolicy({ restartPolicy: 'on-failure', maxRetries: '-1' }), { code: 'CONFIG', fields: { flag: '--max-retries' } });
    t.throws(() => parseDriverRestartPolicy({ restartPolicy: 'on-failure', maxRetries: 'x' }), { code: 'CONFIG', fields: { flag: '--max-retries' } });
    t.throws(() => parseDriverRestartPolicy({ restartPolicy: 'on-failure', retryInterval: 'soon' }), {
      code: 'CONFIG', fields: { flag: '--retry-interval' }, message: /--retry-interval soon/,
    });
    t.throws(() => parseDriverRestartPolicy({ maxRetries: '3' }), { code: 'CONFIG', fields: { flag: '--restart-policy' } });
  });
  t.test('every kind round-trips through JSON', async (t) => {
    const all: DriverRestartPolicy[] = [
      { kind: 'never' },
      { kind: 'on-failure', maxRetries: 3, retryIntervalMs: 10_000 },
      { kind: 'always', retryIntervalMs: 1 },
      { kind: 'always', retryIntervalMs: 1, maxRetries: 4 },
    ];
    for (const p of all) t.same(JSON.parse(JSON.stringify(p)), p);
  });
});

t.test('decideDriverRestart', async (t) => {
  const onFailure: DriverRestartPolicy = { kind: 'on-failure', maxRetries: 2, retryIntervalMs: 10_000 };
  t.test('never restarts under never', async (t) => {
    t.equal(decideDriverRestart({ kind: 'never' }, { succeeded: false, retries: 0 }).kind, 'finish');
  });
  t.test('restarts a failed driver after the interval until maxRetries', async (t) => {
    t.same(decideDriverRestart(onFailure, { succeeded: false, retries: 0 }), { kind: 'restart', delayMs: 10_000, retry: 1 });
    t.same(decideDriverRestart(onFailure, { succeeded: false, retries: 1 }), { kind: 'restart', delayMs: 10_000, retry: 2 });
    t.match(decideDriverRestart(onFailure, { succeeded: false, retries: 2 }), { kind: 'finish', reason: /maxRetries=2/ });
  });
  t.test('does not restart a successful driver under on-failure', async (t) => {
    t.match(decideDriverRestart(onFailure, { succeeded: true, retries: 0 }), { kind: 'finish', reason: 'driver succeeded' });
  });
  t.test('restarts even a successful driver under always', async (t) => {
    t.same(decideDriverRestart({ kind: 'always', retryIntervalMs: 5 }, { succeeded: true, retries: 99 }), { kind: 'restart', delayMs: 5, retry: 100 });
    t.equal(decideDriverRestart({ kind: 'always', retryIntervalMs: 5, maxRetries: 1 }, { succeeded: true, retries: 1 }).kind, 'finish');
  });
});
