// Prometheus view of one actor system's counters (`ActorSystem.metrics()`), read at scrape time by
// observable instruments. Labels carry no values from messages or config, so no secret can leak.
import type { Meter, Observable } from '@opentelemetry/api';
import type { ActorSystemMetrics } from '../actors/index.js';

type CounterKey = 'delivered' | 'deadLetters' | 'badMessages' | 'unknownTypes' | 'futureVersions' | 'mailboxFull' | 'restarts' | 'askTimeouts' | 'remoteSent' | 'remoteReceived';
type GaugeKey = 'actors' | 'pendingAsks' | 'watches';

/**
 * Instrument names (the Prometheus exporter appends `_total` to counters: `flint_actor_messages_delivered`
 * is scraped as `flint_actor_messages_delivered_total`) and what each counts.
 */
export const ACTOR_COUNTERS: readonly { readonly key: CounterKey; readonly name: string; readonly description: string }[] = [
  { key: 'delivered', name: 'flint_actor_messages_delivered', description: 'Messages handed to an actor behaviour' },
  { key: 'deadLetters', name: 'flint_actor_dead_letters', description: 'Messages that reached no live actor (full mailbox, stopped or missing actor, reply without an ask)' },
  { key: 'badMessages', name: 'flint_actor_bad_messages', description: 'Inbound bytes that were not a valid envelope, or a body that did not match its type' },
  { key: 'unknownTypes', name: 'flint_actor_unknown_types', description: 'Inbound messages whose type is not in the target actor\'s protocol' },
  { key: 'futureVersions', name: 'flint_actor_future_versions', description: 'Inbound messages of a protocol version newer than the actor understands' },
  { key: 'mailboxFull', name: 'flint_actor_mailbox_full', description: 'Messages dropped because the mailbox was full (also counted as dead letters)' },
  { key: 'restarts', name: 'flint_actor_restarts', description: 'Actor restarts by supervision' },
  { key: 'askTimeouts', name: 'flint_actor_ask_timeouts', description: 'Asks from this process that timed out' },
  { key: 'remoteSent', name: 'flint_actor_remote_messages_sent', description: 'Messages handed to the transport (NATS)' },
  { key: 'remoteReceived', name: 'flint_actor_remote_messages_received', description: 'Messages received from the transport (NATS)' },
];

export const ACTOR_GAUGES: readonly { readonly key: GaugeKey; readonly name: string; readonly description: string }[] = [
  { key: 'actors', name: 'flint_actor_live_actors', description: 'Live actors' },
  { key: 'pendingAsks', name: 'flint_actor_pending_asks', description: 'Asks awaiting a reply' },
  { key: 'watches', name: 'flint_actor_watches', description: 'Death-watch relations held by local watchers' },
];

/** Registers the instruments; `source` is read once per scrape (undefined: nothing is reported). */
export function observeActorSystem(meter: Meter, source: () => ActorSystemMetrics | undefined): void {
  const counters = ACTOR_COUNTERS.map((c) => ({ key: c.key, instrument: meter.createObservableCounter(c.name, { description: c.description }) }));
  const gauges = ACTOR_GAUGES.map((g) => ({ key: g.key, instrument: meter.createObservableGauge(g.name, { description: g.description }) }));
  const observables: Observable[] = [...counters, ...gauges].map((i) => i.instrument);
  meter.addBatchObservableCallback((result) => {
    const m = source();
    if (!m) return;
    for (const c of counters) result.observe(c.instrument, m[c.key]);
    for (const g of gauges) result.observe(g.instrument, m[g.key]);
  }, observables);
}
