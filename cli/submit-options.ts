// Flags of `flint submit` (Spark's spark-submit) as typed options. Pure: argv and env in, options
// out; every mistake is a CONFIG error naming the flag, followed by the usage.
import { parseArgs } from 'node:util';
import { EngineError, ErrorCode, parseDuration } from '../common/index.js';
import { parseMasterUrl } from '../runtime/context/index.js';
import { parseDriverRestartPolicy, type DriverRestartPolicy } from '../runtime/supervisor/index.js';
import { splitUrlCredentials, type DeployMode } from '../runtime/submit/index.js';
import type { NatsAuthOptions } from './runtime-options.js';

export const SUBMIT_USAGE = `usage: flint submit PROGRAM.ts|.mjs [--master nats://HOST:PORT|local[N]] [--deploy-mode client|cluster]
                    [--name NAME] [--conf KEY=VALUE]... [--cluster NAME]
                    [--restart-policy never|on-failure|always] [--max-retries N] [--retry-interval 10s]
                    [--node NODE_ID] [--wait] [--timeout 30s]
                    [--user U --password P | --token T | --creds FILE] [--tls-ca F] [--tls-cert F] [--tls-key F] [--insecure]
                    [-- PROGRAM ARGS...]
  without --master the program runs here in local mode (spark.master=local[*])`;

export type SubmitTarget =
  /** Runs here with worker-thread executors; no broker. */
  | { readonly kind: 'local'; readonly master: string }
  /** Driver here (client) or on a node (cluster), executors on the cluster at `url` (credentials removed). */
  | { readonly kind: 'cluster'; readonly url: string; readonly deployMode: DeployMode };

export interface SubmitOptions {
  readonly program: string;
  readonly args: readonly string[];
  readonly target: SubmitTarget;
  /** --name, else the program's file name. */
  readonly name: string;
  readonly conf: Readonly<Record<string, string>>;
  readonly restartPolicy: DriverRestartPolicy;
  /** Cluster mode: follow the application until it ends and exit 0 (FINISHED) or 1. */
  readonly wait: boolean;
  /** Cluster mode: the node to run the driver on (default: a live node picked by the submitter). */
  readonly node?: string;
  readonly cluster: string;
  /** Time limit of each ask to the Master or a node. */
  readonly timeoutMs: number;
  readonly auth: NatsAuthOptions;
  readonly insecure: boolean;
}

function configError(message: string, flag: string): EngineError {
  return new EngineError(ErrorCode.Config, `${message}\n${SUBMIT_USAGE}`, { fields: { flag } });
}

