// End to end: OpenTelemetry across real processes. A Master and a node (`node runtime`) and
// `flint status` export spans to a test OTLP receiver; the CLI's ask and the Master's handling of it
// form one trace across the two processes. Each runtime serves Prometheus metrics on its own port.
// A node started with a password exports no secret in any span, resource or metric.
import t, { type Test } from 'tap';
import {
  freePort, runFlint, startFlintProcess, startNatsServer, startTestCluster, waitFor, type FlintProcess,
} from '../harness/index.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../harness/otlp-receiver.js';

// Children inherit this: their BatchSpanProcessor exports every 100 ms instead of every 5 s.
process.env.OTEL_BSP_SCHEDULE_DELAY = '100';

const TIMING = ['--heartbeat-interval', '200ms', '--heartbeat-timeout', '3s', '--lease-ttl', '2s'];
const SPAN_KIND = { server: 2, client: 3 } as const;

async function receiver(t: Test): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  t.teardown(() => r.stop());
  return r;
}

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

/** The value of the first sample of `name` whose labels match `labels`, or undefined. */
function sample(text: string, name: string, labels: RegExp = /.*/): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m && m[1] === name && labels.test(m[2] ?? '')) return Number(m[3]);
  }
  return undefined;
}

const service = (s: ReceivedSpan): unknown => s.resource['service.name'];

