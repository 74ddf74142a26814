// Local mode: every actor in one process, no broker. The driver's actor system sits on an
// in-process hub; each executor is a worker thread whose own hub is linked to it over the
// worker's MessagePort, so refs work across threads exactly as they do across machines.
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { EngineError, ErrorCode, silentLogger, type Logger } from '../../common/index.js';
import { ActorSystem } from '../actors/index.js';
import { InProcessHub, InProcessTransport } from '../transport/in-process-transport.js';
import { linkHubToPort, type HubLink } from '../transport/worker-bridge.js';

export interface LocalExecutor {
  readonly nodeId: string;
  readonly worker: Worker;
  readonly link: HubLink;
}

export interface LocalCluster {
  readonly system: ActorSystem;
  readonly executors: readonly LocalExecutor[];
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  /** Worker threads to start (default: the machine's cores). */
  readonly executors?: number;
  /** Module each worker runs; it calls `joinLocalCluster()` and spawns its actors. */
  readonly executorModule: URL;
  /** Extra data handed to every worker (plain, structured-cloneable). */
  readonly executorData?: unknown;
  readonly logger?: Logger;
  /** How long a worker may take to report ready. */
  readonly startTimeoutMs?: number;
}

interface ExecutorWorkerData { readonly nodeId: string; readonly data: unknown }
const READY = 'flint-executor-ready';
/** A worker that must clean up before it is terminated says so; stop() then asks it and waits. */
const STOPPABLE = 'flint-executor-stoppable';
const STOP = 'flint-executor-stop';
const STOPPED = 'flint-executor-stopped';
const STOP_GRACE_MS = 10_000;

/** Starts the driver system and `executors` worker threads, resolving once every worker is ready. */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const hub = new InProcessHub();
  const transport = new InProcessTransport(hub);
  const system = new ActorSystem({ nodeId: 'driver', transport, logger: options.logger ?? silentLogger() });
  const count = options.executors ?? availableParallelism();
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const stoppable = new Set<Worker>();
  const executors = await Promise.all(Array.from({ length: count }, async (_, i) => {
    const nodeId = `executor-${i}`;
    const worker = new Worker(options.executorModule, { workerData: { nodeId, data: options.executorData } satisfies ExecutorWorkerData });
    const link = linkHubToPort(hub, worker);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new EngineError(ErrorCode.Internal, `executor ${nodeId} did not start within ${timeoutMs} ms`)), timeoutMs);
      worker.on('message', (m: unknown) => {
        if (m === STOPPABLE) stoppable.add(worker);
        if (m === READY) { clearTimeout(timer); resolve(); }
      });
      worker.once('error', (err) => { clearTimeout(timer); reject(err); });
      worker.once('exit', (code) => { clearTimeout(timer); reject(new EngineError(ErrorCode.Internal, `executor ${nodeId} exited with code ${code} while starting`)); });
    });
    return { nodeId, worker, link };
  }));
  return {
    system,
    executors,
    async stop() {
      await Promise.all(executors.filter((e) => stoppable.has(e.worker)).map((e) => askToStop(e.worker)));
      await system.terminate();
      for (const e of executors) e.link.close();
      await Promise.all(executors.map((e) => e.worker.terminate()));
      await transport.close();
    },
  };
}

/** Posts STOP and waits for STOPPED (or the worker's exit, or the grace time). */
function askToStop(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', done);
      resolve();
    };
    const onMessage = (m: unknown): void => { if (m === STOPPED) done(); };
    const timer = setTimeout(done, STOP_GRACE_MS);
    worker.on('message', onMessage);
    worker.once('exit', done);
    worker.postMessage(STOP);
  });
}

/**
 * Inside an executor worker: its actor system on a hub linked to the driver's. Call `ready()` after
 * spawning actors; `onStop(fn)` makes the cluster's stop() run `fn` in the worker before terminating it.
 */
export function joinLocalCluster(logger: Logger = silentLogger()): {
  system: ActorSystem; data: unknown; ready(): void; onStop(cleanup: () => Promise<void>): void;
} {
  if (!parentPort) throw new EngineError(ErrorCode.Internal, 'joinLocalCluster() must run inside an executor worker thread');
  const port = parentPort;
  const { nodeId, data } = workerData as ExecutorWorkerData;
  const hub = new InProcessHub();
  linkHubToPort(hub, port);
  const system = new ActorSystem({ nodeId, transport: new InProcessTransport(hub), logger });
  let cleanup: (() => Promise<void>) | undefined;
  port.on('message', (m: unknown) => {
    if (m !== STOP) return;
    void (cleanup?.() ?? Promise.resolve()).catch((err: unknown) => logger.warn({ err }, 'executor cleanup failed'))
      .finally(() => port.postMessage(STOPPED));
  });
  return {
    system, data,
    ready: () => port.postMessage(READY),
    onStop: (fn) => {
      if (!cleanup) port.postMessage(STOPPABLE);
      cleanup = fn;
    },
  };
}
