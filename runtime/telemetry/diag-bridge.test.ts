import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from '../../common/index.js';
import { diagBridge } from './diag-bridge.js';

function capture(): { lines: Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

t.test('diagBridge', async (t) => {
  t.test('writes warnings and errors with credentials stripped from URLs', async (t) => {
    const { lines, logger } = capture();
    const diag = diagBridge(logger);
    diag.error('export failed', new Error('connect ECONNREFUSED http://otel:hunter2@127.0.0.1:4318/v1/traces'));
    diag.info('ignored');
    t.equal(lines.length, 1);
    t.match(lines[0], { level: 50, component: 'otel', msg: /export failed connect ECONNREFUSED http:\/\/otel:.*@127\.0\.0\.1/ });
    t.notMatch(JSON.stringify(lines), /hunter2/);
  });
  t.test('limits repeats to five lines a minute and reports how many were suppressed', async (t) => {
    const { lines, logger } = capture();
    let now = 1_000_000;
    const diag = diagBridge(logger, () => now);
    for (let i = 0; i < 20; i++) diag.warn(`failure ${i}`);
    t.equal(lines.length, 5);
    now += 60_000;
    diag.warn('later');
    t.match(lines.slice(5), [{ suppressed: 15 }, { msg: 'later' }]);
  });
});
