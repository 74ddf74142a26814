// Supervision strategies are plain data; `decideFailure` is the pure decision of what a failure
// does, given the restarts already made inside the strategy's window.
import { assertNever } from '../../common/index.js';

export type SupervisionStrategy =
  /** Replace the behaviour with a fresh one; stop after `maxRestarts` restarts within `withinMs`. */
  | { readonly kind: 'restart'; readonly maxRestarts: number; readonly withinMs: number }
  | { readonly kind: 'stop' }
  /** Stop this actor and fail its parent with the same error (the parent's strategy applies). */
  | { readonly kind: 'escalate' }
  /** Keep the behaviour and its state; drop the failed message. */
  | { readonly kind: 'resume' };

export const defaultSupervision: SupervisionStrategy = { kind: 'restart', maxRestarts: 10, withinMs: 60_000 };

export type Directive = 'restart' | 'stop' | 'escalate' | 'resume';

export interface Decision {
  readonly directive: Directive;
  /** Monotonic times of the restarts still inside the window, including this one if restarting. */
  readonly restartTimes: readonly number[];
  /** Set when a restart strategy gave up because its budget was spent. */
  readonly exhausted: boolean;
}

/** Decides what one failure at monotonic time `now` does. */
export function decideFailure(strategy: SupervisionStrategy, restartTimes: readonly number[], now: number): Decision {
  switch (strategy.kind) {
    case 'restart': {
      const recent = restartTimes.filter((t) => now - t < strategy.withinMs);
      if (recent.length >= strategy.maxRestarts) return { directive: 'stop', restartTimes: recent, exhausted: true };
      return { directive: 'restart', restartTimes: [...recent, now], exhausted: false };
    }
    case 'stop':
    case 'escalate':
    case 'resume':
      return { directive: strategy.kind, restartTimes, exhausted: false };
    default:
      return assertNever(strategy, 'supervision strategy');
  }
}
