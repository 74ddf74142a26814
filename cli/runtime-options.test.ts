import t from 'tap';
import { parseRuntimeOptions } from './runtime-options.js';

t.test('parseRuntimeOptions', async (t) => {
  t.test('defaults to a node on the local broker with a 5 s heartbeat timeout', async (t) => {
    const o = parseRuntimeOptions([], {});
    t.equal(o.role, 'node');
    t.equal(o.master, 'nats://127.0.0.1:4222');
    t.equal(o.heartbeatTimeoutMs, 5000);
    t.equal(o.insecure, false);
  });
  t.test('reads cores, memory and durations', async (t) => {
    const o = parseRuntimeOptions(['--master', 'nats://127.0.0.1:5000', '--cores', '4', '--memory', '8g', '--heartbeat-interval', '200ms', '--heartbeat-timeout', '2s'], {});
    t.equal(o.cores, 4);
    t.equal(o.memoryBytes, 8 * 1024 ** 3);
    t.equal(o.heartbeatIntervalMs, 200);
    t.equal(o.heartbeatTimeoutMs, 2000);
  });
  t.test('refuses bad values naming the flag', async (t) => {
    t.throws(() => parseRuntimeOptions(['--cores', '0'], {}), { code: 'CONFIG', message: /--cores/ });
    t.throws(() => parseRuntimeOptions(['--memory', 'lots'], {}), { code: 'CONFIG', message: /--memory/ });
    t.throws(() => parseRuntimeOptions(['--master', 'http://x'], {}), { code: 'CONFIG', message: /--master/ });
    t.throws(() => parseRuntimeOptions(['--bogus'], {}), { code: 'CONFIG' });
  });
  t.test('a master needs redis', async (t) => {
    t.throws(() => parseRuntimeOptions(['--role', 'master'], {}), { code: 'CONFIG', message: /--redis/ });
    t.equal(parseRuntimeOptions(['--role', 'master', '--redis', 'redis://127.0.0.1:1'], {}).redis, 'redis://127.0.0.1:1');
  });
  t.test('takes secrets from the environment', async (t) => {
    const o = parseRuntimeOptions([], { FLINT_NATS_USER: 'node', FLINT_NATS_PASSWORD: 'pw' });
    t.same(o.auth, { user: 'node', password: 'pw', token: undefined, credsFile: undefined, tls: undefined });
  });
  t.test('a password in a bad --master URL is not echoed', async (t) => {
    let message = '';
    try {
      parseRuntimeOptions(['--master', 'http://alice:hunter2@x'], {});
    } catch (err) {
      message = (err as Error).message;
    }
    t.match(message, /--master/);
    t.notMatch(message, /hunter2/);
  });
  t.test('reads executor flags', async (t) => {
    const o = parseRuntimeOptions(['--executors', '3', '--executor-cores', '2', '--executor-memory', '2g'], {});
    t.equal(o.executors, 3);
    t.equal(o.executorCores, 2);
    t.equal(o.executorMemoryBytes, 2 * 1024 ** 3);
    t.equal(parseRuntimeOptions([], {}).executors, 0);
    t.throws(() => parseRuntimeOptions(['--executors', 'two'], {}), { code: 'CONFIG', message: /--executors/ });
    t.throws(() => parseRuntimeOptions(['--role', 'master', '--redis', 'redis://x:1', '--executors', '1'], {}), { code: 'CONFIG', message: /--executors/ });
  });
  t.test('telemetry is off by default; --otlp-endpoint and --metrics-port turn it on, metrics on loopback', async (t) => {
    const off = parseRuntimeOptions([], {});
    t.equal(off.otlpEndpoint, undefined);
    t.equal(off.metrics, undefined);
    const on = parseRuntimeOptions(['--otlp-endpoint', 'http://127.0.0.1:4318', '--metrics-port', '9464'], {});
    t.equal(on.otlpEndpoint, 'http://127.0.0.1:4318');
    t.same(on.metrics, { host: '127.0.0.1', port: 9464 });
    t.same(parseRuntimeOptions(['--metrics-port', '9464', '--metrics-host', '::1'], {}).metrics, { host: '::1', port: 9464 });
  });
  t.test('refuses bad telemetry flags naming the flag, without echoing URL credentials', async (t) => {
    t.throws(() => parseRuntimeOptions(['--metrics-port', '0'], {}), { code: 'CONFIG', message: /--metrics-port/ });
    t.throws(() => parseRuntimeOptions(['--metrics-port', '70000'], {}), { code: 'CONFIG', message: /--metrics-port/ });
    t.throws(() => parseRuntimeOptions(['--metrics-host', '127.0.0.1'], {}), { code: 'CONFIG', message: /--metrics-host needs --metrics-port/ });
    let message = '';
    try {
      parseRuntimeOptions(['--otlp-endpoint', 'grpc://otel:hunter2@collector:4317'], {});
    } catch (err) {
      message = (err as Error).message;
    }
    t.match(message, /--otlp-endpoint/);
    t.notMatch(message, /hunter2/);
  });
});
