// `node runtime`: starts this machine's node (NodeAgent, heartbeats) and/or a Master candidate,
// connected to the cluster's NATS server. SIGTERM/SIGINT leave the cluster gracefully.
import { createLogger, EngineError, newId } from '../common/index.js';
import { startMasterService, type MasterService } from '../runtime/cluster/master-service.js';
import { startNodeService, type NodeService } from '../runtime/cluster/node-service.js';
import { createRedisClient, JetStreamEpochStore } from '../runtime/master/index.js';
import { detectResources } from '../runtime/node/resources.js';
import { NatsTransport } from '../runtime/transport/nats-transport.js';
import { natsConnectOptions } from './nats-options.js';
import { parseRuntimeOptions, RUNTIME_USAGE } from './runtime-options.js';

export async function runNodeRuntime(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${RUNTIME_USAGE}\n`);
    return;
  }
  const opts = parseRuntimeOptions(argv);
  const logger = createLogger({ level: opts.logLevel, name: 'flint' });
  const nodeId = opts.nodeId ?? newId(opts.role === 'master' ? 'master' : 'node', 8);
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
  let stopping = false;

  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'leaving the cluster');
    await node?.leave();
    await master?.stop();
    await redis?.quit().catch(() => undefined);
    await transport.close();
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
    });
    logger.info({ candidateId, cluster: opts.cluster }, 'master candidate started');
  }
  if (opts.role !== 'master') {
    const resources = detectResources({ cores: opts.cores, memory: opts.memoryBytes });
    node = startNodeService({
      nodeId, transport, resources, heartbeatIntervalMs: opts.heartbeatIntervalMs, logger,
      onShutdown: (reason) => { logger.warn({ reason }, 'shutdown ordered by the master'); void shutdown('master'); },
    });
    logger.info({ nodeId, cluster: opts.cluster, cores: resources.cores, memoryBytes: resources.memoryBytes }, 'node started');
  }
}

/** Prints a start-up failure the way a person can act on it, and exits non-zero. */
export function exitWithError(err: unknown): never {
  const message = err instanceof EngineError ? `${err.code}: ${err.message}` : (err as Error)?.stack ?? String(err);
  process.stderr.write(`flint: ${message}\n`);
  process.exit(1);
}

const invokedDirectly = process.argv[1] !== undefined && /node-runtime\.js$|[\\/]runtime[\\/]?$/.test(process.argv[1]);
if (invokedDirectly) runNodeRuntime(process.argv.slice(2)).catch(exitWithError);
