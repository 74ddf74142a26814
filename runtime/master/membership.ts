// The Master's node registry as a pure state core: (state, input) → { state, events }. Times come
// in the inputs (the Master's receive time, never a sender's clock). Per node:
//   Alive → Suspected (phi) → Alive (heartbeat) | Lost (hard timeout);  Alive|Suspected → Left (graceful).
//   Lost and Left are tombstones, kept for `status` until `tombstoneRetentionMs`; a NodeJoined revives them.
import { assertNever } from '../../common/index.js';
import {
  livenessSettings, livenessRegister, livenessHeartbeat, livenessTick, livenessRemove,
  type LivenessSettings, type LivenessEvent, type LivenessState,
} from './node-liveness.js';
import type { PhiAccrualSettings } from './phi-accrual-detector.js';

/** What a node says about itself when it joins. */
export interface NodeInfo {
  readonly id: string;
  readonly host: string;
  readonly cores: number;
  readonly memoryBytes: number;
  /** Actor address of the node's NodeAgent. */
  readonly address: string;
}

/** Resources a node reports with each heartbeat. */
export interface NodeResources {
  readonly freeCores?: number;
  readonly freeMemoryBytes?: number;
  readonly load1?: number;
}

export type NodeState = 'alive' | 'suspected' | 'lost' | 'left';

interface NodeRecordBase {
  readonly info: NodeInfo;
  readonly joinedAt: number;
  readonly lastHeartbeat: number;
  readonly resources: NodeResources;
}
/** One node, a union of per-state records. */
export type NodeRecord =
  | (NodeRecordBase & { readonly state: 'alive' })
  | (NodeRecordBase & { readonly state: 'suspected'; readonly suspectedAt: number })
  | (NodeRecordBase & { readonly state: 'lost'; readonly lostAt: number })
  | (NodeRecordBase & { readonly state: 'left'; readonly leftAt: number });

/** Who started an executor: its node (`--executors`, the baseline) or the Master's autoscaler. */
export type ExecutorOrigin = 'node' | 'autoscaler';

export interface ExecutorInfo {
  readonly id: string;
  readonly nodeId: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly appId?: string;
  /** Actor address of the executor. */
  readonly address?: string;
  /** Absent means `node`. The autoscaler releases only executors it launched. */
  readonly launchedBy?: ExecutorOrigin;
}

export interface MembershipSettings {
  readonly liveness: LivenessSettings;
  /** How long Lost/Left nodes stay visible in `status` before they are forgotten. */
  readonly tombstoneRetentionMs: number;
}

export function membershipSettings(partial: {
  heartbeatIntervalMs?: number; heartbeatTimeoutMs?: number; phi?: Partial<PhiAccrualSettings>; tombstoneRetentionMs?: number;
} = {}): MembershipSettings {
  return { liveness: livenessSettings(partial), tombstoneRetentionMs: partial.tombstoneRetentionMs ?? 10 * 60_000 };
}

export interface MembershipState {
  readonly settings: MembershipSettings;
  readonly nodes: ReadonlyMap<string, NodeRecord>;
  readonly executors: ReadonlyMap<string, ExecutorInfo>;
  readonly liveness: LivenessState;
}

export type MembershipInput =
  | { readonly kind: 'NodeJoined'; readonly node: NodeInfo; readonly at: number }
  | { readonly kind: 'Heartbeat'; readonly id: string; readonly at: number; readonly resources?: NodeResources }
  | { readonly kind: 'Tick'; readonly now: number }
  | { readonly kind: 'NodeLeft'; readonly id: string; readonly at: number }
  | { readonly kind: 'ExecutorRegistered'; readonly executor: ExecutorInfo; readonly at: number }
  | { readonly kind: 'ExecutorRemoved'; readonly executorId: string; readonly reason: string };

