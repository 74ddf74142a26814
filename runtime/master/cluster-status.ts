// The cluster as plain data in the shape `flint status --json` prints, built from the membership
// state; and the reverse, a membership state rebuilt from a stored status by a Master taking over.
import {
  initialMembership, membershipSettings,
  type MembershipSettings, type MembershipState, type NodeRecord, type NodeState, type ExecutorInfo, type ExecutorOrigin,
} from './membership.js';
import type { AutoscalerStatus } from './autoscaler.js';
import { livenessRegister } from './node-liveness.js';

export interface LeaderInfo { readonly id: string; readonly epoch: number }

export interface NodeStatus {
  readonly id: string;
  readonly host: string;
  readonly cores: number;
  /** Memory in bytes. */
  readonly memory: number;
  readonly state: NodeState;
  /** Master receive time of the last heartbeat, ms since the epoch. */
  readonly lastHeartbeat: number;
  readonly joinedAt: number;
  readonly address: string;
}

export interface ExecutorStatus {
  readonly id: string;
  readonly nodeId: string;
  readonly cores: number;
  readonly memory: number;
  readonly appId: string | null;
  readonly address: string | null;
  readonly launchedBy: ExecutorOrigin;
}

/** `flint status --json`. */
export interface ClusterStatus {
  readonly leader: LeaderInfo | null;
  readonly nodes: readonly NodeStatus[];
  readonly executors: readonly ExecutorStatus[];
  /** Dynamic allocation: per-application targets; present only while an application reports or autoscaled executors exist. */
  readonly autoscaler?: AutoscalerStatus;
}

export function nodeStatus(r: NodeRecord): NodeStatus {
  return {
    id: r.info.id, host: r.info.host, cores: r.info.cores, memory: r.info.memoryBytes,
    state: r.state, lastHeartbeat: r.lastHeartbeat, joinedAt: r.joinedAt, address: r.info.address,
  };
}

export function executorStatus(e: ExecutorInfo): ExecutorStatus {
  return {
    id: e.id, nodeId: e.nodeId, cores: e.cores, memory: e.memoryBytes, appId: e.appId ?? null, address: e.address ?? null,
    launchedBy: e.launchedBy ?? 'node',
  };
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The status snapshot, nodes and executors sorted by id. */
export function clusterStatus(state: MembershipState, leader: LeaderInfo | null): ClusterStatus {
  return {
    leader,
    nodes: [...state.nodes.values()].map(nodeStatus).sort(byId),
    executors: [...state.executors.values()].map(executorStatus).sort(byId),
  };
}

/**
 * Rebuilds membership from a stored snapshot at takeover time `now`. Every node that was Alive or
 * Suspected starts Alive with a fresh detector and a full timeout to reach the new leader; Lost and
 * Left nodes stay tombstones (their retention restarts); executors of down nodes are dropped.
 */
export function restoreMembership(
  nodes: readonly NodeStatus[],
  executors: readonly ExecutorStatus[],
  now: number,
  settings: MembershipSettings = membershipSettings(),
): MembershipState {
  const state = initialMembership(settings);
  const records = new Map<string, NodeRecord>();
  let liveness = state.liveness;
  for (const n of nodes) {
    const base = {
      info: { id: n.id, host: n.host, cores: n.cores, memoryBytes: n.memory, address: n.address },
      joinedAt: n.joinedAt, lastHeartbeat: n.lastHeartbeat, resources: {},
    };
    if (n.state === 'alive' || n.state === 'suspected') {
      records.set(n.id, { ...base, state: 'alive' });
      liveness = livenessRegister(liveness, settings.liveness, n.id, now);
    } else if (n.state === 'lost') {
      records.set(n.id, { ...base, state: 'lost', lostAt: now });
    } else {
      records.set(n.id, { ...base, state: 'left', leftAt: now });
    }
  }
  const live = new Map<string, ExecutorInfo>();
  for (const e of executors) {
    if (records.get(e.nodeId)?.state !== 'alive') continue;
    live.set(e.id, {
      id: e.id, nodeId: e.nodeId, cores: e.cores, memoryBytes: e.memory,
      ...(e.appId === null ? {} : { appId: e.appId }),
      ...(e.address === null ? {} : { address: e.address }),
      ...(e.launchedBy === 'autoscaler' ? { launchedBy: e.launchedBy } : {}),
    });
  }
  return { ...state, nodes: records, executors: live, liveness };
}
