// An application submitted with `flint submit`, as kept in the cluster's `apps` KV bucket, and the
// pure transitions of its state. Plain JSON data with no secrets: settings (`--conf`) are not kept.
//
//   SUBMITTED ──▶ RUNNING ──▶ FINISHED
//       │            │ └────▶ FAILED
//       │            └──▶ RESTARTING ──▶ RUNNING …   (cluster mode, per the restart policy)
//       └──▶ FAILED  (refused by the node, or the bundle could not be fetched)
import type { DriverRestartPolicy } from '../supervisor/index.js';

export const ApplicationState = {
  submitted: 'SUBMITTED',
  running: 'RUNNING',
  restarting: 'RESTARTING',
  finished: 'FINISHED',
  failed: 'FAILED',
} as const;
export type ApplicationState = (typeof ApplicationState)[keyof typeof ApplicationState];

export type DeployMode = 'client' | 'cluster';

export interface ApplicationRecord {
  readonly appId: string;
  readonly name: string;
  /** `user@host` of the submitting process. */
  readonly submitter: string;
  readonly deployMode: DeployMode;
  /** sha256 (hex) of the bundle in the object store. */
  readonly bundleHash: string;
  readonly restartPolicy: DriverRestartPolicy;
  readonly state: ApplicationState;
  /** Driver attempts started so far (1 after the first start). */
  readonly attempts: number;
  /** Node running the driver (cluster mode), or the submitting host (client mode). */
  readonly node?: string;
  readonly submittedAt: number;
  readonly updatedAt: number;
  readonly endedAt?: number;
  readonly exitCode?: number | null;
  readonly lastError?: string;
}

/** True once the application will not run again. */
export function isFinalState(state: ApplicationState): boolean {
  return state === ApplicationState.finished || state === ApplicationState.failed;
}

/** Attempt `attempt` of the driver started on `node`. */
export function markRunning(app: ApplicationRecord, attempt: number, node: string, at: number): ApplicationRecord {
  return { ...app, state: ApplicationState.running, attempts: Math.max(app.attempts, attempt), node, updatedAt: at };
}

/** The last attempt failed and another one comes after the retry interval. */
export function markRestarting(app: ApplicationRecord, attempts: number, lastError: string, at: number): ApplicationRecord {
  return { ...app, state: ApplicationState.restarting, attempts: Math.max(app.attempts, attempts), lastError, updatedAt: at };
}

/** The driver will not run again: FINISHED when its last attempt succeeded, else FAILED with `error`. */
export function markEnded(app: ApplicationRecord, outcome: { readonly succeeded: boolean; readonly attempts: number; readonly exitCode?: number | null; readonly error?: string }, at: number): ApplicationRecord {
  const state = outcome.succeeded ? ApplicationState.finished : ApplicationState.failed;
  const ended: ApplicationRecord = {
    ...app, state, attempts: Math.max(app.attempts, outcome.attempts), updatedAt: at, endedAt: at,
    exitCode: outcome.exitCode === undefined ? app.exitCode : outcome.exitCode,
  };
  return outcome.error === undefined ? ended : { ...ended, lastError: outcome.error };
}

/** How a driver process ended, in one line: `exit code 3`, `killed by SIGKILL`. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal !== null) return `killed by ${signal}`;
  return `exit code ${code ?? 'unknown'}`;
}
