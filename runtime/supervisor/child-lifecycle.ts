// The pure state machine of one supervised child: (state, input) → { state, commands }. The shell
// (process-supervisor.ts) spawns, signals and times; this module only decides. Inputs carry the
// attempt they belong to, so late events from an earlier process are ignored.
//
//   Starting ──Spawned──▶ Running ──Exited(0)──────────────────────────────▶ Stopped
//      │                   │  └──Exited(≠0 | signal)──▶ decide ─restart─▶ Backoff ──elapsed──▶ Starting …
//      │                   │                               └──give-up──▶ GaveUp
//      └──SpawnFailed──▶ decide (as a crash)
//   Running ──StopRequested──▶ Stopping (SIGTERM; SIGKILL after grace) ──Exited──▶ Stopped
//   Starting ──StopRequested──▶ Stopping;  Backoff ──StopRequested──▶ Stopped
//
// Restarts are "transient" (Erlang): a child that exits 0 on its own has finished, not failed.
import { assertNever } from '../../common/index.js';
import { decide, freshHistory, markStarted, type RestartHistory, type RestartPolicy } from './restart-policy.js';
import type { SupervisorEvent } from './supervisor-events.js';

export type ChildState =
  | { readonly kind: 'starting'; readonly attempt: number; readonly history: RestartHistory }
  | { readonly kind: 'running'; readonly attempt: number; readonly pid: number; readonly history: RestartHistory }
  | { readonly kind: 'backoff'; readonly attempt: number; readonly delayMs: number; readonly history: RestartHistory }
  /** `pid` is absent when the stop came before the process existed. */
  | { readonly kind: 'stopping'; readonly attempt: number; readonly pid?: number; readonly history: RestartHistory }
  | { readonly kind: 'stopped'; readonly attempt: number }
  | { readonly kind: 'gave-up'; readonly attempt: number; readonly reason: string };

export type ChildStateKind = ChildState['kind'];

export type ChildInput =
  | { readonly kind: 'Spawned'; readonly attempt: number; readonly pid: number; readonly at: number }
  | { readonly kind: 'SpawnFailed'; readonly attempt: number; readonly message: string; readonly at: number }
  | { readonly kind: 'Exited'; readonly attempt: number; readonly code: number | null; readonly signal: string | null; readonly at: number }
  | { readonly kind: 'StopRequested'; readonly graceMs: number }
  | { readonly kind: 'BackoffElapsed'; readonly attempt: number }
  | { readonly kind: 'GraceElapsed'; readonly attempt: number };

export type ChildCommand =
  | { readonly kind: 'Spawn'; readonly attempt: number }
  | { readonly kind: 'Signal'; readonly signal: 'SIGTERM' | 'SIGKILL' }
  | { readonly kind: 'StartBackoffTimer'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'CancelBackoffTimer' }
  | { readonly kind: 'StartGraceTimer'; readonly attempt: number; readonly graceMs: number }
  | { readonly kind: 'CancelGraceTimer' }
  | { readonly kind: 'Emit'; readonly event: SupervisorEvent };

export interface Transition {
  readonly state: ChildState;
  readonly commands: readonly ChildCommand[];
}

/** What the machine needs besides state and input: the child's id, its policy, a random source. */
export interface ChildContext {
  readonly id: string;
  readonly policy: RestartPolicy;
  readonly random: () => number;
}

/** The first transition of a child: attempt 1, spawn it. */
export function startChild(at: number): Transition {
  return { state: { kind: 'starting', attempt: 1, history: freshHistory(at) }, commands: [{ kind: 'Spawn', attempt: 1 }] };
}

/** True once the child will never run again under this supervisor. */
export function isTerminal(state: ChildState): boolean {
  return state.kind === 'stopped' || state.kind === 'gave-up';
}

/** Applies one input. Inputs that do not apply to the current state (stale attempts) change nothing. */
export function step(ctx: ChildContext, state: ChildState, input: ChildInput): Transition {
  const unchanged: Transition = { state, commands: [] };
  if ('attempt' in input && input.attempt !== state.attempt) return unchanged;
  switch (input.kind) {
    case 'Spawned':
      return onSpawned(ctx, state, input.pid, input.at);
    case 'SpawnFailed':
      return onSpawnFailed(ctx, state, input.message, input.at);
    case 'Exited':
      return onExited(ctx, state, input.code, input.signal, input.at);
    case 'StopRequested':
      return onStopRequested(ctx, state, input.graceMs);
    case 'BackoffElapsed':
      if (state.kind !== 'backoff') return unchanged;
      return { state: { kind: 'starting', attempt: state.attempt, history: state.history }, commands: [{ kind: 'Spawn', attempt: state.attempt }] };
    case 'GraceElapsed':
      if (state.kind !== 'stopping' || state.pid === undefined) return unchanged;
      return { state, commands: [{ kind: 'Signal', signal: 'SIGKILL' }] };
    default:
      return assertNever(input, 'child input');
  }
}

