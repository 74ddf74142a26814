// `node runtime`: starts this machine's node (NodeAgent, heartbeats) and/or a Master candidate,
// connected to the cluster's NATS server. SIGTERM/SIGINT leave the cluster gracefully (and flush
// queued spans). Telemetry (OTLP traces, Prometheus metrics) starts only when configured.
import { createLogger, newId } from '../common/index.js';
import { exitWithError } from './exit-with-error.js';
import { startMasterService, type MasterService } from '../runtime/cluster/master-service.js';
import { startNodeService, type NodeService } from '../runtime/cluster/node-service.js';
import { createRedisClient, JetStreamEpochStore } from '../runtime/master/index.js';
import { detectResources } from '../runtime/node/resources.js';
import { ExecutorManager } from '../runtime/node/executor-manager.js';
import { fileURLToPath } from 'node:url';
import { observeRuntime, setupTelemetry, ServiceName } from '../runtime/telemetry/index.js';
import { NatsTransport } from '../runtime/transport/nats-transport.js';
import { natsConnectOptions } from './nats-options.js';
import { parseRuntimeOptions, RUNTIME_USAGE, type RuntimeOptions } from './runtime-options.js';
import { hostDriverLauncher } from './submit-driver-host.js';

export async function runNodeRuntime(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${RUNTIME_USAGE}\n`);
    return;
  }
  const opts = parseRuntimeOptions(argv);
  const logger = createLogger({ level: opts.logLevel, name: 'flint' });
  const nodeId = opts.nodeId ?? newId(opts.role === 'master' ? 'master' : 'node', 8);
  const telemetry = await setupTelemetry({
    serviceName: opts.role === 'master' ? ServiceName.master : ServiceName.node, nodeId,
    otlpEndpoint: opts.otlpEndpoint, prometheus: opts.metrics, insecure: opts.insecure, logger,
    attributes: { 'flint.cluster': opts.cluster, 'flint.node.role': opts.role },
  });
  const transport = await NatsTransport.connect({
    ...natsConnectOptions(opts.master, opts.auth, { name: `flint-${nodeId}`, insecure: opts.insecure, logger }),
    cluster: opts.cluster,
  });
  transport.onStatus((s) => {
    if (s.kind === 'disconnected') logger.warn('lost the connection to NATS; reconnecting');
    else if (s.kind === 'reconnected') logger.info('reconnected to NATS');
  });

  let node: NodeService | undefined;
  let master: MasterService | undefined;
  let redis: ReturnType<typeof createRedisClient> | undefined;
  let executors: ExecutorManager | undefined;
  let runtimeMetrics: { stop(): Promise<void> } | undefined;
  let stopping = false;

  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'leaving the cluster');
    await executors?.stopAll();
    await node?.leave();
    await master?.stop();
    await redis?.quit().catch(() => undefined);
    await runtimeMetrics?.stop();
    await transport.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (opts.role !== 'node') {
    const candidateId = opts.role === 'both' ? `${nodeId}-master` : nodeId;
    redis = createRedisClient(opts.redis!, { logger });
    const epochs = await JetStreamEpochStore.open(transport.connection, opts.cluster, candidateId);
    master = startMasterService({
      candidateId, cluster: opts.cluster, transport, redis, epochs, logger,
      heartbeatIntervalMs: opts.heartbeatIntervalMs, heartbeatTimeoutMs: opts.heartbeatTimeoutMs, leaseTtlMs: opts.leaseTtlMs,
      // Executors the autoscaler launches get this node runtime's --executor-cores / --executor-memory.
      autoscalerExecutor: { cores: opts.executorCores, memoryBytes: opts.executorMemoryBytes },
    });
    logger.info({ candidateId, cluster: opts.cluster }, 'master candidate started');
  }
  if (opts.role !== 'master') {
    const resources = detectResources({ cores: opts.cores, memory: opts.memoryBytes });
    executors = new ExecutorManager({ nodeId, logger, ...executorCommand(opts) });
    const manager = executors;
    node = startNodeService({
      nodeId, transport, resources, heartbeatIntervalMs: opts.heartbeatIntervalMs, logger,
      executors: () => manager.running(),
      onExecutorReady: (id, pid) => manager.markReady(id, pid),
      launchExecutors: (count, spec) => Array.from({ length: count }, () => manager.launch({ ...spec, launchedBy: 'autoscaler' })),
      stopExecutor: (id) => manager.stop(id),
      onShutdown: (reason) => { logger.warn({ reason }, 'shutdown ordered by the master'); void shutdown('master'); },
    });
    logger.info({ nodeId, cluster: opts.cluster, cores: resources.cores, memoryBytes: resources.memoryBytes }, 'node started');
    hostDriverLauncher(node.system, transport, opts, nodeId, logger);
    for (let i = 0; i < opts.executors; i++) manager.launch({ cores: opts.executorCores, memoryBytes: opts.executorMemoryBytes });
  }
  if (telemetry.metrics) {
    runtimeMetrics = observeRuntime({
      meter: telemetry.metrics.meter, transport, logger, clientId: `${nodeId}-metrics`,
      nodeSystem: node ? () => node?.system : undefined, master,
    });
  }
}

/** How this node starts an executor process: credentials go in the environment, never in argv. */
function executorCommand(opts: RuntimeOptions): { command: string; entryArgs: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {};
  let master = opts.master;
  try {
    const url = new URL(opts.master);
    if (url.username && url.password) { env.FLINT_NATS_USER = decodeURIComponent(url.username); env.FLINT_NATS_PASSWORD = decodeURIComponent(url.password); }
    else if (url.username) env.FLINT_NATS_TOKEN = decodeURIComponent(url.username);
    url.username = '';
    url.password = '';
    master = url.toString().replace(/\/$/, '');
  } catch {
    // parseRuntimeOptions already validated the URL's scheme; keep it as given.
  }
  const { user, password, token, credsFile, tls } = opts.auth;
  if (user) env.FLINT_NATS_USER = user;
  if (password) env.FLINT_NATS_PASSWORD = password;
  if (token) env.FLINT_NATS_TOKEN = token;
  if (credsFile) env.FLINT_NATS_CREDS = credsFile;
  const entryArgs = [fileURLToPath(new URL('./executor-main.js', import.meta.url)), '--master', master, '--cluster', opts.cluster, '--log-level', opts.logLevel];
  if (tls?.caFile) entryArgs.push('--tls-ca', tls.caFile);
  if (tls?.certFile) entryArgs.push('--tls-cert', tls.certFile);
  if (tls?.keyFile) entryArgs.push('--tls-key', tls.keyFile);
  if (opts.insecure) entryArgs.push('--insecure');
  return { command: process.execPath, entryArgs, env };
}

const invokedDirectly = process.argv[1] !== undefined && /node-runtime\.js$|[\\/]runtime[\\/]?$/.test(process.argv[1]);
if (invokedDirectly) runNodeRuntime(process.argv.slice(2)).catch(exitWithError);
