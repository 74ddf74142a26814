// One process's telemetry: OTLP trace export when an endpoint is configured, a Prometheus endpoint
// when a metrics port is; with neither, nothing is loaded or registered (the OpenTelemetry API
// stays a no-op). `shutdown()` flushes queued spans (bounded) and closes the endpoint.
import type { Meter } from '@opentelemetry/api';
import { redactUrlCredentials, type Logger } from '../../common/index.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { checkMetricsBind, resolveTracesUrl, type ServiceName } from './telemetry-config.js';
import { startTracing, type TracingSetup } from './tracing-setup.js';

export interface TelemetryOptions {
  /** `flint-node`, `flint-master` or `flint-cli` (resource `service.name`). */
  readonly serviceName: ServiceName;
  /** Resource `flint.node.id` (and `service.instance.id`). */
  readonly nodeId: string;
  /** `--otlp-endpoint`: a base URL like OTEL_EXPORTER_OTLP_ENDPOINT; falls back to the OTEL_* env. */
  readonly otlpEndpoint?: string;
  /** Serve Prometheus metrics here (host must be loopback unless `insecure`). */
  readonly prometheus?: { readonly host: string; readonly port: number };
  readonly insecure?: boolean;
  /** More resource attributes (`flint.cluster`, `flint.node.role`); never secrets. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Receives start-up lines and OpenTelemetry's own warnings (failed exports). */
  readonly logger?: Logger;
  /** Where the endpoint variables are read (default process.env); the SDK reads its other OTEL_* settings from process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  /** True when spans are exported (an SDK tracer provider is registered). */
  readonly tracing: boolean;
  /** The Prometheus endpoint and the meter to register instruments on, when one is served. */
  readonly metrics?: { readonly meter: Meter; readonly url: string };
  /** Flushes queued spans (waiting at most `timeoutMs`, default 3 s) and stops everything. Idempotent. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/** Starts what the options and environment ask for. Throws CONFIG or INSECURE_BIND before starting anything on bad input. */
export async function setupTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const tracesUrl = resolveTracesUrl(options.otlpEndpoint, options.env ?? process.env);
  if (options.prometheus) checkMetricsBind(options.prometheus.host, options.insecure ?? false, options.logger);
  if (!tracesUrl && !options.prometheus) return { tracing: false, shutdown: () => Promise.resolve() };

  const attributes: Record<string, string> = {
    'service.name': options.serviceName,
    'service.instance.id': options.nodeId,
    'flint.node.id': options.nodeId,
    ...options.attributes,
  };
  let server: MetricsServer | undefined;
  let tracing: TracingSetup | undefined;
  if (options.prometheus) {
    server = await startMetricsServer({ ...options.prometheus, attributes });
    options.logger?.info({ url: server.url }, 'serving Prometheus metrics');
  }
  if (tracesUrl) {
    try {
      tracing = await startTracing({ url: tracesUrl, attributes, logger: options.logger });
    } catch (err) {
      await server?.shutdown();
      throw err;
    }
    options.logger?.info({ url: redactUrlCredentials(tracesUrl) }, 'exporting traces over OTLP/HTTP');
  }
  let stopped: Promise<void> | undefined;
  return {
    tracing: tracing !== undefined,
    metrics: server ? { meter: server.meter, url: server.url } : undefined,
    shutdown(timeoutMs = 3000) {
      stopped ??= Promise.all([tracing?.shutdown(timeoutMs), server?.shutdown()]).then(() => undefined);
      return stopped;
    },
  };
}
