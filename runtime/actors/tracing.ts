// OpenTelemetry glue: asks are CLIENT spans, their context crosses the wire as W3C `traceparent`,
// and a receiver runs a message inside a SERVER/CONSUMER span parented by the sender's context.
// With no SDK registered every call here is a cheap no-op.
import { context, propagation, trace, SpanKind, type Context, type Span, type Tracer } from '@opentelemetry/api';

export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

export const defaultTracer = (): Tracer => trace.getTracer('flint.actors');

/** The context to propagate: the active one if it holds a span, else `fallback` (the message being handled). */
export function outgoingContext(fallback: Context | undefined): Context {
  const active = context.active();
  if (trace.getSpan(active) || !fallback) return active;
  return fallback;
}

export function injectContext(ctx: Context): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

export function extractContext(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(context.active(), headers);
}

export function startAskSpan(tracer: Tracer, type: string, target: string, parent: Context): Span {
  return tracer.startSpan(`ask ${type}`, { kind: SpanKind.CLIENT, attributes: { 'flint.actor.target': target, 'flint.message.type': type } }, parent);
}

/**
 * A span for handling one message, only when the message belongs to a trace (so untraced traffic
 * costs nothing). Returns the context to run `receive` in and the span to end afterwards.
 */
export function startReceiveSpan(tracer: Tracer, type: string, path: string, parent: Context, isAsk: boolean): { ctx: Context; span?: Span } {
  if (!trace.getSpanContext(parent)) return { ctx: parent };
  const span = tracer.startSpan(`receive ${type}`, {
    kind: isAsk ? SpanKind.SERVER : SpanKind.CONSUMER,
    attributes: { 'flint.actor.path': path, 'flint.message.type': type },
  }, parent);
  return { ctx: trace.setSpan(parent, span), span };
}
