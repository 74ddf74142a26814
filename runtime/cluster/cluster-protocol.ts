// Messages between node agents, masters and clients: closed unions tagged by `kind`. Control
// messages from a Master carry its fencing epoch in the envelope; receivers refuse stale ones.
import type { ActorRef } from '../actors/actor-ref.js';
import type { Protocol } from '../actors/protocol.js';
import type { DynamicAllocation, ExecutorInfo } from '../master/index.js';
import type { LoadSample, NodeResources } from '../node/resources.js';

export type { ClusterStatus, AutoscalerStatus, DynamicAllocation, ExecutorOrigin } from '../master/index.js';
export {
  dynamicAllocationSettings, BACKLOG_REPORT_INTERVAL_MS, APPLICATION_SILENCE_TIMEOUT_MS,
} from '../master/dynamic-allocation.js';

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

/**
 * A driver's backlog, told to the Master every BACKLOG_REPORT_INTERVAL_MS and whenever it changes.
 * `busyExecutors`: executors running at least one of the application's tasks (never released).
 */
export interface ReportBacklog {
  readonly kind: 'ReportBacklog';
  readonly appId: string;
  readonly pendingTasks: number;
  readonly runningTasks: number;
  readonly busyExecutors: readonly string[];
  readonly allocation: DynamicAllocation;
}

/** What a client, driver or node may ask (or tell) the elected Master. */
export type MasterRequest =
  | { readonly kind: 'RegisterNode'; readonly nodeId: string; readonly agent: ActorRef<NodeAgentMessage>; readonly resources: NodeResources; readonly startedAt: number }
  | { readonly kind: 'NodeLeaving'; readonly nodeId: string }
  | { readonly kind: 'GetClusterStatus' }
  | ReportBacklog
  /** Told by a driver when its application stops; a silent one counts as ended after APPLICATION_SILENCE_TIMEOUT_MS. */
  | { readonly kind: 'ApplicationEnded'; readonly appId: string };

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

/**
 * Commands a Master sends to a node agent. Launch and stop carry the leader's epoch; an agent that
 * knows a newer leader refuses them (STALE_EPOCH).
 */
export type NodeAgentMessage =
  | { readonly kind: 'Reregister'; readonly epoch: number }
  | { readonly kind: 'Shutdown'; readonly reason: string }
  /** Asked; replied with LaunchExecutorsReply. */
  | { readonly kind: 'LaunchExecutors'; readonly epoch: number; readonly count: number; readonly cores: number; readonly memoryBytes: number }
  /** Asked; replied once the stop is under way. */
  | { readonly kind: 'StopExecutor'; readonly epoch: number; readonly executorId: string };

export interface LaunchExecutorsReply { readonly executorIds: readonly string[] }

export const nodeAgentKinds = ['Reregister', 'Shutdown', 'LaunchExecutors', 'StopExecutor'] as const satisfies readonly NodeAgentMessage['kind'][];
export const masterRequestKinds = [
  'RegisterNode', 'NodeLeaving', 'GetClusterStatus', 'ReportBacklog', 'ApplicationEnded',
] as const satisfies readonly MasterRequest['kind'][];

/** The Master's request protocol, as a sender registers it (every system that asks or tells the Master). */
export const masterProtocol: Protocol<MasterRequest> = { name: 'master', version: CLUSTER_PROTOCOL_VERSION, kinds: [...masterRequestKinds] };
