// A Master candidate: races for the Redis lease; while it leads, it runs the leader actor system
// (the well-known id `master`, so only the leader answers on that address), restores the node
// registry from the fenced store, follows heartbeats and announces itself with its epoch. It
// steps down when the lease is lost or a fenced write says a newer leader exists.
import type { Redis } from 'ioredis';
import { systemClock, type Clock, type Logger } from '../../common/index.js';
import { ActorSystem, type ActorRef } from '../actors/index.js';
import {
  autoscalerSettings, FencedStore, LeaderLease, membershipSettings, restoreMembership, type AutoscalerSettings, type EpochStore, type ExecutorSpec,
} from '../master/index.js';
import { masterProps, type MasterCommand } from '../master/master-actor.js';
import { decodeEnvelope, encodeEnvelope } from '../transport/envelope.js';
import type { Subscription, Transport } from '../transport/transport.js';
import {
  CLUSTER_PROTOCOL_VERSION, MASTER_NODE_ID, MASTER_PATH, Topic, type Heartbeat, type MembershipEvent,
} from './cluster-protocol.js';

export interface MasterServiceOptions {
  readonly candidateId: string;
  readonly cluster: string;
  readonly transport: Transport;
  readonly redis: Redis;
  readonly epochs: EpochStore;
  readonly logger: Logger;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly leaseTtlMs: number;
  readonly clock?: Clock;
  /** What each executor the autoscaler launches gets (default 1 core, 1 GiB). */
  readonly autoscalerExecutor?: ExecutorSpec;
  /** Overrides of the autoscaler's own timings (tests). */
  readonly autoscaler?: Partial<AutoscalerSettings>;
}

export interface MasterService {
  readonly lease: LeaderLease;
  isLeader(): boolean;
  /** Stops leading (releasing the lease) and stops the leader system. */
  stop(): Promise<void>;
}

interface Term {
  readonly epoch: number;
  readonly system: ActorSystem;
  readonly heartbeats: Subscription;
}

export function startMasterService(options: MasterServiceOptions): MasterService {
  const clock = options.clock ?? systemClock;
  const log = options.logger.child({ master: options.candidateId });
  const store = new FencedStore(options.redis, options.cluster);
  const lease = new LeaderLease({
    redis: options.redis, epochs: options.epochs, cluster: options.cluster, candidateId: options.candidateId,
    ttlMs: options.leaseTtlMs, renewIntervalMs: Math.max(50, Math.floor(options.leaseTtlMs / 3)), clock, logger: log,
  });
  let term: Term | undefined;
  let starting: Promise<void> | undefined;

  const announce = (event: MembershipEvent): void => {
    try {
      options.transport.publish(Topic.membership, encodeEnvelope({ type: event.kind, version: CLUSTER_PROTOCOL_VERSION, body: event, epoch: event.epoch }));
    } catch (err) {
      log.warn({ err: (err as Error).message, kind: event.kind }, 'announcement not sent');
    }
  };

  const endTerm = async (why: string): Promise<void> => {
    await starting;
    const ending = term;
    term = undefined;
    if (!ending) return;
    log.warn({ epoch: ending.epoch, why }, 'leadership ended');
    ending.heartbeats.unsubscribe();
    await ending.system.terminate();
  };

  const beginTerm = async (epoch: number): Promise<void> => {
    const registry = await store.read().catch((err: Error) => {
      log.warn({ err: err.message }, 'could not read the stored registry; starting from heartbeats alone');
      return { nodes: [], executors: [] };
    });
    if (!lease.isLeader() || lease.epoch() !== epoch) return;
    const settings = membershipSettings({ heartbeatIntervalMs: options.heartbeatIntervalMs, heartbeatTimeoutMs: options.heartbeatTimeoutMs });
    const initial = restoreMembership(registry.nodes, registry.executors, clock.now(), settings);
    const system = new ActorSystem({ nodeId: MASTER_NODE_ID, transport: options.transport, clock, logger: log });
    const master: ActorRef<MasterCommand> = system.spawn(MASTER_PATH.split('/')[1], masterProps({
      leaderId: options.candidateId, epoch, initial, store,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      autoscaler: autoscalerSettings({ ...options.autoscaler, ...(options.autoscalerExecutor ? { executor: options.autoscalerExecutor } : {}) }),
      tickIntervalMs: Math.max(25, Math.floor(options.heartbeatIntervalMs / 4)),
      announce,
      onStale: () => { void endTerm('a fenced write was refused (stale epoch)'); },
    }));
    const heartbeats = options.transport.subscribe(Topic.heartbeat, (msg) => {
      const decoded = decodeEnvelope(msg, CLUSTER_PROTOCOL_VERSION);
      const hb = decoded.ok ? (decoded.envelope.body as Heartbeat) : undefined;
      if (!hb || hb.kind !== 'Heartbeat' || typeof hb.nodeId !== 'string') return;
      system.tell(master, { kind: 'HeartbeatReceived', heartbeat: hb });
    });
    term = { epoch, system, heartbeats };
    log.info({ epoch, restoredNodes: registry.nodes.length }, 'elected master leader');
    announce({ kind: 'LeaderElected', leader: options.candidateId, epoch });
  };

  lease.onElected((epoch) => {
    starting = beginTerm(epoch).catch((err: Error) => log.error({ err: err.message }, 'could not start the leader term'));
  });
  lease.onLost((reason) => { void endTerm(`lease lost (${reason})`); });
  lease.start();

  return {
    lease,
    isLeader: () => term !== undefined,
    async stop() {
      await endTerm('stopping');
      await lease.stop();
    },
  };
}
