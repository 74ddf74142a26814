// The Master's autoscaler as a pure core: (state, input) → { state, commands, events }. Applications
// report their backlog; each has a Spark-style target (app-allocation.ts). The cluster wants the SUM
// of the targets of applications with allocation enabled — each application's minimum is a
// reservation of its own, as when every Spark application owns its executors — capped by the cores
// of the live nodes. Executors a node started itself (`--executors`) are the baseline: they count
// towards the total but are never released. Autoscaler-launched executors that no application has
// reported busy for the idle timeout are released while the cluster has more than it wants.
import { assertNever } from '../../common/index.js';
import { newAppAllocation, reportReceived, updateTarget, type AppAllocation, type BacklogSample } from './app-allocation.js';
import { APPLICATION_SILENCE_TIMEOUT_MS, DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT } from './dynamic-allocation.js';
import type { ExecutorSpec } from './executor-provider.js';
import type { ExecutorOrigin } from './membership.js';

export interface AutoscalerSettings {
  /** What each launched executor gets; its cores are also the tasks it runs at once. */
  readonly executor: ExecutorSpec;
  readonly appSilenceTimeoutMs: number;
  /** A launched executor that has not registered by then is given up on (counted no longer); a stop that has not taken effect by then is sent again. */
  readonly launchTimeoutMs: number;
  /** Idle timeout once no application is active (the last ended application's, until one reports). */
  readonly defaultIdleTimeoutMs: number;
  /** After a failed launch or stop, no new attempt for this long (the provider or the nodes need time). */
  readonly launchRetryMs: number;
}

export function autoscalerSettings(partial: Partial<AutoscalerSettings> = {}): AutoscalerSettings {
  return {
    executor: partial.executor ?? { cores: 1, memoryBytes: 1024 ** 3 },
    appSilenceTimeoutMs: partial.appSilenceTimeoutMs ?? APPLICATION_SILENCE_TIMEOUT_MS,
    launchTimeoutMs: partial.launchTimeoutMs ?? 60_000,
    defaultIdleTimeoutMs: partial.defaultIdleTimeoutMs ?? DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT.default,
    launchRetryMs: partial.launchRetryMs ?? 2000,
  };
}

/** An executor of the cluster as the autoscaler sees it. */
export interface ScaledExecutor {
  readonly id: string;
  readonly nodeId: string;
  readonly launchedBy: ExecutorOrigin;
  /** Last time an application reported it busy (or when it was first seen). */
  readonly lastBusyAt: number;
}

export interface AutoscalerState {
  readonly settings: AutoscalerSettings;
  readonly apps: ReadonlyMap<string, AppAllocation>;
  readonly executors: ReadonlyMap<string, ScaledExecutor>;
  /** Cores of the live nodes. */
  readonly clusterCores: number;
  /** Executors asked of the provider whose ids have not come back yet. */
  readonly launching: number;
  /** Launched ids not yet registered, with the launch time. */
  readonly expected: ReadonlyMap<string, number>;
  /** Executors asked to stop (no longer counted), each with when to try again if it is still there. */
  readonly releasing: ReadonlyMap<string, number>;
  readonly idleTimeoutMs: number;
  /** No launch before this time (set by a failed launch). */
  readonly launchNotBefore: number;
}

export type AutoscalerInput =
  | { readonly kind: 'BacklogReported'; readonly appId: string; readonly sample: BacklogSample; readonly at: number }
  | { readonly kind: 'ApplicationEnded'; readonly appId: string; readonly at: number }
  | { readonly kind: 'Tick'; readonly now: number }
  | { readonly kind: 'ExecutorsChanged'; readonly executors: readonly ExecutorView[]; readonly clusterCores: number; readonly at: number }
  | { readonly kind: 'ExecutorsLaunched'; readonly requested: number; readonly executorIds: readonly string[]; readonly at: number }
  | { readonly kind: 'ExecutorLaunchFailed'; readonly requested: number; readonly at: number }
  | { readonly kind: 'ExecutorReleaseFailed'; readonly executorId: string; readonly at: number };

export interface ExecutorView { readonly id: string; readonly nodeId: string; readonly launchedBy?: ExecutorOrigin }

