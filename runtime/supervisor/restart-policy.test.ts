import t from 'tap';
import { backoffBase, decide, freshHistory, markStarted, restartPolicy, type RestartHistory, type RestartPolicy } from './restart-policy.js';

const noJitter = () => 0;
const maxJitter = () => 0.999999;

function policy(over: Partial<RestartPolicy> = {}): RestartPolicy {
  return restartPolicy({ maxRestarts: 3, withinMs: 1000, initialBackoffMs: 10, maxBackoffMs: 100, multiplier: 2, jitter: 0, resetAfterMs: 500, ...over });
}

/** Fails a child `n` times at the given instants, restarting it right after each delay. */
function failAt(p: RestartPolicy, times: number[], random = noJitter): { delays: number[]; history: RestartHistory; gaveUp?: string } {
  let history = freshHistory(0);
  const delays: number[] = [];
  for (const at of times) {
    const d = decide(p, history, at, random);
    if (d.kind === 'give-up') return { delays, history, gaveUp: d.reason };
    delays.push(d.delayMs);
    history = markStarted(d.next, at + d.delayMs);
  }
  return { delays, history };
}

t.test('restartPolicy', async (t) => {
  t.test('fills defaults: multiplier 2, jitter 0.2, reset after the window', async (t) => {
    const p = restartPolicy({ withinMs: 5000 });
    t.equal(p.multiplier, 2);
    t.equal(p.jitter, 0.2);
    t.equal(p.resetAfterMs, 5000);
  });
  t.test('rejects invalid fields naming them', async (t) => {
    t.throws(() => restartPolicy({ maxRestarts: -1 }), { code: 'INVALID_ARGUMENT', fields: { field: 'maxRestarts' } });
    t.throws(() => restartPolicy({ jitter: 1.5 }), { code: 'INVALID_ARGUMENT', fields: { field: 'jitter' } });
    t.throws(() => restartPolicy({ multiplier: 0.5 }), { code: 'INVALID_ARGUMENT', fields: { field: 'multiplier' } });
    t.throws(() => restartPolicy({ initialBackoffMs: 50, maxBackoffMs: 10 }), { code: 'INVALID_ARGUMENT', fields: { field: 'maxBackoffMs' } });
    t.throws(() => restartPolicy({ withinMs: 0 }), { code: 'INVALID_ARGUMENT', fields: { field: 'withinMs' } });
    t.throws(() => restartPolicy({ withinMs: Number.NaN }), { code: 'INVALID_ARGUMENT' });
  });
  t.test('is plain data that survives JSON', async (t) => {
    const p = policy();
    t.same(JSON.parse(JSON.stringify(p)), p);
  });
});

t.test('decide', async (t) => {
  t.test('grows the backoff exponentially', async (t) => {
    const { delays } = failAt(policy({ maxRestarts: 10, withinMs: 100_000, resetAfterMs: 100_000 }), [1, 2, 3, 4]);
    t.same(delays, [10, 20, 40, 80]);
  });
  t.test('caps the backoff at maxBackoffMs', async (t) => {
    const { delays } = failAt(policy({ maxRestarts: 10, withinMs: 100_000, resetAfterMs: 100_000 }), [1, 2, 3, 4, 5, 6]);
    t.same(delays, [10, 20, 40, 80, 100, 100]);
    t.equal(backoffBase(policy(), 1000), 100, 'huge streaks stay capped');
  });
  t.test('honours the multiplier', async (t) => {
    const { delays } = failAt(policy({ multiplier: 3, maxBackoffMs: 1000, maxRestarts: 10, withinMs: 100_000, resetAfterMs: 100_000 }), [1, 2, 3]);
    t.same(delays, [10, 30, 90]);
  });
  t.test('keeps jittered delays within [base·(1−jitter), base]', async (t) => {
    const p = policy({ jitter: 0.2, initialBackoffMs: 1000, maxBackoffMs: 1000 });
    t.equal((decide(p, freshHistory(0), 1, noJitter) as { delayMs: number }).delayMs, 1000);
    t.equal((decide(p, freshHistory(0), 1, maxJitter) as { delayMs: number }).delayMs, 800);
    t.equal((decide(p, freshHistory(0), 1, () => 0.5) as { delayMs: number }).delayMs, 900);
    let seed = 42;
    const lcg = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const d = decide(p, freshHistory(0), 1, lcg);
      if (d.kind !== 'restart') return t.fail('expected restart');
      if (d.delayMs < 800 || d.delayMs > 1000) return t.fail(`delay ${d.delayMs} out of bounds`);
    }
    t.pass('200 seeded draws within bounds');
  });
  t.test('full jitter (1) may restart immediately; out-of-range randoms are clamped', async (t) => {
    const p = policy({ jitter: 1 });
    t.equal((decide(p, freshHistory(0), 1, () => 1) as { delayMs: number }).delayMs, 0);
    t.equal((decide(p, freshHistory(0), 1, () => -5) as { delayMs: number }).delayMs, 10);
  });
  t.test('gives up on the failure after maxRestarts within the window', async (t) => {
    const r = failAt(policy(), [100, 200, 300, 400]);
    t.same(r.delays, [10, 20, 40]);
    t.match(r.gaveUp, /3 restart\(s\) within 1000 ms reached maxRestarts=3/);
  });
  t.test('maxRestarts 0 never restarts', async (t) => {
    const d = decide(policy({ maxRestarts: 0 }), freshHistory(0), 5, noJitter);
    t.equal(d.kind, 'give-up');
  });
  t.test('slides the window: old restarts stop counting', async (t) => {
    // 3 restarts at 100..300, the next failure at 1250 sees only those after 250.
    const r = failAt(policy({ resetAfterMs: 100_000 }), [100, 200, 300, 1250, 1260]);
    t.equal(r.gaveUp, undefined);
    t.same(r.history.restarts, [300, 1250, 1260], 'history is pruned to the window');
  });
  t.test('resets the backoff after a stable run', async (t) => {
    const p = policy({ maxRestarts: 10, withinMs: 100_000, resetAfterMs: 500 });
    let h = freshHistory(0);
    const d1 = decide(p, h, 10, noJitter); // streak 0 → 10
    if (d1.kind !== 'restart') return t.fail();
    h = markStarted(d1.next, 20);
    const d2 = decide(p, h, 30, noJitter); // quick failure → 20
    if (d2.kind !== 'restart') return t.fail();
    h = markStarted(d2.next, 50);
    const d3 = decide(p, h, 50 + 500, noJitter); // ran 500 ms: stable → back to 10
    if (d3.kind !== 'restart') return t.fail();
    t.same([d1.delayMs, d2.delayMs, d3.delayMs], [10, 20, 10]);
    t.equal(d3.next.streak, 1);
  });
});
