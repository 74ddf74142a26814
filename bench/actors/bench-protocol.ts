// What the benchmark's two processes agree on: node ids, actor protocols, raw subjects and the
// control messages (JSON over core NATS) the sender uses to arm, observe and stop the peer.
import { actorRef, defineProtocol, type ActorRef } from '../../runtime/actors/index.js';

/** Cluster token of both actor systems (the actor subjects are `flint.bench.actor.…`). */
export const CLUSTER = 'bench';
export const SENDER_NODE = 'bench-sender';
export const PEER_NODE = 'bench-peer';

/** What `tell` throughput sends: `payload` is S bytes. */
export interface Data { readonly kind: 'Data'; readonly payload: Uint8Array }
export type SinkMsg = Data;
export const sinkProtocol = defineProtocol<SinkMsg>('bench-sink', 1, { Data: true });

/** What `ask` latency sends; the echo actor replies with the payload. */
export interface Echo { readonly kind: 'Echo'; readonly payload: Uint8Array }
export type EchoMsg = Echo;
export const echoProtocol = defineProtocol<EchoMsg>('bench-echo', 1, { Echo: true });

export const sinkRef: ActorRef<SinkMsg> = actorRef<SinkMsg>(PEER_NODE, 'user/sink');
export const echoRef: ActorRef<EchoMsg> = actorRef<EchoMsg>(PEER_NODE, 'user/echo');

/** Raw nats.js subjects (outside the `flint.` tree; no headers). */
export const RawSubject = {
  data: 'bench.raw.data',
  echo: 'bench.raw.echo',
} as const;

/** Control subjects (their own connection in each process, idle during a measurement). */
export const ControlSubject = {
  /** Request: `Arm` → `Armed`. */
  arm: 'bench.ctl.arm',
  /** Request: `Expect` → `Armed`; the peer reports Progress once it has received `expected`. */
  expect: 'bench.ctl.expect',
  /** Peer → sender: `Progress` every `progressEvery` messages and at `expected`. */
  progress: 'bench.ctl.progress',
  /** Request: `{}` → `PeerStats`. */
  stats: 'bench.ctl.stats',
  /** Request: `{}` → `{}`; the peer then shuts down and exits. */
  quit: 'bench.ctl.quit',
} as const;

/** Which path a trial measures. */
export type Side = 'raw' | 'actor';

/** Resets the peer's counter of `side` before a tell trial. */
export interface Arm {
  /** Trial number, echoed in every Progress so late reports of an earlier trial are ignored. */
  readonly trial: number;
  readonly side: Side;
  readonly progressEvery: number;
}

/** Sent when the sender stopped: how many messages the trial sent in all. */
export interface Expect {
  readonly trial: number;
  readonly side: Side;
  readonly expected: number;
}

export interface Armed { readonly side: Side; readonly ok: boolean }

export interface Progress {
  readonly trial: number;
  readonly side: Side;
  /** Messages received since the last Arm. */
  readonly received: number;
  /** Payload bytes received since the last Arm (sanity check of the body size). */
  readonly bytes: number;
}

/** Counters the sender reads after a trial that lost messages, or at the end. */
export interface PeerStats {
  readonly raw: { readonly received: number; readonly bytes: number };
  readonly actor: { readonly received: number; readonly bytes: number };
  /** The peer actor system's drop counters (dead letters, full mailbox, refused messages). */
  readonly deadLetters: number;
  readonly mailboxFull: number;
  readonly rejected: number;
}

/** The line the peer prints on stdout once every subscription is registered with the server. */
export const READY_LINE = 'bench-peer ready';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}
