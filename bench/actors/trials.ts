// One measurement each: a tell throughput trial (one-way messages sent for a fixed time, windowed so
// the peer's server buffer stays bounded, timed from the first send until the peer reports all of
// them) and an ask latency trial (sequential round trips). Raw and actor trials share the code.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/transport-node';
import { ControlSubject, decodeJson, encodeJson, type Arm, type Armed, type Expect, type PeerStats, type Side } from './bench-protocol.js';
import type { ProgressBoard } from './progress-board.js';

/** How one side sends a tell-trial message and pushes its buffered output to the server. */
export interface TellSender {
  send(): void;
  flush(): Promise<void>;
}

export interface TellSettings {
  /** The sender sends for this long (then waits until the peer has received everything). */
  readonly durationMs: number;
  /** Upper bound of the messages of one trial. */
  readonly maxMessages: number;
  /** Most messages sent and not yet reported received (keeps the server's buffer for the peer bounded). */
  readonly window: number;
  /** Messages sent between yields to the event loop (so control traffic and socket writes proceed). */
  readonly batch: number;
  /** A trial ends as lost when the peer reports no progress for this long. */
  readonly stallMs: number;
}

export type TellResult =
  | { readonly kind: 'completed'; readonly messages: number; readonly messagesPerSecond: number; readonly elapsedMs: number }
  | { readonly kind: 'lost'; readonly sent: number; readonly received: number; readonly elapsedMs: number };

const CONTROL_TIMEOUT_MS = 5000;

async function controlRequest(control: NatsConnection, subject: string, a: Arm | Expect): Promise<void> {
  const reply = await control.request(subject, encodeJson(a), { timeout: CONTROL_TIMEOUT_MS });
  const armed = decodeJson<Armed>(reply.data);
  if (!armed.ok || armed.side !== a.side) throw new Error(`bench peer refused ${subject} for ${a.side} trial ${a.trial}`);
}

export async function peerStats(control: NatsConnection): Promise<PeerStats> {
  const reply = await control.request(ControlSubject.stats, encodeJson({}), { timeout: CONTROL_TIMEOUT_MS });
  return decodeJson<PeerStats>(reply.data);
}

/**
 * Sends through `sender` for `durationMs` and times until the peer has received every message sent:
 * throughput = sent / (first send → peer's report of the last one).
 */
export async function tellTrial(
  trial: number, side: Side, sender: TellSender, settings: TellSettings, control: NatsConnection, board: ProgressBoard,
): Promise<TellResult> {
  const { durationMs, maxMessages, window, batch, stallMs } = settings;
  const progressEvery = Math.max(1, Math.floor(window / 16));
  await controlRequest(control, ControlSubject.arm, { trial, side, progressEvery });
  board.reset(side, trial);
  const t0 = performance.now();
  const until = t0 + durationMs;
  let sent = 0;
  let stalled = false;
  while (sent < maxMessages && performance.now() < until) {
    const limit = Math.min(maxMessages, board.received(side) + window);
    if (sent >= limit) {
      // The window is full: wait for the next progress report.
      if (!(await board.waitFor(side, sent - window + progressEvery, stallMs))) { stalled = true; break; }
      continue;
    }
    const end = Math.min(limit, sent + batch);
    for (; sent < end; sent++) sender.send();
    await yieldToLoop();
  }
  await sender.flush();
  await controlRequest(control, ControlSubject.expect, { trial, side, expected: sent });
  const reached = !stalled && (await board.waitFor(side, sent, stallMs));
  const elapsedMs = performance.now() - t0;
  if (reached) return { kind: 'completed', messages: sent, messagesPerSecond: sent / (elapsedMs / 1000), elapsedMs };
  const stats = await peerStats(control);
  return { kind: 'lost', sent, received: stats[side].received, elapsedMs };
}

export interface AskSettings {
  readonly roundTrips: number;
}

/** Latencies in microseconds of `roundTrips` sequential asks, sorted ascending. */
export async function askTrial(ask: () => Promise<unknown>, settings: AskSettings): Promise<Float64Array> {
  const out = new Float64Array(settings.roundTrips);
  for (let i = 0; i < settings.roundTrips; i++) {
    const t0 = performance.now();
    await ask();
    out[i] = (performance.now() - t0) * 1000;
  }
  return out.sort();
}
