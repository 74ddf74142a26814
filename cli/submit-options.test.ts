import t from 'tap';
import { parseSubmitOptions } from './submit-options.js';

t.test('parseSubmitOptions', async (t) => {
  t.test('without --master runs the program locally on every core', async (t) => {
    const o = parseSubmitOptions(['jobs/word-count.ts'], {});
    t.same(o.target, { kind: 'local', master: 'local[*]' });
    t.equal(o.program, 'jobs/word-count.ts');
    t.equal(o.name, 'word-count', 'the name defaults to the file name');
    t.same(o.args, []);
    t.same(o.restartPolicy, { kind: 'never' });
    t.equal(o.cluster, 'flint');
  });

  t.test('takes local[N] as --master for local mode', async (t) => {
    t.same(parseSubmitOptions(['app.mjs', '--master', 'local[2]'], {}).target, { kind: 'local', master: 'local[2]' });
    t.throws(() => parseSubmitOptions(['app.mjs', '--master', 'local[0]'], {}), { code: 'CONFIG' });
  });

  t.test('defaults to client mode with a nats:// master', async (t) => {
    const o = parseSubmitOptions(['app.ts', '--master', 'nats://127.0.0.1:4222', '--name', 'wc', '--conf', 'spark.default.parallelism=8', '--conf', 'a.b=x=y'], {});
    t.same(o.target, { kind: 'cluster', url: 'nats://127.0.0.1:4222', deployMode: 'client' });
    t.equal(o.name, 'wc');
    t.same(o.conf, { 'spark.default.parallelism': '8', 'a.b': 'x=y' }, 'only the first = splits');
  });

  t.test('passes everything after -- to the program, flags included', async (t) => {
    const o = parseSubmitOptions(['app.ts', '--master', 'nats://h:1', '--', 'in.txt', '--verbose', '--'], {});
    t.same(o.args, ['in.txt', '--verbose', '--']);
  });

  t.test('reads cluster mode with its restart policy', async (t) => {
    const o = parseSubmitOptions([
      'app.ts', '--master', 'nats://h:1', '--deploy-mode', 'cluster', '--restart-policy', 'on-failure',
      '--max-retries', '3', '--retry-interval', '1s', '--wait', '--node', 'n2', '--timeout', '10',
    ], {});
    t.same(o.target, { kind: 'cluster', url: 'nats://h:1', deployMode: 'cluster' });
    t.same(o.restartPolicy, { kind: 'on-failure', maxRetries: 3, retryIntervalMs: 1000 });
    t.equal(o.wait, true);
    t.equal(o.node, 'n2');
    t.equal(o.timeoutMs, 10_000, 'a bare number of seconds');
  });

  t.test('moves credentials out of the master URL; flags and environment fill the rest', async (t) => {
    const o = parseSubmitOptions(['app.ts', '--master', 'nats://alice:s3cret@h:1'], {});
    t.same(o.target, { kind: 'cluster', url: 'nats://h:1', deployMode: 'client' });
    t.equal(o.auth.user, 'alice');
    t.equal(o.auth.password, 's3cret');
    const e = parseSubmitOptions(['app.ts', '--master', 'nats://h:1'], { FLINT_NATS_TOKEN: 'tok', FLINT_NATS_CREDS: '/c.creds' });
    t.equal(e.auth.token, 'tok');
    t.equal(e.auth.credsFile, '/c.creds');
  });

  t.test('refuses mistakes with a CONFIG error naming the flag', async (t) => {
    t.throws(() => parseSubmitOptions(['app.ts', '--bogus'], {}), { code: 'CONFIG', message: /--bogus/ });
    t.throws(() => parseSubmitOptions([], {}), { code: 'CONFIG', message: /missing the program/ });
    t.throws(() => parseSubmitOptions(['app.ts', 'extra'], {}), { code: 'CONFIG', message: /after --/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--deploy-mode', 'yarn', '--master', 'nats://h:1'], {}), { code: 'CONFIG', message: /--deploy-mode/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--deploy-mode', 'cluster'], {}), { code: 'CONFIG', message: /needs --master/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--master', 'http://h'], {}), { code: 'CONFIG', message: /--master/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--conf', 'novalue'], {}), { code: 'CONFIG', message: /KEY=VALUE/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--master', 'nats://h:1', '--deploy-mode', 'cluster', '--restart-policy', 'sometimes'], {}), { code: 'CONFIG', message: /--restart-policy/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--master', 'nats://h:1', '--deploy-mode', 'cluster', '--timeout', 'soon'], {}), { code: 'CONFIG', message: /--timeout/ });
  });

  t.test('keeps cluster-only flags out of client and local mode', async (t) => {
    t.throws(() => parseSubmitOptions(['app.ts', '--restart-policy', 'on-failure'], {}), { code: 'CONFIG', message: /--restart-policy applies to --deploy-mode cluster/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--master', 'nats://h:1', '--wait'], {}), { code: 'CONFIG', message: /--wait/ });
    t.throws(() => parseSubmitOptions(['app.ts', '--master', 'nats://h:1', '--node', 'n1'], {}), { code: 'CONFIG', message: /--node/ });
  });

  t.test('never puts a --conf value in an error message', async (t) => {
    const err = (() => { try { parseSubmitOptions(['app.ts', '--conf', '=hunter2'], {}); } catch (e) { return e as Error; } return undefined; })();
    t.match(err?.message, /KEY=VALUE/);
    t.notMatch(err?.message, /hunter2/);
  });
});