export function parseSubmitOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SubmitOptions {
  // Everything after `--` belongs to the program, flags included.
  const split = argv.indexOf('--');
  const own = split < 0 ? [...argv] : argv.slice(0, split);
  const args = split < 0 ? [] : argv.slice(split + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      strict: true,
      allowPositionals: true,
      options: {
        master: { type: 'string' }, 'deploy-mode': { type: 'string' }, name: { type: 'string' },
        conf: { type: 'string', multiple: true }, cluster: { type: 'string' },
        'restart-policy': { type: 'string' }, 'max-retries': { type: 'string' }, 'retry-interval': { type: 'string' },
        node: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' },
        user: { type: 'string' }, password: { type: 'string' }, token: { type: 'string' }, creds: { type: 'string' },
        'tls-ca': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, insecure: { type: 'boolean' },
      },
    });
  } catch (err) {
    // Node's message for an unknown flag runs on with advice about positionals; the flag is what matters.
    const unknown = /Unknown option '([^']+)'/.exec((err as Error).message);
    throw configError(`flint submit: ${unknown ? `unknown option ${unknown[1]}` : (err as Error).message}`, 'argv');
  }
  const v = parsed.values;
  const [program, ...extra] = parsed.positionals;
  if (program === undefined) throw configError('flint submit: missing the program file (app.ts or app.mjs)', 'program');
  if (extra.length > 0) throw configError(`flint submit: unexpected argument ${JSON.stringify(extra[0])} (program arguments go after --)`, 'program');

  const target = parseTarget(v.master, v['deploy-mode']);
  const conf = parseConf(v.conf ?? []);
  const clusterMode = target.kind === 'cluster' && target.deployMode === 'cluster';
  const restartFlags = { restartPolicy: v['restart-policy'], maxRetries: v['max-retries'], retryInterval: v['retry-interval'] };
  if (!clusterMode) {
    const given = Object.entries({ '--restart-policy': restartFlags.restartPolicy, '--max-retries': restartFlags.maxRetries, '--retry-interval': restartFlags.retryInterval, '--node': v.node, '--wait': v.wait })
      .find(([, value]) => value !== undefined);
    if (given) throw configError(`flint submit: ${given[0]} applies to --deploy-mode cluster only (the driver here ends with this command)`, given[0]);
  }
  const restartPolicy = parseDriverRestartPolicy(restartFlags);
  const cluster = v.cluster ?? 'flint';
  if (!/^[A-Za-z0-9_-]+$/.test(cluster)) throw configError(`flint submit: --cluster must be letters, digits, _ or -, got ${JSON.stringify(cluster)}`, '--cluster');
  if (v.node !== undefined && !/^[A-Za-z0-9_-]+$/.test(v.node)) throw configError(`flint submit: --node must be letters, digits, _ or -, got ${JSON.stringify(v.node)}`, '--node');
  let timeoutMs = 30_000;
  if (v.timeout !== undefined) {
    try {
      timeoutMs = parseDuration(/^\d+(\.\d+)?$/.test(v.timeout) ? `${v.timeout}s` : v.timeout, '--timeout');
    } catch {
      throw configError(`flint submit: --timeout must be a duration like 30s, got ${JSON.stringify(v.timeout)}`, '--timeout');
    }
  }
  const fromUrl = v.master === undefined ? {} : splitUrlCredentials(v.master).credentials;
  const tls = v['tls-ca'] || v['tls-cert'] || v['tls-key'] ? { caFile: v['tls-ca'], certFile: v['tls-cert'], keyFile: v['tls-key'] } : undefined;
  const auth: NatsAuthOptions = {
    user: v.user ?? fromUrl.user ?? env.FLINT_NATS_USER,
    password: v.password ?? fromUrl.password ?? env.FLINT_NATS_PASSWORD,
    token: v.token ?? fromUrl.token ?? env.FLINT_NATS_TOKEN,
    credsFile: v.creds ?? env.FLINT_NATS_CREDS,
    tls,
  };
  return {
    program, args, target, conf, restartPolicy, cluster, timeoutMs, auth,
    name: v.name ?? conf['spark.app.name'] ?? programName(program),
    wait: v.wait ?? false,
    node: v.node,
    insecure: v.insecure ?? false,
  };
}

function parseTarget(master: string | undefined, deployModeFlag: string | undefined): SubmitTarget {
  const deployMode = deployModeFlag ?? 'client';
  if (deployMode !== 'client' && deployMode !== 'cluster') {
    throw configError(`flint submit: --deploy-mode must be client or cluster, got ${JSON.stringify(deployMode)}`, '--deploy-mode');
  }
  if (master === undefined || /^local(\[|$)/.test(master.trim())) {
    if (deployMode === 'cluster') throw configError('flint submit: --deploy-mode cluster needs --master nats://HOST:PORT (a node of a cluster runs the driver)', '--deploy-mode');
    if (master !== undefined) parseMasterUrl(master); // validates local[N]
    return { kind: 'local', master: master?.trim() ?? 'local[*]' };
  }
  const { url } = splitUrlCredentials(master);
  if (!/^(nats|tls):\/\/\S+$/.test(url)) {
    throw configError(`flint submit: --master must be nats://HOST:PORT, tls://HOST:PORT or local[N], got ${JSON.stringify(url)}`, '--master');
  }
  return { kind: 'cluster', url, deployMode };
}

function parseConf(pairs: readonly string[]): Record<string, string> {
  const conf: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw configError(`flint submit: --conf ${JSON.stringify(pair.split('=')[0])} must be KEY=VALUE`, '--conf');
    conf[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return conf;
}

/** `jobs/word-count.ts` → `word-count`. */
function programName(program: string): string {
  const base = program.split(/[\\/]/).pop() ?? program;
  return base.replace(/\.(m|c)?(t|j)sx?$/, '') || base;
}