export type AutoscalerCommand =
  | { readonly kind: 'LaunchExecutors'; readonly count: number; readonly spec: ExecutorSpec; readonly wanted: number; readonly have: number }
  | { readonly kind: 'ReleaseExecutor'; readonly executorId: string; readonly nodeId: string; readonly idleForMs: number; readonly wanted: number; readonly have: number };

/** Decisions worth a log line. */
export type AutoscalerEvent =
  | { readonly kind: 'ApplicationRegistered'; readonly appId: string; readonly enabled: boolean; readonly target: number }
  | { readonly kind: 'ApplicationRemoved'; readonly appId: string; readonly reason: 'ended' | 'silent' }
  | { readonly kind: 'TargetChanged'; readonly appId: string; readonly from: number; readonly to: number; readonly pendingTasks: number; readonly runningTasks: number }
  | { readonly kind: 'LaunchGivenUp'; readonly executorId: string; readonly afterMs: number };

export interface AutoscalerStep {
  readonly state: AutoscalerState;
  readonly commands: readonly AutoscalerCommand[];
  readonly events: readonly AutoscalerEvent[];
}

export function initialAutoscaler(settings: AutoscalerSettings = autoscalerSettings()): AutoscalerState {
  return {
    settings, apps: new Map(), executors: new Map(), clusterCores: 0, launching: 0,
    expected: new Map(), releasing: new Map(), idleTimeoutMs: settings.defaultIdleTimeoutMs, launchNotBefore: 0,
  };
}

/** Applies one input, then re-evaluates targets and reconciles the executor count. */
export function stepAutoscaler(state: AutoscalerState, input: AutoscalerInput): AutoscalerStep {
  const events: AutoscalerEvent[] = [];
  let next: AutoscalerState;
  let now: number;
  switch (input.kind) {
    case 'BacklogReported': next = backlogReported(state, input.appId, input.sample, input.at, events); now = input.at; break;
    case 'ApplicationEnded': next = removeApp(state, input.appId, 'ended', events); now = input.at; break;
    case 'Tick': next = dropSilentApps(state, input.now, events); now = input.now; break;
    case 'ExecutorsChanged': next = executorsChanged(state, input.executors, input.clusterCores, input.at); now = input.at; break;
    case 'ExecutorsLaunched': next = launched(state, input.requested, input.executorIds, input.at); now = input.at; break;
    case 'ExecutorLaunchFailed':
      next = { ...state, launching: Math.max(0, state.launching - input.requested), launchNotBefore: input.at + state.settings.launchRetryMs };
      now = input.at;
      break;
    case 'ExecutorReleaseFailed': next = releaseFailed(state, input.executorId, input.at); now = input.at; break;
    default: return assertNever(input, 'autoscaler input');
  }
  next = expireLaunches(updateTargets(next, now, events), now, events);
  const commands: AutoscalerCommand[] = [];
  next = reconcile(next, now, commands);
  return { state: next, commands, events };
}

/** Executors the cluster wants: the enabled applications' targets summed, within capacity; the baseline with none. */
export function wantedExecutors(state: AutoscalerState): number {
  const baseline = countBaseline(state);
  let sum = 0;
  let active = false;
  for (const app of state.apps.values()) {
    if (!app.allocation.enabled) continue;
    active = true;
    sum += app.target;
  }
  if (!active) return baseline;
  const capacity = Math.floor(state.clusterCores / Math.max(1, state.settings.executor.cores));
  return Math.min(sum, Math.max(capacity, baseline));
}

/** Executors counted as present or coming: registered and not being released, launching, expected. */
export function executorsInHand(state: AutoscalerState): number {
  let registered = 0;
  for (const id of state.executors.keys()) if (!state.releasing.has(id)) registered++;
  return registered + state.launching + state.expected.size;
}

function countBaseline(state: AutoscalerState): number {
  let n = 0;
  for (const e of state.executors.values()) if (e.launchedBy === 'node') n++;
  return n;
}

function without<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!map.has(key)) return map;
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

