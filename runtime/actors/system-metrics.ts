// Counters of one actor system, read as plain numbers by `system.metrics()` (and exported to
// Prometheus by the node runtime).

export interface SystemCounters {
  /** Messages handed to a behaviour. */
  delivered: number;
  /** Messages that reached no live actor: full mailbox, stopped or missing actor, reply without an ask. */
  deadLetters: number;
  /** Inbound bytes that were not a valid envelope (or a body that does not match its type). */
  badMessages: number;
  /** Inbound messages whose type is not in the actor's protocol. */
  unknownTypes: number;
  /** Inbound messages of a protocol version newer than the actor understands. */
  futureVersions: number;
  /** Messages dropped because the mailbox was full (also counted in deadLetters). */
  mailboxFull: number;
  restarts: number;
  /** Asks from this system that timed out. */
  askTimeouts: number;
  /** Messages this system handed to the transport / received from it. */
  remoteSent: number;
  remoteReceived: number;
}

export interface ActorSystemMetrics extends Readonly<SystemCounters> {
  /** Live actors. */
  readonly actors: number;
  /** Asks awaiting a reply. */
  readonly pendingAsks: number;
  /** Watch relations held by local watchers. */
  readonly watches: number;
}

export function newCounters(): SystemCounters {
  return {
    delivered: 0, deadLetters: 0, badMessages: 0, unknownTypes: 0, futureVersions: 0,
    mailboxFull: 0, restarts: 0, askTimeouts: 0, remoteSent: 0, remoteReceived: 0,
  };
}
