import t from 'tap';
import { Conf, config, parseBytes, parseDuration } from './config.js';
import { EngineError } from './errors.js';
import { redactUrlCredentials, REDACTED } from './redact.js';

const retries = config.int('test.flint.retries', 4, 'retries for the test');
const timeout = config.duration('test.flint.timeout', 5000, 'a timeout');

t.test('Conf', async (t) => {
  t.test('reads typed values with defaults', async (t) => {
    const conf = new Conf([['test.flint.timeout', '10s']]);
    t.equal(conf.get(retries), 4);
    t.equal(conf.get(timeout), 10_000);
  });
  t.test('names the key in a parse error', async (t) => {
    const conf = new Conf([['test.flint.retries', 'many']]);
    t.throws(() => conf.get(retries), { code: 'CONFIG', message: /test\.flint\.retries=many/ });
    t.throws(() => conf.get(retries), EngineError);
  });
  t.test('masks secrets when shown', async (t) => {
    const conf = new Conf([['spark.hadoop.fs.s3a.secret.key', 'hunter2'], ['spark.app.name', 'x']]);
    t.same(conf.redacted(), { 'spark.hadoop.fs.s3a.secret.key': REDACTED, 'spark.app.name': 'x' });
  });
});

t.test('parsers', async (t) => {
  t.equal(parseDuration('500ms'), 500);
  t.equal(parseDuration('2m'), 120_000);
  t.equal(parseBytes('4g'), 4 * 1024 ** 3);
  t.equal(parseBytes('512m'), 512 * 1024 ** 2);
  t.equal(parseBytes('1024'), 1024);
  t.throws(() => parseBytes('lots'));
});

t.test('redactUrlCredentials removes passwords from URLs', async (t) => {
  t.equal(redactUrlCredentials('connect nats://alice:s3cret@127.0.0.1:4222 now'), `connect nats://alice:${REDACTED}@127.0.0.1:4222 now`);
  t.equal(redactUrlCredentials('nats://tok@h:1'), `nats://${REDACTED}@h:1`);
  t.equal(redactUrlCredentials('nats://127.0.0.1:4222'), 'nats://127.0.0.1:4222');
});
