// Starts everything one executor process runs on its actor system: one BlockManager (unified memory
// from the executor's budget, spills under spark.local.dir), a block socket with a random per-process
// secret serving `<appId>/<block>` names, and the executor actor at `user/executor`.
import { randomBytes } from 'node:crypto';
import { Conf, EngineError, ErrorCode, type Logger } from '../../common/index.js';
import type { ActorRef, ActorSystem } from '../actors/index.js';
import {
  blockManagerPort, fetchMaxRetries, fetchRetryWait, localDir, memoryFraction, reservedMemory, storageFraction, blockManagerBindAddress,
} from '../blocks/block-config.js';
import { BlockManager } from '../blocks/block-manager.js';
import type { BlockManagerId } from '../blocks/block-status.js';
import { DiskStore } from '../blocks/disk-store.js';
import { SocketBlockTransfer } from '../blocks/socket-block-transfer.js';
import { UnifiedMemoryManager, memoryLimits } from '../blocks/unified-memory-manager.js';
import { AppBlockStore } from './app-block-store.js';
import { EXECUTOR_ACTOR_NAME, executorProps, type ExecutorIdentity } from './executor-actor.js';
import { ExecutorBackend } from './executor-backend.js';
import { driverAskTimeout, shuffleBlocksInFlight } from './executor-config.js';
import { MapOutputCache } from './map-output-cache.js';
import { PeerBlockFetcher } from './peer-block-fetcher.js';
import { driverProtocol, type DriverMessage, type ExecutorMessage, type ExecutorRegistration, type MapOutputsReply } from './task-protocol.js';

export interface ExecutorRuntimeOptions {
  readonly system: ActorSystem;
  readonly executorId: string;
  /** Flint node id (the scheduler's host); in local mode the executor's own id. */
  readonly nodeId: string;
  readonly cores: number;
  /** The executor's memory budget (spark.executor.memory); the unified region is sized from it. */
  readonly memoryBytes: number;
  readonly conf?: Conf;
  /** Address the block socket binds to (default flint.blockManager.bindAddress, 127.0.0.1). */
  readonly bindAddress?: string;
  /** Spill directories (default spark.local.dir, comma-separated). */
  readonly localDirs?: readonly string[];
  readonly logger: Logger;
}

export interface ExecutorRuntime {
  readonly ref: ActorRef<ExecutorMessage>;
  readonly identity: ExecutorIdentity;
  /** The executor's block manager (its memory and disk use, for status and tests of spilling). */
  readonly blockManager: BlockManager;
  /** What RegisterApplication answers. */
  registration(): ExecutorRegistration;
  /** Kills running tasks, stops the actor, closes the block socket and removes spilled blocks. */
  stop(): Promise<void>;
}

export async function startExecutorRuntime(opts: ExecutorRuntimeOptions): Promise<ExecutorRuntime> {
  const conf = opts.conf ?? new Conf();
  const log = opts.logger.child({ executor: opts.executorId });
  if (!(opts.cores > 0) || !(opts.memoryBytes > 0)) {
    throw new EngineError(ErrorCode.InvalidArgument, `executor ${opts.executorId} needs cores and memory (got ${opts.cores} cores, ${opts.memoryBytes} bytes)`);
  }
  const disk = await DiskStore.create({ localDirs: opts.localDirs ?? conf.get(localDir).split(',').map((d) => d.trim()).filter(Boolean), name: opts.executorId });
  const memory = new UnifiedMemoryManager(memoryLimits(opts.memoryBytes, conf.get(reservedMemory), conf.get(memoryFraction), conf.get(storageFraction)));
  const secret = randomBytes(32);
  const retry = { maxRetries: conf.get(fetchMaxRetries), retryWaitMs: conf.get(fetchRetryWait) };
  // The socket serves the block manager made just below; nothing can ask before the port is known.
  let store: AppBlockStore | undefined;
  let transfer: SocketBlockTransfer;
  try {
    transfer = await SocketBlockTransfer.start({
      source: (name) => store?.serve(name) ?? Promise.resolve(undefined),
      secret, host: opts.bindAddress ?? conf.get(blockManagerBindAddress), port: conf.get(blockManagerPort), retry, logger: log,
    });
  } catch (err) {
    await disk.stop();
    throw err;
  }
  const id: BlockManagerId = { executorId: opts.executorId, host: transfer.host, node: opts.nodeId, port: transfer.port };
  let backend: ExecutorBackend | undefined;
  const manager = new BlockManager({ id, memory, disk, logger: log, onBlockUpdate: (u) => backend?.onBlockUpdate(u) });
  store = new AppBlockStore(manager);
  const askTimeoutMs = conf.get(driverAskTimeout);
  const { system } = opts;
  system.registerProtocol(driverProtocol);
  const peers = new PeerBlockFetcher({ retry, clock: system.clock });
  const mapOutputs = new MapOutputCache((driver, shuffleId, startPartition, endPartition) =>
    system.ask<DriverMessage, MapOutputsReply>(
      driver, { kind: 'GetMapOutputs', shuffleId, startPartition, endPartition }, { timeoutMs: askTimeoutMs },
    ).then(checkMapOutputsReply));
  const services = {
    executorId: opts.executorId, nodeId: opts.nodeId, endpoint: { id, secret }, blocks: store, mapOutputs, peers,
    fetchesInFlight: Math.max(1, conf.get(shuffleBlocksInFlight)),
  };
  backend = new ExecutorBackend({ system, services, cores: opts.cores, memoryBytes: opts.memoryBytes, askTimeoutMs, log });
  const identity: ExecutorIdentity = { executorId: opts.executorId, nodeId: opts.nodeId, pid: process.pid, startedAt: Date.now() };
  const ref = system.spawn(EXECUTOR_ACTOR_NAME, executorProps(identity, backend));
  log.info({ node: opts.nodeId, blockPort: transfer.port, cores: opts.cores, memory: opts.memoryBytes }, 'executor runtime started');
  let stopped: Promise<void> | undefined;
  const running = backend;
  return {
    ref, identity, blockManager: manager,
    registration: () => running.registration(),
    stop() {
      stopped ??= (async () => {
        await running.stop();
        await system.stop(ref);
        peers.close();
        await transfer.close();
        await manager.stop();
      })();
      return stopped;
    },
  };
}

function checkMapOutputsReply(reply: MapOutputsReply): MapOutputsReply {
  if (typeof reply !== 'object' || reply === null || !Array.isArray(reply.blocks) || !Array.isArray(reply.missing)) {
    throw new EngineError(ErrorCode.BadMessage, 'the driver answered GetMapOutputs with a malformed reply');
  }
  return reply;
}
