// Where telemetry goes, decided from flags and the standard OTEL_* environment (pure, no I/O):
// the OTLP/HTTP traces URL (or none: no SDK at all) and whether a metrics bind host is allowed.
// A URL's credentials never appear in an error message.
import { EngineError, ErrorCode, redactUrlCredentials, type Logger } from '../../common/index.js';
import { isLoopbackHost } from '../transport/security.js';

/** The `service.name` of each kind of Flint process. */
export const ServiceName = {
  node: 'flint-node',
  master: 'flint-master',
  cli: 'flint-cli',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];

const TRACES_PATH = '/v1/traces';

function parseHttpUrl(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (err) {
    throw new EngineError(ErrorCode.Config, `${source} must be an http:// or https:// URL, got ${JSON.stringify(redactUrlCredentials(raw))}`, {
      fields: { flag: source }, cause: err,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError(ErrorCode.Config, `${source} must be an http:// or https:// URL (OTLP over HTTP), got ${JSON.stringify(redactUrlCredentials(raw))}`, {
      fields: { flag: source },
    });
  }
  return url;
}

/** `http://host:4318` → `http://host:4318/v1/traces`; a URL that already ends in /v1/traces is kept. */
function withTracesPath(base: URL): string {
  if (base.pathname.endsWith(TRACES_PATH)) return base.href;
  const u = new URL(base.href);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${TRACES_PATH}`;
  return u.href;
}

/**
 * The OTLP/HTTP (JSON) URL spans are posted to, or undefined when tracing is off. Precedence: the
 * `--otlp-endpoint` flag (a base URL, like OTEL_EXPORTER_OTLP_ENDPOINT), then — unless
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none — OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used
 * as is), then OTEL_EXPORTER_OTLP_ENDPOINT (+ `/v1/traces`).
 */
export function resolveTracesUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag !== undefined && flag !== '') return withTracesPath(parseHttpUrl(flag, '--otlp-endpoint'));
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return parseHttpUrl(traces, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT').href;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (base) return withTracesPath(parseHttpUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  return undefined;
}

/**
 * Security by default for the Prometheus endpoint: it has neither credentials nor TLS, so it binds
 * loopback unless the operator passed `--insecure` (then it warns). Throws INSECURE_BIND otherwise.
 */
export function checkMetricsBind(host: string, insecure: boolean, logger?: Logger): 'loopback' | 'insecure-allowed' {
  if (isLoopbackHost(host)) return 'loopback';
  const fields = { host, flag: '--metrics-host' };
  if (insecure) {
    logger?.warn(fields, `metrics endpoint on non-loopback ${host} has no authentication or TLS because --insecure was given: anyone who can reach it can read cluster metrics`);
    return 'insecure-allowed';
  }
  throw new EngineError(ErrorCode.InsecureBind,
    `refusing to serve metrics on non-loopback ${host}: the endpoint has no authentication or TLS. ` +
    'Use a loopback --metrics-host (default 127.0.0.1) behind a proxy, or pass --insecure to accept the risk.',
    { fields });
}
