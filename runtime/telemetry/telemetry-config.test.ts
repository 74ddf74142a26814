import t from 'tap';
import { checkMetricsBind, resolveTracesUrl } from './telemetry-config.js';

t.test('resolveTracesUrl', async (t) => {
  t.test('is undefined when nothing is configured (no SDK)', async (t) => {
    t.equal(resolveTracesUrl(undefined, {}), undefined);
    t.equal(resolveTracesUrl('', {}), undefined);
  });
  t.test('appends /v1/traces to a base endpoint from the flag or OTEL_EXPORTER_OTLP_ENDPOINT', async (t) => {
    t.equal(resolveTracesUrl('http://127.0.0.1:4318', {}), 'http://127.0.0.1:4318/v1/traces');
    t.equal(resolveTracesUrl('http://collector:4318/prefix/', {}), 'http://collector:4318/prefix/v1/traces');
    t.equal(resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example:4318' }), 'https://otel.example:4318/v1/traces');
  });
  t.test('keeps a URL that already names /v1/traces, and the traces-specific variable as given', async (t) => {
    t.equal(resolveTracesUrl('http://h:4318/v1/traces', {}), 'http://h:4318/v1/traces');
    t.equal(resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://h:9999/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318' }), 'http://h:9999/custom');
  });
  t.test('the flag wins over the environment, and OTEL_SDK_DISABLED / OTEL_TRACES_EXPORTER=none turn the environment off', async (t) => {
    t.equal(resolveTracesUrl('http://flag:4318', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }), 'http://flag:4318/v1/traces');
    t.equal(resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_SDK_DISABLED: 'true' }), undefined);
    t.equal(resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_TRACES_EXPORTER: 'none' }), undefined);
  });
  t.test('refuses a non-HTTP URL with CONFIG naming the source, without echoing credentials', async (t) => {
    t.throws(() => resolveTracesUrl('grpc://h:4317', {}), { code: 'CONFIG', message: /--otlp-endpoint/ });
    t.throws(() => resolveTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }), { code: 'CONFIG', message: /OTEL_EXPORTER_OTLP_ENDPOINT/ });
    let message = '';
    try {
      resolveTracesUrl('ftp://otel:hunter2@h:4318', {});
    } catch (err) {
      message = (err as Error).message;
    }
    t.match(message, /--otlp-endpoint/);
    t.notMatch(message, /hunter2/);
  });
});

t.test('checkMetricsBind', async (t) => {
  t.test('allows loopback hosts', async (t) => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) t.equal(checkMetricsBind(host, false), 'loopback', host);
  });
  t.test('refuses a non-loopback host with INSECURE_BIND unless --insecure, then warns', async (t) => {
    t.throws(() => checkMetricsBind('0.0.0.0', false), { code: 'INSECURE_BIND', message: /--insecure/ });
    const warnings: string[] = [];
    const logger = { warn: (_fields: unknown, msg: string) => { warnings.push(msg); } } as unknown as Parameters<typeof checkMetricsBind>[2];
    t.equal(checkMetricsBind('10.1.2.3', true, logger), 'insecure-allowed');
    t.match(warnings, [/non-loopback 10\.1\.2\.3.*--insecure/]);
  });
});
