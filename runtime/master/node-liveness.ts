// Liveness of many nodes: one phi-accrual detector per node plus a hard heartbeat timeout, so a
// node killed with -9 is Lost at most `heartbeatTimeoutMs` after its last heartbeat whatever phi says.
// Alive → Suspected (phi ≥ threshold) → Alive (heartbeat) | Lost (silent ≥ timeout); Lost is final.
import {
  phiAccrualSettings, phiAt, recordHeartbeat, emptyPhiState,
  type PhiAccrualSettings, type PhiState,
} from './phi-accrual-detector.js';

/** Liveness settings; durations in milliseconds. */
export interface LivenessSettings {
  /** How often nodes send heartbeats; seeds each detector's first estimate. */
  readonly heartbeatIntervalMs: number;
  /** A node silent for this long is Lost even if phi is still low. */
  readonly heartbeatTimeoutMs: number;
  /** Phi detector settings (threshold, window, pause...). */
  readonly phi: PhiAccrualSettings;
}

export const defaultHeartbeatIntervalMs = 1000;
export const defaultHeartbeatTimeoutMs = 5000;

/**
 * Completes partial settings. Defaults: heartbeat every 1 s, Lost after 5 s of silence, phi
 * threshold 8 with one interval of acceptable pause (Suspected after ≈ 2.5 s of silence).
 */
export function livenessSettings(
  partial: { heartbeatIntervalMs?: number; heartbeatTimeoutMs?: number; phi?: Partial<PhiAccrualSettings> } = {},
): LivenessSettings {
  const heartbeatIntervalMs = partial.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs;
  const heartbeatTimeoutMs = partial.heartbeatTimeoutMs ?? defaultHeartbeatTimeoutMs;
  if (!(heartbeatIntervalMs > 0)) throw new RangeError('heartbeatIntervalMs must be > 0');
  if (!(heartbeatTimeoutMs > heartbeatIntervalMs)) throw new RangeError('heartbeatTimeoutMs must exceed heartbeatIntervalMs');
  const phi = phiAccrualSettings({
    firstHeartbeatEstimateMs: heartbeatIntervalMs,
    acceptableHeartbeatPauseMs: heartbeatIntervalMs,
    ...partial.phi,
  });
  return { heartbeatIntervalMs, heartbeatTimeoutMs, phi };
}

export type LivenessStatus = 'alive' | 'suspected' | 'lost';

/** What the registry knows of one node. */
export interface NodeLivenessEntry {
  readonly status: LivenessStatus;
  readonly detector: PhiState;
  /** Last heartbeat (or registration) time. */
  readonly lastHeartbeatMs: number;
}

export type LivenessEvent =
  | { readonly kind: 'NodeSuspected'; readonly id: string; readonly phi: number; readonly silentForMs: number }
  | { readonly kind: 'NodeLost'; readonly id: string; readonly silentForMs: number }
  | { readonly kind: 'NodeRecovered'; readonly id: string };

export type LivenessState = ReadonlyMap<string, NodeLivenessEntry>;

export interface LivenessResult { readonly state: LivenessState; readonly events: readonly LivenessEvent[] }

/** Starts watching `id` as of `nowMs` (its registration counts as its first heartbeat). Idempotent. */
export function livenessRegister(state: LivenessState, settings: LivenessSettings, id: string, nowMs: number): LivenessState {
  const existing = state.get(id);
  if (existing && existing.status !== 'lost') return state;
  const next = new Map(state);
  next.set(id, { status: 'alive', detector: recordHeartbeat(emptyPhiState, settings.phi, nowMs), lastHeartbeatMs: nowMs });
  return next;
}

/** Stops watching `id` (graceful leave, or forgetting a lost node). */
export function livenessRemove(state: LivenessState, id: string): LivenessState {
  if (!state.has(id)) return state;
  const next = new Map(state);
  next.delete(id);
  return next;
}

/** Judges one entry at `nowMs`: the hard timeout first, then phi. */
function judge(id: string, entry: NodeLivenessEntry, settings: LivenessSettings, nowMs: number): { entry: NodeLivenessEntry; event?: LivenessEvent } {
  if (entry.status === 'lost') return { entry };
  const silentForMs = nowMs - entry.lastHeartbeatMs;
  if (silentForMs >= settings.heartbeatTimeoutMs) {
    return { entry: { ...entry, status: 'lost' }, event: { kind: 'NodeLost', id, silentForMs } };
  }
  const phi = phiAt(entry.detector, settings.phi, nowMs);
  const available = phi < settings.phi.threshold;
  if (entry.status === 'alive' && !available) {
    return { entry: { ...entry, status: 'suspected' }, event: { kind: 'NodeSuspected', id, phi, silentForMs } };
  }
  if (entry.status === 'suspected' && available) {
    return { entry: { ...entry, status: 'alive' }, event: { kind: 'NodeRecovered', id } };
  }
  return { entry };
}