function backlogReported(state: AutoscalerState, appId: string, sample: BacklogSample, at: number, events: AutoscalerEvent[]): AutoscalerState {
  const existing = state.apps.get(appId);
  const app = existing ? reportReceived(existing, sample, at) : newAppAllocation(appId, sample, at);
  if (!existing) events.push({ kind: 'ApplicationRegistered', appId, enabled: sample.allocation.enabled, target: app.target });
  const apps = new Map(state.apps);
  apps.set(appId, app);
  // Every report counts for idleness, enabled or not: an executor running tasks is never released.
  let executors: Map<string, ScaledExecutor> | undefined;
  for (const id of sample.busyExecutors) {
    const e = state.executors.get(id);
    if (!e) continue;
    executors ??= new Map(state.executors);
    executors.set(id, { ...e, lastBusyAt: at });
  }
  const idleTimeoutMs = sample.allocation.enabled ? sample.allocation.executorIdleTimeoutMs : state.idleTimeoutMs;
  return { ...state, apps, executors: executors ?? state.executors, idleTimeoutMs };
}

function removeApp(state: AutoscalerState, appId: string, reason: 'ended' | 'silent', events: AutoscalerEvent[]): AutoscalerState {
  if (!state.apps.has(appId)) return state;
  events.push({ kind: 'ApplicationRemoved', appId, reason });
  return { ...state, apps: without(state.apps, appId) };
}

function dropSilentApps(state: AutoscalerState, now: number, events: AutoscalerEvent[]): AutoscalerState {
  let next = state;
  for (const app of state.apps.values()) {
    if (now - app.lastReportAt >= state.settings.appSilenceTimeoutMs) next = removeApp(next, app.appId, 'silent', events);
  }
  return next;
}

function executorsChanged(state: AutoscalerState, views: readonly ExecutorView[], clusterCores: number, at: number): AutoscalerState {
  const executors = new Map<string, ScaledExecutor>();
  let expected: Map<string, number> | undefined;
  for (const v of views) {
    const known = state.executors.get(v.id);
    executors.set(v.id, known ?? { id: v.id, nodeId: v.nodeId, launchedBy: v.launchedBy ?? 'node', lastBusyAt: at });
    if (state.expected.has(v.id)) {
      expected ??= new Map(state.expected);
      expected.delete(v.id);
    }
  }
  let releasing: Map<string, number> | undefined;
  for (const id of state.releasing.keys()) {
    if (executors.has(id)) continue;
    releasing ??= new Map(state.releasing);
    releasing.delete(id);
  }
  return { ...state, executors, clusterCores, expected: expected ?? state.expected, releasing: releasing ?? state.releasing };
}

/** The executor is still counted out, but asked to stop again only after launchRetryMs. */
function releaseFailed(state: AutoscalerState, executorId: string, at: number): AutoscalerState {
  if (!state.releasing.has(executorId)) return state;
  const releasing = new Map(state.releasing);
  releasing.set(executorId, at + state.settings.launchRetryMs);
  return { ...state, releasing };
}

function launched(state: AutoscalerState, requested: number, ids: readonly string[], at: number): AutoscalerState {
  const expected = new Map(state.expected);
  // An executor may register before the provider's answer arrives; it is counted already.
  for (const id of ids) if (!state.executors.has(id)) expected.set(id, at);
  return { ...state, launching: Math.max(0, state.launching - requested), expected };
}

function updateTargets(state: AutoscalerState, now: number, events: AutoscalerEvent[]): AutoscalerState {
  let apps: Map<string, AppAllocation> | undefined;
  for (const app of state.apps.values()) {
    if (!app.allocation.enabled) continue;
    const updated = updateTarget(app, now, state.settings.executor.cores);
    if (updated === app) continue;
    if (updated.target !== app.target) {
      events.push({ kind: 'TargetChanged', appId: app.appId, from: app.target, to: updated.target, pendingTasks: app.pendingTasks, runningTasks: app.runningTasks });
    }
    apps ??= new Map(state.apps);
    apps.set(app.appId, updated);
  }
  return apps ? { ...state, apps } : state;
}