function onSpawned(ctx: ChildContext, state: ChildState, pid: number, at: number): Transition {
  const started: ChildCommand = { kind: 'Emit', event: { kind: 'ChildStarted', id: ctx.id, pid, attempt: state.attempt } };
  if (state.kind === 'starting') {
    return { state: { kind: 'running', attempt: state.attempt, pid, history: markStarted(state.history, at) }, commands: [started] };
  }
  if (state.kind === 'stopping' && state.pid === undefined) {
    // Stopped while still spawning: the grace timer already runs; ask the new process to leave.
    return { state: { ...state, pid }, commands: [started, { kind: 'Signal', signal: 'SIGTERM' }] };
  }
  return { state, commands: [] };
}

function onSpawnFailed(ctx: ChildContext, state: ChildState, message: string, at: number): Transition {
  const failed: ChildCommand = { kind: 'Emit', event: { kind: 'ChildSpawnFailed', id: ctx.id, attempt: state.attempt, message } };
  if (state.kind === 'starting') {
    // A process that never ran had no stable period: count its run as zero-length.
    const failure = onFailure(ctx, state.attempt, markStarted(state.history, at), at);
    return { state: failure.state, commands: [failed, ...failure.commands] };
  }
  if (state.kind === 'stopping' && state.pid === undefined) {
    return stopped(ctx, state.attempt, [failed, { kind: 'CancelGraceTimer' }]);
  }
  return { state, commands: [] };
}

function onExited(ctx: ChildContext, state: ChildState, code: number | null, signal: string | null, at: number): Transition {
  const exited: ChildCommand = { kind: 'Emit', event: { kind: 'ChildExited', id: ctx.id, code, signal } };
  if (state.kind === 'stopping') return stopped(ctx, state.attempt, [exited, { kind: 'CancelGraceTimer' }]);
  if (state.kind !== 'running') return { state, commands: [] };
  if (code === 0 && signal === null) return stopped(ctx, state.attempt, [exited]);
  const failure = onFailure(ctx, state.attempt, state.history, at);
  return { state: failure.state, commands: [exited, ...failure.commands] };
}

function onStopRequested(ctx: ChildContext, state: ChildState, graceMs: number): Transition {
  switch (state.kind) {
    case 'running':
      return {
        state: { kind: 'stopping', attempt: state.attempt, pid: state.pid, history: state.history },
        commands: [{ kind: 'Signal', signal: 'SIGTERM' }, { kind: 'StartGraceTimer', attempt: state.attempt, graceMs }],
      };
    case 'starting':
      return {
        state: { kind: 'stopping', attempt: state.attempt, history: state.history },
        commands: [{ kind: 'StartGraceTimer', attempt: state.attempt, graceMs }],
      };
    case 'backoff':
      return stopped(ctx, state.attempt, [{ kind: 'CancelBackoffTimer' }]);
    case 'stopping':
    case 'stopped':
    case 'gave-up':
      return { state, commands: [] };
    default:
      return assertNever(state, 'child state');
  }
}

function onFailure(ctx: ChildContext, attempt: number, history: RestartHistory, at: number): Transition {
  const decision = decide(ctx.policy, history, at, ctx.random);
  if (decision.kind === 'give-up') {
    return {
      state: { kind: 'gave-up', attempt, reason: decision.reason },
      commands: [{ kind: 'Emit', event: { kind: 'ChildGaveUp', id: ctx.id, reason: decision.reason } }],
    };
  }
  const next = attempt + 1;
  return {
    state: { kind: 'backoff', attempt: next, delayMs: decision.delayMs, history: decision.next },
    commands: [
      { kind: 'Emit', event: { kind: 'ChildRestarting', id: ctx.id, delayMs: decision.delayMs, attempt: next } },
      { kind: 'StartBackoffTimer', attempt: next, delayMs: decision.delayMs },
    ],
  };
}

function stopped(ctx: ChildContext, attempt: number, before: readonly ChildCommand[]): Transition {
  return { state: { kind: 'stopped', attempt }, commands: [...before, { kind: 'Emit', event: { kind: 'ChildStopped', id: ctx.id } }] };
}
