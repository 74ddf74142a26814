// A node of the cluster: its actor system on the transport, the NodeAgent (registration and
// heartbeats), the membership listener, and a graceful leave. Executors are supervised processes
// (runtime/node/executor-manager.ts) the node starts itself or at the autoscaler's request.
import { systemClock, type Clock, type Logger } from '../../common/index.js';
import { ActorSystem, actorRef } from '../actors/index.js';
import { encodeEnvelope } from '../transport/envelope.js';
import type { Transport } from '../transport/transport.js';
import type { ExecutorInfo, ExecutorSpec } from '../master/index.js';
import { nodeAgentProps, type NodeAgentCommand } from '../node/node-agent.js';
import { sampleLoad, type NodeResources } from '../node/resources.js';
import {
  CLUSTER_PROTOCOL_VERSION, MASTER_NODE_ID, MASTER_PATH, NODE_AGENT_NAME, Topic,
  masterProtocol, type MasterRequest, type RegisterNodeAck,
} from './cluster-protocol.js';
import { listenToMembership, type MembershipListener } from './membership-listener.js';

export interface NodeServiceOptions {
  readonly nodeId: string;
  readonly transport: Transport;
  readonly resources: NodeResources;
  readonly heartbeatIntervalMs: number;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly executors?: () => readonly ExecutorInfo[];
  readonly onShutdown?: (reason: string) => void;
  readonly onRegistered?: (ack: RegisterNodeAck) => void;
  readonly onExecutorReady?: (executorId: string, pid: number) => void;
  /** Starts executors the Master's autoscaler asks for; absent, the node refuses such requests. */
  readonly launchExecutors?: (count: number, spec: ExecutorSpec) => readonly string[];
  readonly stopExecutor?: (executorId: string) => Promise<void>;
}

export interface NodeService {
  readonly system: ActorSystem;
  readonly membership: MembershipListener;
  /** Tells the Master this node is leaving, then stops every actor. Does not close the transport. */
  leave(timeoutMs?: number): Promise<void>;
}

export const masterRef = actorRef<MasterRequest>(MASTER_NODE_ID, MASTER_PATH);

export function startNodeService(options: NodeServiceOptions): NodeService {
  const clock = options.clock ?? systemClock;
  const system = new ActorSystem({ nodeId: options.nodeId, transport: options.transport, clock, logger: options.logger });
  system.registerProtocol(masterProtocol);
  const agent = system.spawn<NodeAgentCommand>(NODE_AGENT_NAME, nodeAgentProps({
    nodeId: options.nodeId,
    resources: options.resources,
    master: masterRef,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    registerTimeoutMs: Math.max(1000, options.heartbeatIntervalMs * 2),
    registerRetryMs: Math.max(250, options.heartbeatIntervalMs),
    startedAt: clock.now(),
    publishHeartbeat: (hb) => {
      try {
        options.transport.publish(Topic.heartbeat, encodeEnvelope({ type: 'Heartbeat', version: CLUSTER_PROTOCOL_VERSION, body: hb }));
      } catch (err) {
        system.log.warn({ err: (err as Error).message }, 'heartbeat not sent');
      }
    },
    sampleLoad: () => sampleLoad(),
    executors: options.executors ?? (() => []),
    onShutdown: options.onShutdown ?? (() => {}),
    onRegistered: options.onRegistered,
    onExecutorReady: options.onExecutorReady,
    launchExecutors: options.launchExecutors,
    stopExecutor: options.stopExecutor,
  }));
  const membership = listenToMembership(options.transport, system, system.log, (event) => {
    if (event.kind === 'LeaderElected') system.tell(agent, { kind: 'LeaderAnnounced', leader: event.leader, epoch: event.epoch });
  });
  return {
    system,
    membership,
    async leave(timeoutMs = 2000) {
      try {
        await system.ask(masterRef, { kind: 'NodeLeaving', nodeId: options.nodeId }, { timeoutMs });
      } catch (err) {
        system.log.warn({ err: (err as Error).message }, 'master did not acknowledge the leave; it will notice the missing heartbeats');
      }
      membership.stop();
      await system.terminate();
    },
  };
}
