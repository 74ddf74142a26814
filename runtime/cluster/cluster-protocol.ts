// Messages between node agents, masters and clients: closed unions tagged by `kind`. Control
// messages from a Master carry its fencing epoch in the envelope; receivers refuse stale ones.
import type { ActorRef } from '../actors/actor-ref.js';
import type { ExecutorInfo } from '../master/index.js';
import type { LoadSample, NodeResources } from '../node/resources.js';

export type { ClusterStatus } from '../master/index.js';

export const CLUSTER_PROTOCOL_VERSION = 1;

/** Well-known address answered only by the elected Master (its leader actor system). */
export const MASTER_NODE_ID = 'master';
export const MASTER_PATH = 'user/leader';
/** Every node's agent lives at this path of the node's actor system. */
export const NODE_AGENT_NAME = 'agent';
export const NODE_AGENT_PATH = 'user/agent';

/** Broadcast topics. */
export const Topic = {
  heartbeat: 'heartbeat',
  membership: 'membership',
} as const;

/** What a client or node may ask the elected Master. */
export type MasterRequest =
  | { readonly kind: 'RegisterNode'; readonly nodeId: string; readonly agent: ActorRef<NodeAgentMessage>; readonly resources: NodeResources; readonly startedAt: number }
  | { readonly kind: 'NodeLeaving'; readonly nodeId: string }
  | { readonly kind: 'GetClusterStatus' };

export interface RegisterNodeAck {
  readonly epoch: number;
  readonly leader: string;
  readonly heartbeatIntervalMs: number;
}

/** Published on the heartbeat topic by every node every heartbeat interval. */
export interface Heartbeat {
  readonly kind: 'Heartbeat';
  readonly nodeId: string;
  readonly seq: number;
  readonly sentAt: number;
  readonly resources: NodeResources;
  readonly load: LoadSample;
  readonly executors: readonly ExecutorInfo[];
}

/** Published on the membership topic by the elected Master (the one downing authority). */
export type MembershipEvent =
  | { readonly kind: 'LeaderElected'; readonly leader: string; readonly epoch: number }
  | { readonly kind: 'NodeUp'; readonly nodeId: string; readonly epoch: number }
  | { readonly kind: 'NodeLost'; readonly nodeId: string; readonly epoch: number; readonly reason: string }
  | { readonly kind: 'NodeLeft'; readonly nodeId: string; readonly epoch: number };

/** Commands a Master sends to a node agent. */
export type NodeAgentMessage =
  | { readonly kind: 'Reregister'; readonly epoch: number }
  | { readonly kind: 'Shutdown'; readonly reason: string };

export const nodeAgentKinds = ['Reregister', 'Shutdown'] as const satisfies readonly NodeAgentMessage['kind'][];
export const masterRequestKinds = ['RegisterNode', 'NodeLeaving', 'GetClusterStatus'] as const satisfies readonly MasterRequest['kind'][];
