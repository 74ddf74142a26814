// The Prometheus endpoint: an OpenTelemetry MeterProvider whose only reader is the Prometheus
// exporter's HTTP server (GET /metrics on host:port). Instruments are observable: they read the
// process's counters at scrape time, so nothing is recorded between scrapes.
import type { Meter } from '@opentelemetry/api';
import { EngineError, ErrorCode } from '../../common/index.js';
import { flintResource } from './flint-resource.js';

export interface MetricsServer {
  readonly meter: Meter;
  /** `http://host:port/metrics`. */
  readonly url: string;
  /** Stops the HTTP server and the meter provider. Idempotent. */
  shutdown(): Promise<void>;
}

export interface MetricsServerOptions {
  readonly host: string;
  readonly port: number;
  /** Resource attributes, exported once as the `target_info` series. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Meter (instrumentation scope) name of Flint's own metrics. */
export const FLINT_METER = 'flint';

/** Starts the endpoint; rejects with CONFIG when the port cannot be bound. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const [{ MeterProvider }, { PrometheusExporter }, resource] = await Promise.all([
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/exporter-prometheus'),
    flintResource(options.attributes),
  ]);
  const exporter = new PrometheusExporter({ host: options.host, port: options.port, preventServerStart: true });
  const provider = new MeterProvider({
    resource,
    readers: [exporter],
  });
  try {
    await exporter.startServer();
  } catch (err) {
    await provider.shutdown().catch(() => undefined);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new EngineError(ErrorCode.Config, `cannot serve metrics on ${options.host}:${options.port} (${reason}); choose another --metrics-port`, {
      fields: { flag: '--metrics-port', host: options.host, port: options.port }, cause: err,
    });
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopped: Promise<void> | undefined;
  return {
    meter: provider.getMeter(FLINT_METER),
    url: `http://${host}:${options.port}/metrics`,
    shutdown() {
      stopped ??= provider.shutdown().catch(() => undefined);
      return stopped;
    },
  };
}
