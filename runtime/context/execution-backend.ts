// Where a SparkContext's executors come from: worker threads of this process (local mode, no
// broker) or a Flint cluster's executors found through its Master over NATS (client mode).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ActorSystem, actorRef, type ActorRef } from '../actors/index.js';
import { startLocalCluster } from '../local/local-mode.js';
import { NatsTransport } from '../transport/nats-transport.js';
import { executorMemory } from '../blocks/block-config.js';
import { EXECUTOR_PATH } from '../executor/executor-actor.js';
import type { ExecutorMessage } from '../executor/task-protocol.js';
import { clusterExecutors, fixedExecutors, type ExecutorSource } from '../driver/index.js';
import type { Conf, Logger } from '../../common/index.js';
import type { MasterUrl } from './master-url.js';
import { clusterName, natsInsecure, natsTlsCa, natsTlsCert, natsTlsKey } from './context-config.js';

export interface ExecutionBackend {
  readonly system: ActorSystem;
  readonly executors: ExecutorSource;
  /** Executor cores in total when known up front (local mode); the default parallelism. */
  readonly localCores: number | undefined;
  stop(): Promise<void>;
}

export async function startBackend(master: MasterUrl, appId: string, conf: Conf, logger: Logger): Promise<ExecutionBackend> {
  return master.kind === 'local' ? startLocalBackend(master.executors, conf, logger) : startClusterBackend(master.url, appId, conf, logger);
}

async function startLocalBackend(count: number, conf: Conf, logger: Logger): Promise<ExecutionBackend> {
  const cluster = await startLocalCluster({
    executors: count,
    executorModule: localWorkerModule(),
    executorData: { cores: 1, memoryBytes: conf.get(executorMemory), conf: Object.fromEntries(conf.entries()) },
    logger,
  });
  const refs = cluster.executors.map((e) => actorRef<ExecutorMessage>(e.nodeId, EXECUTOR_PATH));
  const source = fixedExecutors(refs);
  let stopping = false;
  for (const e of cluster.executors) {
    // A worker thread that dies (a native crash, an out-of-memory) is a lost executor: its outputs are recomputed.
    e.worker.once('exit', (code) => {
      if (!stopping) source.remove(e.nodeId, { hostLost: true, reason: `executor thread exited with code ${code}` });
    });
  }
  return {
    system: cluster.system,
    executors: source,
    localCores: count,
    async stop() {
      stopping = true;
      await cluster.stop();
    },
  };
}

/**
 * The executor worker's entry: the compiled one beside this module in dist/. When this module runs
 * from TypeScript source (tests, tsx), the built worker is still preferred when it exists: a worker
 * thread compiling the whole runtime from TypeScript takes seconds, and nothing is shared with the
 * driver's modules anyway (the thread talks to it in messages).
 */
function localWorkerModule(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('../executor/local-executor-worker.js', import.meta.url);
  const built = new URL('../../dist/runtime/executor/local-executor-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL('../executor/local-executor-worker.ts', import.meta.url);
}

async function startClusterBackend(url: string, appId: string, conf: Conf, logger: Logger): Promise<ExecutionBackend> {
  const env = process.env;
  const ca = conf.get(natsTlsCa);
  const cert = conf.get(natsTlsCert);
  const key = conf.get(natsTlsKey);
  const transport = await NatsTransport.connect({
    servers: url,
    cluster: conf.get(clusterName),
    user: env.FLINT_NATS_USER,
    pass: env.FLINT_NATS_PASSWORD,
    token: env.FLINT_NATS_TOKEN,
    credsFile: env.FLINT_NATS_CREDS,
    tls: ca || cert || key ? { caFile: ca || undefined, certFile: cert || undefined, keyFile: key || undefined } : undefined,
    name: `flint-driver-${appId}`,
    insecure: conf.get(natsInsecure),
    logger,
  });
  const system = new ActorSystem({ nodeId: `driver-${appId}`, transport, logger });
  const executors = clusterExecutors({ system });
  return {
    system,
    executors,
    localCores: undefined,
    async stop() {
      await system.terminate();
      await transport.close();
    },
  };
}

export type { ActorRef };