export type MembershipEvent =
  | { readonly kind: 'NodeUp'; readonly id: string; readonly rejoined: boolean }
  | { readonly kind: 'NodeSuspected'; readonly id: string; readonly phi: number }
  | { readonly kind: 'NodeRecovered'; readonly id: string }
  | { readonly kind: 'NodeLost'; readonly id: string; readonly silentForMs: number }
  | { readonly kind: 'NodeLeft'; readonly id: string }
  | { readonly kind: 'NodeForgotten'; readonly id: string }
  | { readonly kind: 'HeartbeatRejected'; readonly id: string; readonly reason: 'unknown' | 'lost' | 'left' }
  | { readonly kind: 'ExecutorAdded'; readonly executorId: string; readonly nodeId: string }
  | { readonly kind: 'ExecutorRejected'; readonly executorId: string; readonly nodeId: string; readonly reason: 'unknown-node' | 'node-down' }
  | { readonly kind: 'ExecutorRemoved'; readonly executorId: string; readonly nodeId: string; readonly reason: string };

export interface MembershipStep { readonly state: MembershipState; readonly events: readonly MembershipEvent[] }

/** An empty registry. */
export function initialMembership(settings: MembershipSettings = membershipSettings()): MembershipState {
  return { settings, nodes: new Map(), executors: new Map(), liveness: new Map() };
}

/** Applies one input. Never throws for well-typed input; odd inputs produce rejection events. */
export function stepMembership(state: MembershipState, input: MembershipInput): MembershipStep {
  switch (input.kind) {
    case 'NodeJoined': return nodeJoined(state, input.node, input.at);
    case 'Heartbeat': return heartbeat(state, input.id, input.at, input.resources);
    case 'Tick': return tick(state, input.now);
    case 'NodeLeft': return nodeLeft(state, input.id, input.at);
    case 'ExecutorRegistered': return executorRegistered(state, input.executor);
    case 'ExecutorRemoved': return executorRemoved(state, input.executorId, input.reason);
    default: return assertNever(input, 'membership input');
  }
}

function withNode(state: MembershipState, record: NodeRecord, liveness = state.liveness): MembershipState {
  const nodes = new Map(state.nodes);
  nodes.set(record.info.id, record);
  return { ...state, nodes, liveness };
}

function base(r: NodeRecord): NodeRecordBase {
  return { info: r.info, joinedAt: r.joinedAt, lastHeartbeat: r.lastHeartbeat, resources: r.resources };
}

function nodeJoined(state: MembershipState, info: NodeInfo, at: number): MembershipStep {
  const existing = state.nodes.get(info.id);
  if (existing && (existing.state === 'alive' || existing.state === 'suspected')) {
    // A retried join (core NATS is at-most-once, so nodes resend it): refresh and count it as a heartbeat.
    const refreshed = withNode(state, { ...existing, info });
    return heartbeat(refreshed, info.id, at, undefined);
  }
  const liveness = livenessRegister(livenessRemove(state.liveness, info.id), state.settings.liveness, info.id, at);
  const record: NodeRecord = { state: 'alive', info, joinedAt: at, lastHeartbeat: at, resources: {} };
  return { state: withNode(state, record, liveness), events: [{ kind: 'NodeUp', id: info.id, rejoined: existing !== undefined }] };
}

function heartbeat(state: MembershipState, id: string, at: number, resources: NodeResources | undefined): MembershipStep {
  const existing = state.nodes.get(id);
  if (!existing) return { state, events: [{ kind: 'HeartbeatRejected', id, reason: 'unknown' }] };
  if (existing.state === 'lost' || existing.state === 'left') {
    return { state, events: [{ kind: 'HeartbeatRejected', id, reason: existing.state }] };
  }
  const r = livenessHeartbeat(state.liveness, state.settings.liveness, id, at);
  const heard = r.events.some((e) => e.kind === 'NodeLost')
    ? existing
    : { ...existing, lastHeartbeat: Math.max(existing.lastHeartbeat, at), resources: resources ?? existing.resources };
  return applyLiveness(withNode(state, heard, r.state), r.events, at);
}

function tick(state: MembershipState, now: number): MembershipStep {
  const r = livenessTick(state.liveness, state.settings.liveness, now);
  const step = applyLiveness({ ...state, liveness: r.state }, r.events, now);
  return forgetTombstones(step, now);
}