function expireLaunches(state: AutoscalerState, now: number, events: AutoscalerEvent[]): AutoscalerState {
  let expected: Map<string, number> | undefined;
  for (const [id, at] of state.expected) {
    if (now - at < state.settings.launchTimeoutMs) continue;
    expected ??= new Map(state.expected);
    expected.delete(id);
    events.push({ kind: 'LaunchGivenUp', executorId: id, afterMs: now - at });
  }
  // A stop that did not take effect (or failed) is tried again.
  let releasing: Map<string, number> | undefined;
  for (const [id, retryAt] of state.releasing) {
    if (now < retryAt) continue;
    releasing ??= new Map(state.releasing);
    releasing.delete(id);
  }
  return expected || releasing ? { ...state, expected: expected ?? state.expected, releasing: releasing ?? state.releasing } : state;
}

/** Launches what is missing, or releases idle autoscaled executors beyond what is wanted. */
function reconcile(state: AutoscalerState, now: number, commands: AutoscalerCommand[]): AutoscalerState {
  const wanted = wantedExecutors(state);
  const have = executorsInHand(state);
  if (wanted > have) {
    if (now < state.launchNotBefore) return state;
    const count = wanted - have;
    commands.push({ kind: 'LaunchExecutors', count, spec: state.settings.executor, wanted, have });
    return { ...state, launching: state.launching + count };
  }
  if (wanted >= have) return state;
  const idleTimeoutMs = activeIdleTimeout(state);
  const idle = [...state.executors.values()]
    .filter((e) => e.launchedBy === 'autoscaler' && !state.releasing.has(e.id) && now - e.lastBusyAt >= idleTimeoutMs)
    .sort((a, b) => a.lastBusyAt - b.lastBusyAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, have - wanted);
  if (idle.length === 0) return state;
  const releasing = new Map(state.releasing);
  idle.forEach((e, i) => {
    releasing.set(e.id, now + state.settings.launchTimeoutMs);
    commands.push({ kind: 'ReleaseExecutor', executorId: e.id, nodeId: e.nodeId, idleForMs: now - e.lastBusyAt, wanted, have: have - i });
  });
  return { ...state, releasing };
}

/**
 * The idle timeout for shared executors: the longest of the active enabled applications' (no
 * application loses an executor sooner than it asked), else the last one an application reported.
 */
function activeIdleTimeout(state: AutoscalerState): number {
  let longest: number | undefined;
  for (const app of state.apps.values()) {
    if (app.allocation.enabled) longest = Math.max(longest ?? 0, app.allocation.executorIdleTimeoutMs);
  }
  return longest ?? state.idleTimeoutMs;
}

/** Autoscaler state as plain data for `GetClusterStatus`. */
export interface AutoscalerStatus {
  readonly wantedExecutors: number;
  readonly baselineExecutors: number;
  readonly autoscaledExecutors: number;
  readonly launchingExecutors: number;
  readonly releasingExecutors: number;
  readonly apps: readonly {
    readonly appId: string;
    readonly enabled: boolean;
    readonly targetExecutors: number;
    readonly minExecutors: number;
    /** null when unbounded (JSON has no Infinity). */
    readonly maxExecutors: number | null;
    readonly pendingTasks: number;
    readonly runningTasks: number;
    readonly lastReportAt: number;
  }[];
}

/** Whether dynamic allocation is in use at all (status shows the autoscaler only then, keeping static clusters' status unchanged). */
export function autoscalerInUse(s: AutoscalerStatus): boolean {
  return s.apps.length > 0 || s.autoscaledExecutors > 0 || s.launchingExecutors > 0 || s.releasingExecutors > 0;
}

export function autoscalerStatus(state: AutoscalerState): AutoscalerStatus {
  const baseline = countBaseline(state);
  return {
    wantedExecutors: wantedExecutors(state),
    baselineExecutors: baseline,
    autoscaledExecutors: state.executors.size - baseline,
    launchingExecutors: state.launching + state.expected.size,
    releasingExecutors: state.releasing.size,
    apps: [...state.apps.values()].sort((a, b) => (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0)).map((a) => ({
      appId: a.appId, enabled: a.allocation.enabled, targetExecutors: a.target,
      minExecutors: a.allocation.minExecutors, maxExecutors: Number.isFinite(a.allocation.maxExecutors) ? a.allocation.maxExecutors : null,
      pendingTasks: a.pendingTasks, runningTasks: a.runningTasks, lastReportAt: a.lastReportAt,
    })),
  };
}
