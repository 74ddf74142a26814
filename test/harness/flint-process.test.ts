import t from 'tap';
import { runFlint, startFlintProcess } from './flint-process.js';

t.test('flint-process', async (t) => {
  t.test('runFlint runs the built CLI to completion and collects its output', async (t) => {
    const r = await runFlint(['--help']);
    t.equal(r.code, 0);
    t.match(r.stdout, /usage: flint/);
  });

  t.test('startFlintProcess runs `node runtime`, finds lines and reports the exit', async (t) => {
    const p = startFlintProcess(['--cores', '0']);
    t.teardown(() => p.kill());
    t.match(await p.waitForLine(/--cores/), /flint: CONFIG/);
    t.same(await p.exited, { code: 1, signal: null });
  });

  t.test('waitForLine rejects when the process exits without the line', async (t) => {
    const p = startFlintProcess(['--bogus']);
    await t.rejects(p.waitForLine(/never printed/, 10_000), /exited \(code 1/);
  });

  t.test('runFlint kills a command that outlives its timeout', async (t) => {
    await t.rejects(runFlint(['status', '--master', 'nats://127.0.0.1:1', '--timeout', '30s'], { timeoutMs: 1 }), /still running after 1 ms/);
  });
});