/**
 * Records a heartbeat from `id` at `nowMs`. A Suspected node recovers at once (NodeRecovered);
 * heartbeats from unknown or Lost nodes change nothing (the caller tells such a node to re-join).
 */
export function livenessHeartbeat(state: LivenessState, settings: LivenessSettings, id: string, nowMs: number): LivenessResult {
  const entry = state.get(id);
  if (!entry || entry.status === 'lost') return { state, events: [] };
  // A heartbeat that arrives after the hard timeout but before the next tick still counts as Lost:
  // the verdict must not depend on whether the tick or the heartbeat was processed first.
  const before = judge(id, entry, settings, nowMs);
  if (before.entry.status === 'lost') {
    const next = new Map(state);
    next.set(id, before.entry);
    return { state: next, events: before.event ? [before.event] : [] };
  }
  const heard: NodeLivenessEntry = {
    ...entry,
    detector: recordHeartbeat(entry.detector, settings.phi, nowMs),
    lastHeartbeatMs: Math.max(entry.lastHeartbeatMs, nowMs),
  };
  const after = judge(id, heard, settings, nowMs);
  const next = new Map(state);
  next.set(id, after.entry);
  return { state: next, events: after.event ? [after.event] : [] };
}

/** Re-judges every node at `nowMs`; returns the transitions as events. */
export function livenessTick(state: LivenessState, settings: LivenessSettings, nowMs: number): LivenessResult {
  const events: LivenessEvent[] = [];
  let next: Map<string, NodeLivenessEntry> | undefined;
  for (const [id, entry] of state) {
    const judged = judge(id, entry, settings, nowMs);
    if (judged.event) {
      events.push(judged.event);
      next ??= new Map(state);
      next.set(id, judged.entry);
    }
  }
  return { state: next ?? state, events };
}

/**
 * The earliest time at which some node can become Lost if nothing is heard: shells schedule their
 * next tick no later than this, so the hard timeout is honoured to the millisecond.
 */
export function livenessNextDeadline(state: LivenessState, settings: LivenessSettings): number | undefined {
  let earliest: number | undefined;
  for (const entry of state.values()) {
    if (entry.status === 'lost') continue;
    const at = entry.lastHeartbeatMs + settings.heartbeatTimeoutMs;
    if (earliest === undefined || at < earliest) earliest = at;
  }
  return earliest;
}

/** A mutable registry over the pure functions above (one detector per node). */
export class NodeLiveness {
  readonly settings: LivenessSettings;
  private current: LivenessState = new Map();

  constructor(settings: Parameters<typeof livenessSettings>[0] = {}) {
    this.settings = livenessSettings(settings);
  }

  /** Starts watching `id`; registering counts as a first heartbeat. */
  register(id: string, nowMs: number): void {
    this.current = livenessRegister(this.current, this.settings, id, nowMs);
  }

  /** Records a heartbeat; returns NodeRecovered (or NodeLost if it came too late). */
  heartbeat(id: string, nowMs: number): readonly LivenessEvent[] {
    const r = livenessHeartbeat(this.current, this.settings, id, nowMs);
    this.current = r.state;
    return r.events;
  }

  /** Re-judges every node; returns NodeSuspected / NodeLost / NodeRecovered events. */
  tick(nowMs: number): readonly LivenessEvent[] {
    const r = livenessTick(this.current, this.settings, nowMs);
    this.current = r.state;
    return r.events;
  }

  remove(id: string): void {
    this.current = livenessRemove(this.current, id);
  }

  status(id: string): LivenessStatus | undefined {
    return this.current.get(id)?.status;
  }

  phi(id: string, nowMs: number): number | undefined {
    const entry = this.current.get(id);
    return entry ? phiAt(entry.detector, this.settings.phi, nowMs) : undefined;
  }

  nextDeadline(): number | undefined {
    return livenessNextDeadline(this.current, this.settings);
  }

  state(): LivenessState {
    return this.current;
  }
}