/** Mirrors liveness transitions into node records; a lost node's executors are removed. */
function applyLiveness(state: MembershipState, livenessEvents: readonly LivenessEvent[], at: number): MembershipStep {
  let next = state;
  const events: MembershipEvent[] = [];
  for (const e of livenessEvents) {
    const record = next.nodes.get(e.id);
    if (!record) continue;
    switch (e.kind) {
      case 'NodeSuspected':
        next = withNode(next, { ...base(record), state: 'suspected', suspectedAt: at });
        events.push({ kind: 'NodeSuspected', id: e.id, phi: e.phi });
        break;
      case 'NodeRecovered':
        next = withNode(next, { ...base(record), state: 'alive' });
        events.push({ kind: 'NodeRecovered', id: e.id });
        break;
      case 'NodeLost': {
        next = withNode(next, { ...base(record), state: 'lost', lostAt: at }, livenessRemove(next.liveness, e.id));
        events.push({ kind: 'NodeLost', id: e.id, silentForMs: e.silentForMs });
        const removed = removeExecutorsOf(next, e.id, 'node-lost');
        next = removed.state;
        events.push(...removed.events);
        break;
      }
      default: assertNever(e, 'liveness event');
    }
  }
  return { state: next, events };
}

function nodeLeft(state: MembershipState, id: string, at: number): MembershipStep {
  const existing = state.nodes.get(id);
  if (!existing || existing.state === 'lost' || existing.state === 'left') return { state, events: [] };
  const left = withNode(state, { ...base(existing), state: 'left', leftAt: at }, livenessRemove(state.liveness, id));
  const removed = removeExecutorsOf(left, id, 'node-left');
  return { state: removed.state, events: [{ kind: 'NodeLeft', id }, ...removed.events] };
}

function removeExecutorsOf(state: MembershipState, nodeId: string, reason: string): MembershipStep {
  const events: MembershipEvent[] = [];
  const executors = new Map(state.executors);
  for (const [executorId, ex] of state.executors) {
    if (ex.nodeId !== nodeId) continue;
    executors.delete(executorId);
    events.push({ kind: 'ExecutorRemoved', executorId, nodeId, reason });
  }
  return { state: events.length === 0 ? state : { ...state, executors }, events };
}

function executorRegistered(state: MembershipState, executor: ExecutorInfo): MembershipStep {
  const node = state.nodes.get(executor.nodeId);
  const base = { executorId: executor.id, nodeId: executor.nodeId };
  if (!node) return { state, events: [{ kind: 'ExecutorRejected', ...base, reason: 'unknown-node' }] };
  if (node.state === 'lost' || node.state === 'left') return { state, events: [{ kind: 'ExecutorRejected', ...base, reason: 'node-down' }] };
  const known = state.executors.has(executor.id);
  const executors = new Map(state.executors);
  executors.set(executor.id, executor);
  return { state: { ...state, executors }, events: known ? [] : [{ kind: 'ExecutorAdded', ...base }] };
}

function executorRemoved(state: MembershipState, executorId: string, reason: string): MembershipStep {
  const existing = state.executors.get(executorId);
  if (!existing) return { state, events: [] };
  const executors = new Map(state.executors);
  executors.delete(executorId);
  return { state: { ...state, executors }, events: [{ kind: 'ExecutorRemoved', executorId, nodeId: existing.nodeId, reason }] };
}

function forgetTombstones(step: MembershipStep, now: number): MembershipStep {
  const retention = step.state.settings.tombstoneRetentionMs;
  let nodes: Map<string, NodeRecord> | undefined;
  const events = [...step.events];
  for (const [id, r] of step.state.nodes) {
    const since = r.state === 'lost' ? r.lostAt : r.state === 'left' ? r.leftAt : undefined;
    if (since === undefined || now - since < retention) continue;
    nodes ??= new Map(step.state.nodes);
    nodes.delete(id);
    events.push({ kind: 'NodeForgotten', id });
  }
  return nodes ? { state: { ...step.state, nodes }, events } : step;
}
