// Registers the OpenTelemetry tracing SDK for this process: a NodeTracerProvider (AsyncLocalStorage
// context, W3C trace-context + baggage propagators) whose BatchSpanProcessor posts OTLP/HTTP JSON.
// The SDK is loaded only here, so a process without an endpoint never loads it.
import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import type { Logger } from '../../common/index.js';
import { diagBridge } from './diag-bridge.js';
import { flintResource } from './flint-resource.js';

export interface TracingSetup {
  /**
   * Exports the spans still queued (waiting at most `timeoutMs` for the collector), stops the
   * provider and unregisters it, the context manager and the propagator. Idempotent.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

export interface TracingSetupOptions {
  /** The full traces URL (`…/v1/traces`). */
  readonly url: string;
  /** Resource attributes (service.name, flint.node.id, …). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly logger?: Logger;
}

/** Builds and registers the global tracer provider. */
export async function startTracing(options: TracingSetupOptions): Promise<TracingSetup> {
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, resource] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    flintResource(options.attributes),
  ]);
  if (options.logger) diag.setLogger(diagBridge(options.logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  // BatchSpanProcessor reads OTEL_BSP_* (e.g. OTEL_BSP_SCHEDULE_DELAY) for what is not set here.
  const exporter = new OTLPTraceExporter({ url: options.url });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  provider.register();
  let stopped: Promise<void> | undefined;
  return {
    shutdown(timeoutMs) {
      stopped ??= withDeadline(provider.shutdown(), timeoutMs).then(() => {
        trace.disable();
        propagation.disable();
        context.disable();
        diag.disable();
      });
      return stopped;
    },
  };
}

function withDeadline(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); timer.unref(); });
  return Promise.race([p.catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}
