// The pure life of one cluster-mode driver on its node: (run, input) → { run, commands }. The
// launcher actor fetches bundles, spawns processes, keeps timers and writes records; this module
// only decides, with the restart policy's own decision function (decideDriverRestart).
//
//   Preparing ──BundleReady──▶ Running(1) (──AttemptStarted: record RUNNING) ──AttemptEnded──▶ decide ─restart─▶ Waiting(n+1) ──RetryDue──▶ Running(n+1)
//       │                         │                              └─finish──▶ Ended (FINISHED | FAILED)
//       └──BundleFailed──▶ Ended(FAILED)
//   Running ──Stop──▶ Stopping ──AttemptEnded──▶ Ended(FAILED);  Preparing | Waiting ──Stop──▶ Ended(FAILED)
import { assertNever } from '../../common/index.js';
import { decideDriverRestart, type DriverRestartPolicy } from '../supervisor/index.js';
import { describeExit } from './application-record.js';

export type DriverRun =
  | { readonly kind: 'preparing' }
  | { readonly kind: 'running'; readonly attempt: number }
  | { readonly kind: 'waiting'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'stopping'; readonly attempt: number; readonly reason: string }
  | { readonly kind: 'ended'; readonly attempts: number; readonly succeeded: boolean; readonly error?: string };

/** How an attempt's process ended; `spawnError` when it never ran. */
export interface AttemptExit {
  readonly code: number | null;
  readonly signal: string | null;
  readonly spawnError?: string;
}

export type DriverRunInput =
  | { readonly kind: 'BundleReady' }
  | { readonly kind: 'BundleFailed'; readonly reason: string }
  /** The attempt's process is running (its pid is known). */
  | { readonly kind: 'AttemptStarted'; readonly attempt: number; readonly pid: number }
  | { readonly kind: 'AttemptEnded'; readonly attempt: number; readonly exit: AttemptExit }
  | { readonly kind: 'RetryDue'; readonly attempt: number }
  | { readonly kind: 'Stop'; readonly reason: string };

export type DriverRunCommand =
  | { readonly kind: 'StartAttempt'; readonly attempt: number }
  | { readonly kind: 'StopAttempt'; readonly attempt: number }
  | { readonly kind: 'ScheduleRetry'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'CancelRetry' }
  | { readonly kind: 'RecordRunning'; readonly attempt: number }
  /** Record RESTARTING: `attempts` ran so far, the last one ended with `error`. */
  | { readonly kind: 'RecordRestarting'; readonly attempts: number; readonly error: string }
  | { readonly kind: 'RecordEnded'; readonly attempts: number; readonly succeeded: boolean; readonly exitCode?: number | null; readonly error?: string }
  /** The run is over: remove its files. */
  | { readonly kind: 'Cleanup' };

export interface DriverRunTransition {
  readonly run: DriverRun;
  readonly commands: readonly DriverRunCommand[];
}

export const preparing: DriverRun = { kind: 'preparing' };

/** True once the driver will not run again on this node. */
export function isRunOver(run: DriverRun): boolean {
  return run.kind === 'ended';
}

/** Applies one input; inputs of another attempt, or that do not apply to the state, change nothing. */
export function stepDriverRun(policy: DriverRestartPolicy, run: DriverRun, input: DriverRunInput): DriverRunTransition {
  const unchanged: DriverRunTransition = { run, commands: [] };
  switch (input.kind) {
    case 'BundleReady':
      if (run.kind !== 'preparing') return unchanged;
      return { run: { kind: 'running', attempt: 1 }, commands: [{ kind: 'StartAttempt', attempt: 1 }] };
    case 'BundleFailed':
      if (run.kind !== 'preparing') return unchanged;
      return end(0, false, undefined, `bundle unavailable: ${input.reason}`);
    case 'AttemptStarted':
      if (run.kind !== 'running' || run.attempt !== input.attempt) return unchanged;
      return { run, commands: [{ kind: 'RecordRunning', attempt: input.attempt }] };
    case 'AttemptEnded':
      return onAttemptEnded(policy, run, input.attempt, input.exit);
    case 'RetryDue':
      if (run.kind !== 'waiting' || run.attempt !== input.attempt) return unchanged;
      return { run: { kind: 'running', attempt: run.attempt }, commands: [{ kind: 'StartAttempt', attempt: run.attempt }] };
    case 'Stop':
      switch (run.kind) {
        case 'preparing':
          return end(0, false, undefined, input.reason);
        case 'running':
          return { run: { kind: 'stopping', attempt: run.attempt, reason: input.reason }, commands: [{ kind: 'StopAttempt', attempt: run.attempt }] };
        case 'waiting':
          return end(run.attempt - 1, false, undefined, input.reason, [{ kind: 'CancelRetry' }]);
        case 'stopping':
        case 'ended':
          return unchanged;
        default:
          return assertNever(run, 'driver run');
      }
    default:
      return assertNever(input, 'driver run input');
  }
}

function onAttemptEnded(policy: DriverRestartPolicy, run: DriverRun, attempt: number, exit: AttemptExit): DriverRunTransition {
  if ((run.kind !== 'running' && run.kind !== 'stopping') || run.attempt !== attempt) return { run, commands: [] };
  const succeeded = exit.spawnError === undefined && exit.code === 0 && exit.signal === null;
  const outcome = exit.spawnError !== undefined ? `could not start: ${exit.spawnError}` : describeExit(exit.code, exit.signal);
  if (run.kind === 'stopping') return end(attempt, false, exit.code, `${run.reason} (driver ${outcome})`);
  const decision = decideDriverRestart(policy, { succeeded, retries: attempt - 1 });
  if (decision.kind === 'finish') {
    return end(attempt, succeeded, exit.code, succeeded ? undefined : `attempt ${attempt}: ${outcome}`);
  }
  const error = `attempt ${attempt}: ${outcome}`;
  return {
    run: { kind: 'waiting', attempt: attempt + 1, delayMs: decision.delayMs },
    commands: [
      { kind: 'RecordRestarting', attempts: attempt, error },
      { kind: 'ScheduleRetry', attempt: attempt + 1, delayMs: decision.delayMs },
    ],
  };
}

function end(attempts: number, succeeded: boolean, exitCode: number | null | undefined, error: string | undefined, before: readonly DriverRunCommand[] = []): DriverRunTransition {
  const recorded: DriverRunCommand = { kind: 'RecordEnded', attempts, succeeded, ...(exitCode === undefined ? {} : { exitCode }), ...(error === undefined ? {} : { error }) };
  return {
    run: { kind: 'ended', attempts, succeeded, ...(error === undefined ? {} : { error }) },
    commands: [...before, recorded, { kind: 'Cleanup' }],
  };
}
