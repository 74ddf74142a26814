// An executor process, started and supervised by its node's ExecutorManager: an actor system on
// its own NATS connection hosting the executor runtime (executor actor, block manager, block socket).
// It exits when its node process goes away (so a node killed with SIGKILL leaves no orphan executors)
// and on SIGTERM.
import { parseArgs } from 'node:util';
import { EngineError, ErrorCode, createLogger, parseBytes } from '../common/index.js';
import { ActorSystem, actorRef } from '../runtime/actors/index.js';
import { NODE_AGENT_PATH } from '../runtime/cluster/cluster-protocol.js';
import { nodeAgentProtocol, type NodeAgentCommand } from '../runtime/node/node-agent.js';
import { startExecutorRuntime } from '../runtime/executor/executor-runtime.js';
import { checkBindSecurity } from '../runtime/transport/security.js';
import { NatsTransport } from '../runtime/transport/nats-transport.js';
import { exitWithError } from './exit-with-error.js';
import { natsConnectOptions } from './nats-options.js';

let stopping = false;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv, strict: true,
    options: {
      master: { type: 'string' }, cluster: { type: 'string' }, 'executor-id': { type: 'string' }, 'node-id': { type: 'string' },
      cores: { type: 'string' }, memory: { type: 'string' }, insecure: { type: 'boolean' }, 'log-level': { type: 'string' },
      'block-bind': { type: 'string' },
      'tls-ca': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
    },
  });
  const executorId = values['executor-id']!;
  const nodeId = values['node-id']!;
  const logger = createLogger({ level: values['log-level'] ?? process.env.FLINT_LOG_LEVEL ?? 'info', name: 'flint' }).child({ executor: executorId });
  const cores = Number(values.cores ?? '1');
  if (!Number.isInteger(cores) || cores < 1) throw new EngineError(ErrorCode.InvalidArgument, `--cores ${values.cores} is not a positive integer`);
  const memoryBytes = parseBytes(values.memory ?? '1g', '--memory');
  // Blocks travel unencrypted on the socket (HMAC-authenticated): a non-loopback bind needs --insecure.
  const bindAddress = values['block-bind'] ?? '127.0.0.1';
  checkBindSecurity({ host: bindAddress, hasCredentials: true, hasTls: false, insecure: values.insecure, what: 'block socket', logger });
  const env = process.env;
  const tls = values['tls-ca'] || values['tls-cert'] || values['tls-key']
    ? { caFile: values['tls-ca'], certFile: values['tls-cert'], keyFile: values['tls-key'] } : undefined;
  const transport = await NatsTransport.connect({
    ...natsConnectOptions(values.master!, {
      user: env.FLINT_NATS_USER, password: env.FLINT_NATS_PASSWORD, token: env.FLINT_NATS_TOKEN, credsFile: env.FLINT_NATS_CREDS, tls,
    }, { name: `flint-${executorId}`, insecure: values.insecure ?? false, logger }),
    cluster: values.cluster ?? 'flint',
  });
  const system = new ActorSystem({ nodeId: executorId, transport, logger });
  const runtime = await startExecutorRuntime({ system, executorId, nodeId, cores, memoryBytes, bindAddress, logger });
  logger.info({ nodeId, pid: process.pid }, 'executor started');
  void reportReady(system, executorId, nodeId, () => stopping);

  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'executor stopping');
    await runtime.stop().catch((err: unknown) => logger.warn({ err }, 'executor runtime did not stop cleanly'));
    await system.terminate();
    await transport.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // When the node dies, this process is re-parented: stop rather than run unsupervised.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) void stop('node process exited'); }, 500).unref();
}

/** Tells the node agent this executor listens; core NATS may lose a message, so ask until acknowledged. */
async function reportReady(system: ActorSystem, executorId: string, nodeId: string, stopping: () => boolean): Promise<void> {
  system.registerProtocol(nodeAgentProtocol);
  const agent = actorRef<NodeAgentCommand>(nodeId, NODE_AGENT_PATH);
  while (!stopping()) {
    try {
      await system.ask(agent, { kind: 'ExecutorReady', executorId, pid: process.pid }, { timeoutMs: 2000 });
      return;
    } catch (err) {
      system.log.debug({ err: (err as Error).message }, 'node agent did not acknowledge readiness; retrying');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

main(process.argv.slice(2)).catch(exitWithError);
