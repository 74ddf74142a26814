// What a submitted program's process receives: its spark.* settings as JSON in FLINT_SUBMIT_CONF,
// NATS credentials in FLINT_NATS_* (never in argv, where `ps` shows them), and on a node the attempt
// number and the launcher's pid. One place builds it for local, client and cluster mode.
import { SUBMIT_CONF_ENV } from '../context/index.js';
import { deployModeKey } from './submit-config.js';
import type { DeployMode } from './application-record.js';

/** The driver attempt (1, 2, …) set by a node's DriverLauncher; absent in client and local mode. */
export const DRIVER_ATTEMPT_ENV = 'FLINT_DRIVER_ATTEMPT';
/** The application id `flint submit` gave the program (absent in local mode). */
export const APP_ID_ENV = 'FLINT_APP_ID';
/** Set by a node's launcher: the driver exits when this pid stops being its parent (the node died). */
export const DRIVER_PARENT_PID_ENV = 'FLINT_DRIVER_PARENT_PID';

export interface NatsCredentials {
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  readonly credsFile?: string;
}

export interface NatsTlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface SubmitConfInput {
  /** `local[*]` or the cluster's NATS URL without credentials. */
  readonly master: string;
  readonly appName?: string;
  readonly deployMode?: DeployMode;
  readonly cluster?: string;
  readonly tls?: NatsTlsFiles;
  readonly insecure?: boolean;
  /** `--conf k=v` settings; the explicit flags above win over them, as in spark-submit. */
  readonly conf?: Readonly<Record<string, string>>;
}

/** The spark.* settings a submitted program's SparkContext reads. */
export function submitConf(input: SubmitConfInput): Record<string, string> {
  const conf: Record<string, string> = { ...input.conf };
  conf['spark.master'] = input.master;
  if (input.appName !== undefined) conf['spark.app.name'] = input.appName;
  if (input.deployMode !== undefined) conf[deployModeKey.key] = input.deployMode;
  if (input.cluster !== undefined) conf['flint.cluster'] = input.cluster;
  if (input.tls?.caFile) conf['flint.nats.tls.ca'] = input.tls.caFile;
  if (input.tls?.certFile) conf['flint.nats.tls.cert'] = input.tls.certFile;
  if (input.tls?.keyFile) conf['flint.nats.tls.key'] = input.tls.keyFile;
  if (input.insecure) conf['flint.nats.insecure'] = 'true';
  return conf;
}

export interface DriverEnvInput {
  readonly conf: Readonly<Record<string, string>>;
  readonly credentials?: NatsCredentials;
  readonly appId?: string;
  readonly attempt?: number;
  readonly parentPid?: number;
}

/** Environment variables to add to the driver process's environment. */
export function driverEnv(input: DriverEnvInput): Record<string, string> {
  const env: Record<string, string> = { [SUBMIT_CONF_ENV]: JSON.stringify(input.conf) };
  const c = input.credentials ?? {};
  if (c.user) env.FLINT_NATS_USER = c.user;
  if (c.password) env.FLINT_NATS_PASSWORD = c.password;
  if (c.token) env.FLINT_NATS_TOKEN = c.token;
  if (c.credsFile) env.FLINT_NATS_CREDS = c.credsFile;
  if (input.appId !== undefined) env[APP_ID_ENV] = input.appId;
  if (input.attempt !== undefined) env[DRIVER_ATTEMPT_ENV] = String(input.attempt);
  if (input.parentPid !== undefined) env[DRIVER_PARENT_PID_ENV] = String(input.parentPid);
  return env;
}

/**
 * Splits credentials out of a NATS URL (`nats://user:pass@host`, `nats://token@host`), as the node
 * runtime reads them: the URL to hand on, and the credentials for the environment.
 */
export function splitUrlCredentials(url: string): { readonly url: string; readonly credentials: NatsCredentials } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, credentials: {} };
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  if (!user && !password) return { url, credentials: {} };
  const credentials: NatsCredentials = password ? { user, password } : { token: user };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/$/, ''), credentials };
}
