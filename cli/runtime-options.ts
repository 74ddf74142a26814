// Parses `node runtime` flags into a typed, validated RuntimeOptions (no I/O here).
// Secrets may come from flags or the environment (FLINT_NATS_PASSWORD, FLINT_NATS_TOKEN) and are
// never echoed back in errors.
import { parseArgs } from 'node:util';
import { EngineError, ErrorCode, parseBytes, parseDuration } from '../common/index.js';
import { resolveTracesUrl } from '../runtime/telemetry/index.js';

export type Role = 'node' | 'master' | 'both';

export interface NatsAuthOptions {
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  readonly credsFile?: string;
  readonly tls?: { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
}

export interface RuntimeOptions {
  readonly role: Role;
  readonly master: string;
  readonly redis?: string;
  readonly cluster: string;
  readonly nodeId?: string;
  readonly cores?: number;
  readonly memoryBytes?: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly leaseTtlMs: number;
  readonly insecure: boolean;
  readonly logLevel: string;
  readonly auth: NatsAuthOptions;
  /** Executor processes this node starts and supervises (static allocation: the autoscaler's baseline). */
  readonly executors: number;
  /** Per executor, for this node's own executors and, on a Master, for those its autoscaler launches. */
  readonly executorCores: number;
  readonly executorMemoryBytes: number;
  /** `--otlp-endpoint`: OTLP/HTTP base URL for traces (else the OTEL_EXPORTER_OTLP_* environment decides). */
  readonly otlpEndpoint?: string;
  /** `--metrics-port` / `--metrics-host` (default 127.0.0.1): where the Prometheus endpoint is served. */
  readonly metrics?: { readonly host: string; readonly port: number };
}

export const RUNTIME_USAGE = `usage: node runtime [--master nats://HOST:PORT] [--cores N] [--memory SIZE]
                    [--role node|master|both] [--redis redis://HOST:PORT] [--cluster NAME]
                    [--node-id ID] [--heartbeat-interval 1s] [--heartbeat-timeout 5s] [--lease-ttl 3s]
                    [--user U --password P | --token T | --creds FILE] [--tls-ca F] [--tls-cert F] [--tls-key F]
                    [--executors N] [--executor-cores N] [--executor-memory 1g]
                    [--otlp-endpoint URL] [--metrics-port N] [--metrics-host 127.0.0.1]
                    [--insecure] [--log-level info]`;

function configError(message: string, flag: string): EngineError {
  return new EngineError(ErrorCode.Config, `${message}\n${RUNTIME_USAGE}`, { fields: { flag } });
}

function positiveInt(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw configError(`${flag} must be a positive integer, got ${JSON.stringify(raw)}`, flag);
  return Number(raw);
}

export function parseRuntimeOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        master: { type: 'string' },
        redis: { type: 'string' },
        role: { type: 'string' },
        cluster: { type: 'string' },
        'node-id': { type: 'string' },
        cores: { type: 'string' },
        memory: { type: 'string' },
        'heartbeat-interval': { type: 'string' },
        'heartbeat-timeout': { type: 'string' },
        'lease-ttl': { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        token: { type: 'string' },
        creds: { type: 'string' },
        'tls-ca': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        insecure: { type: 'boolean' },
        'log-level': { type: 'string' },
        executors: { type: 'string' },
        'executor-cores': { type: 'string' },
        'executor-memory': { type: 'string' },
        'otlp-endpoint': { type: 'string' },
        'metrics-port': { type: 'string' },
        'metrics-host': { type: 'string' },
      },
    });
  } catch (err) {
    throw configError((err as Error).message, 'argv');
  }
  const v = parsed.values;
  const role = (v.role ?? 'node') as Role;
  if (!['node', 'master', 'both'].includes(role)) throw configError(`--role must be node, master or both, got ${JSON.stringify(v.role)}`, '--role');
  const redis = v.redis ?? env.FLINT_REDIS_URL;
  if (role !== 'node' && !redis) throw configError('--role master needs --redis redis://HOST:PORT (the leader lease lives there)', '--redis');
  const master = v.master ?? env.FLINT_MASTER ?? 'nats://127.0.0.1:4222';
  if (!/^(nats|tls):\/\//.test(master)) throw configError(`--master must be a nats:// or tls:// URL, got ${JSON.stringify(master.replace(/\/\/[^@/]*@/, '//…@'))}`, '--master');
  const cluster = v.cluster ?? 'flint';
  if (!/^[A-Za-z0-9_-]+$/.test(cluster)) throw configError(`--cluster must be letters, digits, _ or -, got ${JSON.stringify(cluster)}`, '--cluster');
  if (v['node-id'] !== undefined && !/^[A-Za-z0-9_-]+$/.test(v['node-id'])) throw configError(`--node-id must be letters, digits, _ or -, got ${JSON.stringify(v['node-id'])}`, '--node-id');
  let memoryBytes: number | undefined;
  if (v.memory !== undefined) {
    try {
      memoryBytes = parseBytes(v.memory, '--memory');
    } catch {
      throw configError(`--memory must be a size like 512m or 4g, got ${JSON.stringify(v.memory)}`, '--memory');
    }
    if (memoryBytes <= 0) throw configError('--memory must be more than 0', '--memory');
  }
  const duration = (flag: string, raw: string | undefined, def: number): number => {
    if (raw === undefined) return def;
    try {
      const ms = parseDuration(raw, flag);
      if (ms <= 0) throw new Error('non-positive');
      return ms;
    } catch {
      throw configError(`${flag} must be a duration like 500ms or 5s, got ${JSON.stringify(raw)}`, flag);
    }
  };
  const heartbeatIntervalMs = duration('--heartbeat-interval', v['heartbeat-interval'], 1000);
  const heartbeatTimeoutMs = duration('--heartbeat-timeout', v['heartbeat-timeout'], 5000);
  if (heartbeatTimeoutMs <= heartbeatIntervalMs) throw configError('--heartbeat-timeout must be longer than --heartbeat-interval', '--heartbeat-timeout');
  const tls = v['tls-ca'] || v['tls-cert'] || v['tls-key'] ? { caFile: v['tls-ca'], certFile: v['tls-cert'], keyFile: v['tls-key'] } : undefined;
  let executors = 0;
  if (v.executors !== undefined) {
    if (!/^\d+$/.test(v.executors)) throw configError(`--executors must be a whole number, got ${JSON.stringify(v.executors)}`, '--executors');
    executors = Number(v.executors);
  }
  if (executors > 0 && role === 'master') throw configError('--executors needs a node (--role node or both)', '--executors');
  let executorMemoryBytes = 1024 ** 3;
  if (v['executor-memory'] !== undefined) {
    try {
      executorMemoryBytes = parseBytes(v['executor-memory'], '--executor-memory');
    } catch {
      throw configError(`--executor-memory must be a size like 512m or 4g, got ${JSON.stringify(v['executor-memory'])}`, '--executor-memory');
    }
  }
  const otlpEndpoint = v['otlp-endpoint'];
  if (otlpEndpoint !== undefined) {
    try {
      resolveTracesUrl(otlpEndpoint, {});
    } catch (err) {
      throw configError((err as Error).message, '--otlp-endpoint');
    }
  }
  const metricsPort = positiveInt(v['metrics-port'], '--metrics-port');
  if (metricsPort !== undefined && metricsPort > 65535) throw configError(`--metrics-port must be at most 65535, got ${metricsPort}`, '--metrics-port');
  if (v['metrics-host'] !== undefined && metricsPort === undefined) throw configError('--metrics-host needs --metrics-port', '--metrics-host');
  if (v['metrics-host'] === '') throw configError('--metrics-host must not be empty', '--metrics-host');
  return {
    otlpEndpoint,
    metrics: metricsPort === undefined ? undefined : { host: v['metrics-host'] ?? '127.0.0.1', port: metricsPort },
    executors,
    executorCores: positiveInt(v['executor-cores'], '--executor-cores') ?? 1,
    executorMemoryBytes,
    role,
    master,
    redis,
    cluster,
    nodeId: v['node-id'],
    cores: positiveInt(v.cores, '--cores'),
    memoryBytes,
    heartbeatIntervalMs,
    heartbeatTimeoutMs,
    leaseTtlMs: duration('--lease-ttl', v['lease-ttl'], 3000),
    insecure: v.insecure ?? false,
    logLevel: v['log-level'] ?? env.FLINT_LOG_LEVEL ?? 'info',
    auth: {
      user: v.user ?? env.FLINT_NATS_USER,
      password: v.password ?? env.FLINT_NATS_PASSWORD,
      token: v.token ?? env.FLINT_NATS_TOKEN,
      credsFile: v.creds ?? env.FLINT_NATS_CREDS,
      tls,
    },
  };
}
