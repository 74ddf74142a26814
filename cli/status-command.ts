// `flint status`: asks the elected Master for the cluster's leader, nodes and executors, and lists the
// applications submitted with `flint submit` from the cluster's KV bucket. With an OTLP endpoint (--otlp-endpoint or OTEL_EXPORTER_OTLP_ENDPOINT) the ask is traced and flushed before exit.
import { parseArgs } from 'node:util';
import { EngineError, ErrorCode, newId, parseDuration, silentLogger } from '../common/index.js';
import { ActorSystem } from '../runtime/actors/index.js';
import { masterProtocol, type ClusterStatus, type MasterRequest } from '../runtime/cluster/cluster-protocol.js';
import { masterRef } from '../runtime/cluster/node-service.js';
import { listApplications, type ApplicationRecord } from '../runtime/submit/index.js';
import { setupTelemetry, ServiceName } from '../runtime/telemetry/index.js';
import { NatsTransport } from '../runtime/transport/nats-transport.js';
import { natsConnectOptions } from './nats-options.js';

export const STATUS_USAGE = 'usage: flint status [--master nats://HOST:PORT] [--cluster NAME] [--json] [--timeout 5s] [--user U --password P | --token T | --creds FILE] [--tls-ca F] [--insecure] [--otlp-endpoint URL]';

export async function statusCommand(argv: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: {
        master: { type: 'string' }, cluster: { type: 'string' }, json: { type: 'boolean' }, timeout: { type: 'string' },
        user: { type: 'string' }, password: { type: 'string' }, token: { type: 'string' }, creds: { type: 'string' },
        'tls-ca': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, insecure: { type: 'boolean' }, 'otlp-endpoint': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new EngineError(ErrorCode.Config, `${(err as Error).message}\n${STATUS_USAGE}`);
  }
  const env = process.env;
  // A bare number is seconds, as in `--timeout 5`; otherwise the usual duration suffixes.
  const timeoutMs = values.timeout === undefined ? 5000 : parseDuration(/^\d+(\.\d+)?$/.test(values.timeout) ? `${values.timeout}s` : values.timeout, '--timeout');
  const tls = values['tls-ca'] || values['tls-cert'] || values['tls-key']
    ? { caFile: values['tls-ca'], certFile: values['tls-cert'], keyFile: values['tls-key'] } : undefined;
  const clientId = newId('client', 8);
  const telemetry = await setupTelemetry({ serviceName: ServiceName.cli, nodeId: clientId, otlpEndpoint: values['otlp-endpoint'] });
  const transport = await NatsTransport.connect({
    ...natsConnectOptions(values.master ?? env.FLINT_MASTER ?? 'nats://127.0.0.1:4222', {
      user: values.user ?? env.FLINT_NATS_USER, password: values.password ?? env.FLINT_NATS_PASSWORD,
      token: values.token ?? env.FLINT_NATS_TOKEN, credsFile: values.creds ?? env.FLINT_NATS_CREDS, tls,
    }, { name: 'flint-status', insecure: values.insecure ?? false }),
    cluster: values.cluster ?? 'flint',
    maxReconnectAttempts: 0,
  }).catch(async (err: unknown) => {
    await telemetry.shutdown();
    throw err;
  });
  const system = new ActorSystem({ nodeId: clientId, transport, logger: silentLogger() });
  system.registerProtocol(masterProtocol);
  try {
    const status = await system.ask<MasterRequest, ClusterStatus>(masterRef, { kind: 'GetClusterStatus' }, { timeoutMs })
      .catch((err: EngineError) => {
        if (err.code === ErrorCode.ActorNotFound || err.code === ErrorCode.AskTimeout) {
          throw new EngineError(ErrorCode.NotLeader, 'no master is leading this cluster (is `node runtime --role master` running?)', { cause: err });
        }
        throw err;
      });
    // Applications are read from JetStream, not the Master: a server without JetStream still shows the cluster.
    const applications = await listApplications(transport.connection, values.cluster ?? 'flint', { timeoutMs })
      .then((apps): ApplicationsView => ({ apps }), (err: Error): ApplicationsView => ({ error: err.message }));
    out.write(values.json
      ? `${JSON.stringify({ ...status, applications: applications.apps ?? null, ...(applications.error ? { applicationsError: applications.error } : {}) })}\n`
      : formatStatus(status, Date.now()) + formatApplications(applications));
  } finally {
    await system.terminate();
    await transport.close();
    await telemetry.shutdown();
  }
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** The human table: leader line, one row per node, executors. */
export function formatStatus(status: ClusterStatus, now: number): string {
  const lines: string[] = [];
  lines.push(`leader: ${status.leader ? `${status.leader.id} (epoch ${status.leader.epoch})` : 'none'}`);
  const rows = status.nodes.map((n) => [n.id, n.host, String(n.cores), gib(n.memory), n.state, `${((now - n.lastHeartbeat) / 1000).toFixed(1)} s ago`]);
  const header = ['NODE', 'HOST', 'CORES', 'MEMORY', 'STATE', 'LAST HEARTBEAT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  lines.push(fmt(header), ...rows.map(fmt));
  lines.push(`executors: ${status.executors.length === 0 ? 'none' : ''}`.trimEnd());
  for (const e of status.executors) lines.push(`  ${e.id} on ${e.nodeId}: ${e.cores} cores, ${gib(e.memory)}`);
  return `${lines.join('\n')}\n`;
}

/** The applications of the cluster, or why they could not be read. */
export interface ApplicationsView {
  readonly apps?: readonly ApplicationRecord[];
  readonly error?: string;
}

/** One row per application: id, name, deploy mode, state, attempts, node. */
export function formatApplications(view: ApplicationsView): string {
  if (view.apps === undefined) return `applications: unavailable (${view.error ?? 'unknown error'})\n`;
  if (view.apps.length === 0) return 'applications: none\n';
  const header = ['APPLICATION', 'NAME', 'MODE', 'STATE', 'ATTEMPTS', 'NODE'];
  const rows = view.apps.map((a) => [a.appId, a.name, a.deployMode, a.state, String(a.attempts), a.node ?? '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return `applications:\n${[header, ...rows].map((r) => `  ${fmt(r)}`).join('\n')}\n`;
}
