// Restart decisions as data (Erlang/Akka bounded restarts): at most `maxRestarts` restarts within a
// sliding `withinMs` window, each after an exponentially growing, capped delay with proportional
// jitter (jitter 1 = AWS "full jitter") that resets once a child has run stably for `resetAfterMs`.
// Pure: time and randomness are arguments.
import { EngineError, ErrorCode } from '../../common/index.js';

/** How a supervised child is restarted after it fails. Plain serializable data. */
export interface RestartPolicy {
  /** Most restarts allowed inside one window; the next failure gives up. 0 never restarts. */
  readonly maxRestarts: number;
  /** Length of the sliding window in which restarts are counted (ms). */
  readonly withinMs: number;
  /** Delay before the first restart of a streak (ms). */
  readonly initialBackoffMs: number;
  /** Upper bound of the delay, before jitter (ms). */
  readonly maxBackoffMs: number;
  /** Growth factor of the delay per consecutive failure (≥ 1). */
  readonly multiplier: number;
  /**
   * Proportional jitter in [0, 1]: the delay is drawn uniformly from [base·(1−jitter), base].
   * 0 is no jitter, 0.5 is AWS "equal jitter", 1 is AWS "full jitter".
   */
  readonly jitter: number;
  /** A run at least this long counts as stable and resets the backoff streak (ms). */
  readonly resetAfterMs: number;
}

/** Defaults: 5 restarts per minute, 100 ms doubling to 30 s, 20 % jitter, reset after a stable minute. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  withinMs: 60_000,
  initialBackoffMs: 100,
  maxBackoffMs: 30_000,
  multiplier: 2,
  jitter: 0.2,
  resetAfterMs: 60_000,
};

/** Fills defaults and validates; throws INVALID_ARGUMENT naming the bad field. */
export function restartPolicy(partial: Partial<RestartPolicy> = {}): RestartPolicy {
  const p: RestartPolicy = { ...DEFAULT_RESTART_POLICY, resetAfterMs: partial.withinMs ?? DEFAULT_RESTART_POLICY.resetAfterMs, ...partial };
  check(Number.isInteger(p.maxRestarts) && p.maxRestarts >= 0, 'maxRestarts', p.maxRestarts, 'an integer ≥ 0');
  check(isNonNegative(p.withinMs) && p.withinMs > 0, 'withinMs', p.withinMs, 'a positive number of ms');
  check(isNonNegative(p.initialBackoffMs), 'initialBackoffMs', p.initialBackoffMs, 'a number of ms ≥ 0');
  check(isNonNegative(p.maxBackoffMs) && p.maxBackoffMs >= p.initialBackoffMs, 'maxBackoffMs', p.maxBackoffMs, 'a number of ms ≥ initialBackoffMs');
  check(Number.isFinite(p.multiplier) && p.multiplier >= 1, 'multiplier', p.multiplier, 'a number ≥ 1');
  check(Number.isFinite(p.jitter) && p.jitter >= 0 && p.jitter <= 1, 'jitter', p.jitter, 'a number in [0, 1]');
  check(isNonNegative(p.resetAfterMs), 'resetAfterMs', p.resetAfterMs, 'a number of ms ≥ 0');
  return p;
}

/** What a supervisor remembers about one child between failures. */
export interface RestartHistory {
  /** Failure times (monotonic ms) that were answered by a restart, oldest first, pruned to the window. */
  readonly restarts: readonly number[];
  /** Consecutive failures without a stable run in between; the backoff exponent. */
  readonly streak: number;
  /** When the current run started (monotonic ms). */
  readonly startedAt: number;
}

/** A restart decision. `next` is the history to keep once the restart is scheduled. */
export type RestartDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; readonly next: RestartHistory }
  | { readonly kind: 'give-up'; readonly reason: string };

/** The history of a child that has just started for the first time. */
export function freshHistory(startedAt: number): RestartHistory {
  return { restarts: [], streak: 0, startedAt };
}

/** Records that the child (re)started at `at`. */
export function markStarted(history: RestartHistory, at: number): RestartHistory {
  return { ...history, startedAt: at };
}

/**
 * Decides what to do about a failure at `failureAt`. `random` returns a number in [0, 1) and is
 * the only source of jitter, so tests pass a fixed one.
 */
export function decide(policy: RestartPolicy, history: RestartHistory, failureAt: number, random: () => number): RestartDecision {
  const windowStart = failureAt - policy.withinMs;
  const recent = history.restarts.filter((at) => at > windowStart);
  if (recent.length >= policy.maxRestarts) {
    return {
      kind: 'give-up',
      reason: `${recent.length} restart(s) within ${policy.withinMs} ms reached maxRestarts=${policy.maxRestarts}`,
    };
  }
  const stable = failureAt - history.startedAt >= policy.resetAfterMs;
  const streak = stable ? 0 : history.streak;
  const delayMs = jittered(backoffBase(policy, streak), policy.jitter, random);
  return { kind: 'restart', delayMs, next: { restarts: [...recent, failureAt], streak: streak + 1, startedAt: history.startedAt } };
}

/** The capped, un-jittered delay for the `streak`-th consecutive failure (0-based). */
export function backoffBase(policy: RestartPolicy, streak: number): number {
  const raw = policy.initialBackoffMs * Math.pow(policy.multiplier, streak);
  return Math.min(policy.maxBackoffMs, raw);
}

function jittered(base: number, jitter: number, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (1 - jitter * r));
}

function isNonNegative(n: number): boolean {
  return Number.isFinite(n) && n >= 0;
}

function check(ok: boolean, field: string, value: unknown, expected: string): void {
  if (!ok) {
    throw new EngineError(ErrorCode.InvalidArgument, `restart policy ${field}=${String(value)} is not ${expected}`, {
      fields: { field },
    });
  }
}