t.test('traces and metrics across a master, a node and flint status', async (t) => {
  const otlp = await receiver(t);
  const cluster = await startTestCluster({ masters: 0, nodes: 0 });
  t.teardown(() => cluster.stop());
  const [masterMetrics, nodeMetrics] = await Promise.all([freePort(), freePort()]);
  const common = ['--master', cluster.nats.url, '--otlp-endpoint', otlp.url, ...TIMING];
  const started: FlintProcess[] = [];
  t.teardown(() => Promise.all(started.map((p) => p.stop(2_000))));
  const master = startFlintProcess(['--role', 'master', '--redis', cluster.redis.url, '--node-id', 'm1', '--metrics-port', String(masterMetrics), ...common], { name: 'master m1' });
  const node = startFlintProcess(['--node-id', 'n1', '--cores', '2', '--memory', '1g', '--metrics-port', String(nodeMetrics), ...common], { name: 'node n1' });
  started.push(master, node);
  await cluster.waitForStatus('n1 alive', (s) => s.nodes.some((n) => n.id === 'n1' && n.state === 'alive'));

  t.test('the CLI\'s ask GetClusterStatus is the parent of the master\'s span in one trace', async (t) => {
    const run = await runFlint(['status', '--json', '--master', cluster.nats.url, '--timeout', '5s'], { env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url } });
    t.equal(run.code, 0, run.stderr);
    t.match(JSON.parse(run.stdout), { leader: { id: 'm1' } });
    const ask = await otlp.waitForSpan('the CLI\'s ask span', (s) => service(s) === 'flint-cli' && s.name === 'ask GetClusterStatus');
    t.equal(ask.kind, SPAN_KIND.client);
    t.equal(ask.parentSpanId, '', 'the CLI\'s ask is the root of the trace');
    const handled = await otlp.waitForSpan('the master\'s span for the CLI\'s ask', (s) => service(s) === 'flint-master' && s.traceId === ask.traceId);
    t.equal(handled.name, 'receive GetClusterStatus');
    t.equal(handled.kind, SPAN_KIND.server);
    t.equal(handled.parentSpanId, ask.spanId, 'the master\'s span is a child of the CLI\'s');
    t.match(handled.resource, { 'service.name': 'flint-master', 'flint.node.id': 'm1', 'flint.cluster': 'flint' });
    t.match(handled.attributes, { 'flint.actor.path': 'user/leader', 'flint.message.type': 'GetClusterStatus' });
    t.match(ask.resource, { 'service.name': 'flint-cli', 'flint.node.id': /^client/ });
  });

  t.test('the node\'s registration is traced from the node into the master', async (t) => {
    const received = await otlp.waitForSpan('the master\'s receive RegisterNode', (s) => service(s) === 'flint-master' && s.name === 'receive RegisterNode');
    const ask = await otlp.waitForSpan('the node\'s ask RegisterNode that caused it', (s) => s.spanId === received.parentSpanId);
    t.match(ask, { name: 'ask RegisterNode', traceId: received.traceId, resource: { 'service.name': 'flint-node', 'flint.node.id': 'n1' } });
  });

  t.test('a running node serves its actor counters on its metrics port', async (t) => {
    let text = '';
    await waitFor('flint_actor_messages_delivered_total > 0 on the node', async () => {
      text = await scrape(nodeMetrics);
      return (sample(text, 'flint_actor_messages_delivered_total') ?? 0) > 0;
    }, 10_000, 100);
    for (const name of ['dead_letters', 'bad_messages', 'unknown_types', 'future_versions', 'mailbox_full', 'restarts']) {
      t.type(sample(text, `flint_actor_${name}_total`), 'number', `flint_actor_${name}_total is exported`);
    }
    t.match(text, /^# TYPE flint_actor_messages_delivered_total counter$/m);
    t.match(text, /^target_info\{.*service_name="flint-node".*flint_node_id="n1"/m);
  });

  t.test('the leading master reports itself and the nodes by state', async (t) => {
    let text = '';
    await waitFor('flint_cluster_nodes{state="alive"} 1 on the master', async () => {
      text = await scrape(masterMetrics);
      return sample(text, 'flint_cluster_nodes', /state="alive"/) === 1;
    }, 10_000, 100);
    t.equal(sample(text, 'flint_master_leader'), 1);
    t.equal(sample(text, 'flint_cluster_nodes', /state="lost"/), 0);
  });

  t.test('SIGTERM flushes queued spans before the process exits', async (t) => {
    const nodeExit = await node.stop(10_000);
    t.equal(nodeExit.code, 0, 'the node exits 0 after leaving', { output: node.tail(5) });
    // No waiting: the receiver must already hold the span, exported during shutdown.
    t.ok(otlp.spans().some((s) => service(s) === 'flint-node' && s.name === 'ask NodeLeaving'), 'ask NodeLeaving was exported before exit');
    const masterExit = await master.stop(10_000);
    t.equal(masterExit.code, 0, 'the master exits 0', { output: master.tail(5) });
    // Everything the master traced is now exported. Its metric scrapes asked the leader for status
    // with tracing suppressed, so the only GetClusterStatus it traced is the CLI's.
    const masterSpans = otlp.spans().filter((s) => service(s) === 'flint-master');
    t.notOk(masterSpans.some((s) => s.name === 'ask GetClusterStatus'), 'a scrape starts no trace');
    const cliAsks = new Set(otlp.spans().filter((s) => service(s) === 'flint-cli').map((s) => s.spanId));
    t.ok(masterSpans.filter((s) => s.name === 'receive GetClusterStatus').every((s) => cliAsks.has(s.parentSpanId)), 'every traced status request came from the CLI');
  });
});

t.test('no secret reaches spans, resources or metrics', async (t) => {
  const PASSWORD = 'Flint-otel-pw-3f9d2c61';
  const OTLP_SECRET = 'Otlp-basic-7c1e94ab';
  const otlp = await receiver(t);
  const nats = await startNatsServer({ jetstream: false, config: `authorization { users = [ { user: alice, password: "${PASSWORD}" } ] }\n` });
  t.teardown(() => nats.stop());
  const metricsPort = await freePort();
  // A password flag for NATS, credentials inside the OTLP URL, and debug logging.
  const node = startFlintProcess([
    '--master', nats.url, '--user', 'alice', '--password', PASSWORD, '--node-id', 'secret-node',
    '--otlp-endpoint', `http://otel:${OTLP_SECRET}@127.0.0.1:${otlp.port}`, '--metrics-port', String(metricsPort),
    '--log-level', 'debug', ...TIMING,
  ], { name: 'node with secrets' });
  t.teardown(() => node.stop(2_000));
  await node.waitForLine(/"msg":"node started"/, 20_000);
  // With no master the agent keeps asking to register: each attempt is an exported span.
  await otlp.waitForSpan('a span from the node', (s) => s.resource['flint.node.id'] === 'secret-node');
  const metrics = await scrape(metricsPort);
  t.match(metrics, /flint_actor_messages_delivered_total/);

  for (const secret of [PASSWORD, OTLP_SECRET]) {
    t.notOk(otlp.spans().some((s) => JSON.stringify(s.attributes).includes(secret) || JSON.stringify(s.resource).includes(secret)), 'no span or resource attribute holds a secret');
    t.notOk(otlp.rawBodies().some((b) => b.includes(secret)), 'no exported body holds a secret');
    t.notOk(metrics.includes(secret), 'no metric or label holds a secret');
    t.notOk(node.lines().some((l) => l.includes(secret)), 'no log line holds a secret');
  }
  t.notOk(otlp.spans().some((s) => Object.keys(s.resource).some((k) => k.startsWith('process.'))), 'the command line is not exported');
});
