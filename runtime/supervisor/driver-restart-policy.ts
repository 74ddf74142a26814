// The restart policy of a cluster-mode driver (`flint submit --restart-policy on-failure
// --max-retries 3 --retry-interval 10s`), as serializable data the Master keeps with the
// application, and the pure decision it makes when the driver exits.
import { EngineError, ErrorCode, parseDuration } from '../../common/index.js';

/** Whether and how the Master restarts an application's driver. */
export type DriverRestartPolicy =
  | { readonly kind: 'never' }
  | { readonly kind: 'on-failure'; readonly maxRetries: number; readonly retryIntervalMs: number }
  /** Restarts after success too (long-running streaming drivers); no `maxRetries` means unbounded. */
  | { readonly kind: 'always'; readonly retryIntervalMs: number; readonly maxRetries?: number };

export type DriverRestartKind = DriverRestartPolicy['kind'];

/** Defaults of `--max-retries` and `--retry-interval` when only the kind is given. */
export const DEFAULT_DRIVER_MAX_RETRIES = 3;
export const DEFAULT_DRIVER_RETRY_INTERVAL_MS = 10_000;

/** Raw CLI values of the three `flint submit` flags. */
export interface DriverRestartFlags {
  readonly restartPolicy?: string;
  readonly maxRetries?: string;
  readonly retryInterval?: string;
}

/** Parses the submit flags; throws CONFIG naming the flag that was wrong. Default: `never`. */
export function parseDriverRestartPolicy(flags: DriverRestartFlags): DriverRestartPolicy {
  const kind = (flags.restartPolicy ?? 'never').trim();
  if (kind === 'never') {
    if (flags.maxRetries !== undefined || flags.retryInterval !== undefined) {
      throw configError('--restart-policy', kind, '--max-retries and --retry-interval need --restart-policy on-failure or always');
    }
    return { kind: 'never' };
  }
  const retryIntervalMs = flags.retryInterval === undefined
    ? DEFAULT_DRIVER_RETRY_INTERVAL_MS
    : parseRetryInterval(flags.retryInterval);
  const maxRetries = flags.maxRetries === undefined ? undefined : parseMaxRetries(flags.maxRetries);
  if (kind === 'on-failure') return { kind, maxRetries: maxRetries ?? DEFAULT_DRIVER_MAX_RETRIES, retryIntervalMs };
  if (kind === 'always') return maxRetries === undefined ? { kind, retryIntervalMs } : { kind, retryIntervalMs, maxRetries };
  throw configError('--restart-policy', kind, 'must be one of never, on-failure, always');
}

/** How the driver's last attempt ended and how many restarts were already made. */
export interface DriverExit {
  readonly succeeded: boolean;
  /** Restarts already performed for this application (0 after the first attempt). */
  readonly retries: number;
}

export type DriverRestartDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; readonly retry: number }
  | { readonly kind: 'finish'; readonly reason: string };

/** Decides whether the Master relaunches the driver after it exits. */
export function decideDriverRestart(policy: DriverRestartPolicy, exit: DriverExit): DriverRestartDecision {
  switch (policy.kind) {
    case 'never':
      return { kind: 'finish', reason: 'restart policy is never' };
    case 'on-failure':
      if (exit.succeeded) return { kind: 'finish', reason: 'driver succeeded' };
      return withinRetries(policy.maxRetries, policy.retryIntervalMs, exit.retries);
    case 'always':
      return withinRetries(policy.maxRetries, policy.retryIntervalMs, exit.retries);
  }
}

function withinRetries(maxRetries: number | undefined, retryIntervalMs: number, retries: number): DriverRestartDecision {
  if (maxRetries !== undefined && retries >= maxRetries) {
    return { kind: 'finish', reason: `driver was restarted ${retries} time(s), maxRetries=${maxRetries}` };
  }
  return { kind: 'restart', delayMs: retryIntervalMs, retry: retries + 1 };
}

function parseMaxRetries(raw: string): number {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) throw configError('--max-retries', raw, 'must be an integer ≥ 0');
  return Number(trimmed);
}

function parseRetryInterval(raw: string): number {
  let ms: number;
  try {
    ms = parseDuration(raw, '--retry-interval');
  } catch (err) {
    throw configError('--retry-interval', raw, 'must be a duration like 500ms, 10s or 5m', err);
  }
  return ms;
}

function configError(flag: string, raw: string, problem: string, cause?: unknown): EngineError {
  return new EngineError(ErrorCode.Config, `${flag} ${raw}: ${problem}`, { fields: { flag }, cause });
}
