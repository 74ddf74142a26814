import t from 'tap';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import type { ActorSystemMetrics } from '../actors/index.js';
import type { ClusterStatus } from '../master/index.js';
import { observeActorSystem } from './actor-metrics.js';
import { observeCluster } from './cluster-metrics.js';
import { setupTelemetry } from './telemetry.js';

/** A minimal OTLP/JSON sink on a free loopback port: records request paths and bodies. */
async function otlpSink(): Promise<{ url: string; bodies: { path: string; body: string }[]; stop(): Promise<void> }> {
  const bodies: { path: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, bodies, stop: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Whether a new span records, i.e. an SDK tracer provider is registered. */
const recording = (): boolean => {
  const span = trace.getTracer('probe').startSpan('probe');
  const result = span.isRecording();
  span.end();
  return result;
};

const metrics = (over: Partial<ActorSystemMetrics> = {}): ActorSystemMetrics => ({
  delivered: 0, deadLetters: 0, badMessages: 0, unknownTypes: 0, futureVersions: 0, mailboxFull: 0, restarts: 0,
  askTimeouts: 0, remoteSent: 0, remoteReceived: 0, actors: 0, pendingAsks: 0, watches: 0, ...over,
});

t.test('setupTelemetry', async (t) => {
  t.test('with nothing configured registers nothing: spans stay non-recording and nothing is propagated', async (t) => {
    const telemetry = await setupTelemetry({ serviceName: 'flint-node', nodeId: 'n1', env: {} });
    t.equal(telemetry.tracing, false);
    t.equal(telemetry.metrics, undefined);
    t.equal(recording(), false);
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    t.same(carrier, {});
    await telemetry.shutdown();
  });

  t.test('with an endpoint exports spans over OTLP/JSON with the resource, propagates W3C context, and unregisters on shutdown', async (t) => {
    const sink = await otlpSink();
    t.teardown(() => sink.stop());
    const telemetry = await setupTelemetry({ serviceName: 'flint-master', nodeId: 'm1', otlpEndpoint: sink.url, attributes: { 'flint.cluster': 'c1' }, env: {} });
    t.equal(telemetry.tracing, true);
    const span = trace.getTracer('test').startSpan('unit span');
    t.equal(span.isRecording(), true);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    t.match(carrier.traceparent, new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-01$`));
    // The context manager is AsyncLocalStorage: the active span survives an await.
    await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((r) => setImmediate(r));
      t.equal(trace.getActiveSpan(), span);
    });
    span.end();
    await telemetry.shutdown();

    t.equal(sink.bodies.length, 1, 'shutdown flushed the queued span');
    t.equal(sink.bodies[0].path, '/v1/traces');
    const body = JSON.parse(sink.bodies[0].body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; traceId: string }[] }[] }[] };
    const resource = Object.fromEntries(body.resourceSpans[0].resource.attributes.map((a) => [a.key, a.value.stringValue]));
    t.match(resource, { 'service.name': 'flint-master', 'flint.node.id': 'm1', 'flint.cluster': 'c1' });
    t.match(body.resourceSpans[0].scopeSpans[0].spans, [{ name: 'unit span', traceId: span.spanContext().traceId }]);
    t.notOk(Object.keys(resource).some((k) => k.startsWith('process.')), 'no process attributes (the command line can hold a password)');

    t.equal(recording(), false, 'after shutdown the API is a no-op again');
    await telemetry.shutdown();
  });

  t.test('can be set up again after a shutdown (one provider at a time per process)', async (t) => {
    const sink = await otlpSink();
    t.teardown(() => sink.stop());
    const telemetry = await setupTelemetry({ serviceName: 'flint-cli', nodeId: 'c1', env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } });
    t.equal(recording(), true);
    await telemetry.shutdown();
    t.match(sink.bodies, [{ path: '/v1/traces', body: /"flint-cli"/ }]);
  });

  t.test('shutdown returns within its deadline when the collector does not answer', async (t) => {
    const port = await freePort();
    const telemetry = await setupTelemetry({ serviceName: 'flint-cli', nodeId: 'c2', otlpEndpoint: `http://127.0.0.1:${port}`, env: {} });
    trace.getTracer('test').startSpan('lost').end();
    const started = Date.now();
    await telemetry.shutdown(300);
    t.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
  });

  t.test('serves actor-system counters on the Prometheus endpoint and closes it on shutdown', async (t) => {
    const port = await freePort();
    const telemetry = await setupTelemetry({ serviceName: 'flint-node', nodeId: 'n1', prometheus: { host: '127.0.0.1', port }, env: {} });
    t.equal(telemetry.tracing, false, 'metrics alone do not register a tracer');
    t.equal(telemetry.metrics?.url, `http://127.0.0.1:${port}/metrics`);
    let current = metrics({ delivered: 7, deadLetters: 2, restarts: 1, actors: 3 });
    observeActorSystem(telemetry.metrics!.meter, () => current);
    let text = await (await fetch(telemetry.metrics!.url)).text();
    t.match(text, /^# TYPE flint_actor_messages_delivered_total counter$/m);
    t.match(text, /^flint_actor_messages_delivered_total\{[^}]*\} 7$/m);
    t.match(text, /^flint_actor_dead_letters_total\{[^}]*\} 2$/m);
    t.match(text, /^flint_actor_restarts_total\{[^}]*\} 1$/m);
    for (const name of ['bad_messages', 'unknown_types', 'future_versions', 'mailbox_full']) t.match(text, new RegExp(`^flint_actor_${name}_total\\{[^}]*\\} 0$`, 'm'), name);
    t.match(text, /^# TYPE flint_actor_live_actors gauge$/m);
    t.match(text, /^target_info\{.*service_name="flint-node".*flint_node_id="n1"/m);
    current = metrics({ delivered: 9 });
    text = await (await fetch(telemetry.metrics!.url)).text();
    t.match(text, /^flint_actor_messages_delivered_total\{[^}]*\} 9$/m, 'read again at each scrape');
    t.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
    await telemetry.shutdown();
    await t.rejects(fetch(telemetry.metrics!.url), 'the endpoint is closed');
  });

  t.test('reports cluster gauges only while leading', async (t) => {
    const port = await freePort();
    const telemetry = await setupTelemetry({ serviceName: 'flint-master', nodeId: 'm1', prometheus: { host: '127.0.0.1', port }, env: {} });
    t.teardown(() => telemetry.shutdown());
    let leading = false;
    const node = (id: string, state: ClusterStatus['nodes'][number]['state']) => ({ id, host: 'h', cores: 1, memory: 1, state, lastHeartbeat: 0, joinedAt: 0, address: 'a' });
    observeCluster(telemetry.metrics!.meter, {
      isLeader: () => leading,
      status: async () => ({ leader: { id: 'm1', epoch: 1 }, nodes: [node('a', 'alive'), node('b', 'alive'), node('c', 'lost')], executors: [] } as ClusterStatus),
    });
    let text = await (await fetch(telemetry.metrics!.url)).text();
    t.match(text, /^flint_master_leader\{[^}]*\} 0$/m);
    t.notMatch(text, /^flint_cluster_nodes\{/m, 'a standby reports no node counts');
    leading = true;
    text = await (await fetch(telemetry.metrics!.url)).text();
    t.match(text, /^flint_master_leader\{[^}]*\} 1$/m);
    t.match(text, /^flint_cluster_nodes\{[^}]*state="alive"[^}]*\} 2$/m);
    t.match(text, /^flint_cluster_nodes\{[^}]*state="lost"[^}]*\} 1$/m);
    t.match(text, /^flint_cluster_nodes\{[^}]*state="suspected"[^}]*\} 0$/m);
    t.match(text, /^flint_cluster_nodes\{[^}]*state="left"[^}]*\} 0$/m);
  });

  t.test('refuses a taken port with CONFIG and a non-loopback host with INSECURE_BIND, starting nothing', async (t) => {
    const taken = createNetServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    t.teardown(() => new Promise<void>((r) => taken.close(() => r())));
    const port = (taken.address() as { port: number }).port;
    await t.rejects(setupTelemetry({ serviceName: 'flint-node', nodeId: 'n1', prometheus: { host: '127.0.0.1', port }, env: {} }), { code: 'CONFIG', message: /--metrics-port/ });
    await t.rejects(setupTelemetry({ serviceName: 'flint-node', nodeId: 'n1', otlpEndpoint: 'http://127.0.0.1:1', prometheus: { host: '0.0.0.0', port: 1 }, env: {} }), { code: 'INSECURE_BIND' });
    t.equal(recording(), false, 'no tracer was registered by the refused setup');
  });
});
