// A protocol is plain data naming the closed union of messages an actor accepts and the version it
// speaks. Inbound messages of another kind, or of a newer version, are refused and counted.

/** Every actor message is plain data tagged by `kind`. */
export interface Message {
  readonly kind: string;
}

export interface Protocol<M extends Message> {
  readonly name: string;
  /** Newest version this actor understands; senders stamp theirs on every message. */
  readonly version: number;
  readonly kinds: readonly M['kind'][];
}

/** Prefix of system message types (`sys.Watch`, `sys.Reply`…); never used by a protocol. */
export const SYSTEM_TYPE_PREFIX = 'sys.';

/**
 * Declares a protocol. `kinds` is a record so the compiler checks that every kind of the union is
 * listed: `defineProtocol<PingMsg>('ping', 1, { Ping: true, Stop: true })`.
 */
export function defineProtocol<M extends Message>(
  name: string,
  version: number,
  kinds: { readonly [K in M['kind']]: true },
): Protocol<M> {
  return { name, version, kinds: Object.keys(kinds) as M['kind'][] };
}
