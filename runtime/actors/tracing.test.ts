import t from 'tap';
import { propagation, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ActorRef } from './actor-ref.js';
import { defineProtocol } from './protocol.js';
import { settle, testCluster } from './test-kit.fixture.js';

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

type Msg = { readonly kind: 'Hello' } | { readonly kind: 'Relay'; readonly to: ActorRef<Msg> } | { readonly kind: 'Note' };
const protocol = defineProtocol<Msg>('trace', 1, { Hello: true, Relay: true, Note: true });

t.test('trace context crosses an in-process remote hop', async (t) => {
  const c = testCluster();
  const a = c.system('a');
  const b = c.system('b');
  const z = c.system('z');
  const notes: string[] = [];
  const props = {
    protocol,
    create: () => ({
      receive(ctx: import('./actor-context.js').ActorContext<Msg>, msg: Msg) {
        switch (msg.kind) {
          case 'Hello': ctx.reply('hi'); return;
          case 'Relay': ctx.tell(msg.to, { kind: 'Note' }); ctx.reply('relayed'); return;
          case 'Note': notes.push(ctx.self.node); return;
        }
      },
    }),
  };
  const target = a.spawn<Msg>('target', props);
  const sink = z.spawn<Msg>('sink', props);

  t.equal(await b.ask(target, { kind: 'Hello' }, { timeoutMs: 1000 }), 'hi');
  const ask = exporter.getFinishedSpans().find((s) => s.name === 'ask Hello');
  const receive = exporter.getFinishedSpans().find((s) => s.name === 'receive Hello');
  t.ok(ask && receive, 'both sides record a span');
  t.equal(ask!.kind, SpanKind.CLIENT);
  t.equal(receive!.kind, SpanKind.SERVER);
  t.equal(receive!.spanContext().traceId, ask!.spanContext().traceId, 'the receiver continues the asker’s trace');
  t.equal(receive!.parentSpanContext?.spanId, ask!.spanContext().spanId, 'the receive span is a child of the ask span');
  t.match(receive!.attributes, { 'flint.actor.path': 'user/target', 'flint.message.type': 'Hello' });

  exporter.reset();
  t.equal(await b.ask(target, { kind: 'Relay', to: sink }, { timeoutMs: 1000 }), 'relayed');
  await settle();
  t.same(notes, ['z']);
  const relayAsk = exporter.getFinishedSpans().find((s) => s.name === 'ask Relay');
  const note = exporter.getFinishedSpans().find((s) => s.name === 'receive Note');
  t.ok(note, 'a tell made while handling a traced message carries the trace on');
  t.equal(note!.kind, SpanKind.CONSUMER);
  const relayReceive = exporter.getFinishedSpans().find((s) => s.name === 'receive Relay');
  t.equal(note!.spanContext().traceId, relayAsk!.spanContext().traceId);
  t.equal(note!.parentSpanContext?.spanId, relayReceive!.spanContext().spanId, 'the tell is a child of the receive span');

  exporter.reset();
  a.tell(target, { kind: 'Note' });
  await settle();
  t.same(exporter.getFinishedSpans().map((s) => s.name), [], 'untraced tells make no spans');
  await c.shutdown();
});
