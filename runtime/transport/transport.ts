// The transport port: moves opaque wire messages between actor addresses and broadcast topics.
// Two implementations: in-process (local mode, worker threads, tests) and NATS (cluster).
// Transports never decode bodies; the envelope codec and the actor system do.

/** Where a point-to-point message goes: an actor on a node. */
export interface Address {
  readonly node: string;
  readonly path: string;
}

/** Bytes plus string headers, as they cross the wire. */
export interface WireMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** A received message; `respond` is present when the sender asked (request/reply). */
export interface InboundMessage extends WireMessage {
  respond?(reply: WireMessage): void;
}

export type InboundHandler = (msg: InboundMessage) => void;

export interface Subscription {
  unsubscribe(): void;
}

export type TransportStatus =
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'reconnected' }
  | { readonly kind: 'closed'; readonly error?: Error };

export interface Transport {
  readonly kind: 'in-process' | 'nats';
  /** Largest body+headers the transport accepts in one message; larger sends throw PAYLOAD_TOO_LARGE. */
  readonly maxPayload: number;
  /** Receives every message addressed to `address` until unsubscribed. */
  listen(address: Address, handler: InboundHandler): Subscription;
  /** Fire-and-forget (at most once). Throws EngineError PAYLOAD_TOO_LARGE / TRANSPORT_CLOSED synchronously. */
  send(address: Address, msg: WireMessage): void;
  /** Request/reply; rejects with ASK_TIMEOUT after `timeoutMs`, ACTOR_NOT_FOUND when nobody listens. */
  request(address: Address, msg: WireMessage, timeoutMs: number): Promise<WireMessage>;
  /** Broadcast to every subscriber of `topic` (membership, heartbeats). */
  publish(topic: string, msg: WireMessage): void;
  subscribe(topic: string, handler: InboundHandler): Subscription;
  /** Resolves when everything sent so far has reached the server (NATS) or the receiver queue. */
  flush(): Promise<void>;
  onStatus(listener: (status: TransportStatus) => void): Subscription;
  close(): Promise<void>;
}
