// The in-process "wire": a hub routes messages between the transports of several actor systems in
// one thread, asynchronously (a microtask per delivery, in send order). Hubs in other threads join
// as peers (see worker-bridge.ts); each hub tells its peers which addresses it can reach, so a send
// crosses at most the links on the path to a listener and a request with no listener fails fast.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { InboundHandler, InboundMessage, WireMessage } from './transport.js';

/** A request in flight: its reply, and a way to give up on it (timeout) so nothing leaks. */
export interface PendingRequest {
  readonly reply: Promise<WireMessage>;
  cancel(): void;
}

/** Another hub, reached over a link (a MessagePort to a worker thread). */
export interface HubPeer {
  /** This hub can (or no longer can) reach `key` other than through the peer itself. */
  announce(key: string, present: boolean): void;
  forward(key: string, msg: WireMessage): void;
  forwardRequest(key: string, msg: WireMessage): PendingRequest;
  forwardPublish(topic: string, msg: WireMessage): void;
  /** Resolves once everything forwarded so far has been handed to the other hub. */
  ping(): Promise<void>;
}

/** What a link calls on its hub when frames arrive from the peer. */
export interface PeerPort {
  interest(key: string, present: boolean): void;
  send(key: string, msg: WireMessage): void;
  request(key: string, msg: WireMessage): PendingRequest;
  publish(topic: string, msg: WireMessage): void;
  detach(): void;
}

interface PeerState {
  readonly interests: Set<string>;
  readonly announced: Set<string>;
}

export function notFound(key: string): EngineError {
  return new EngineError(ErrorCode.ActorNotFound, `no listener for ${key}`, { fields: { target: key } });
}

export class InProcessHub {
  private readonly local = new Map<string, Set<InboundHandler>>();
  private readonly topics = new Map<string, Set<InboundHandler>>();
  private readonly peers = new Map<HubPeer, PeerState>();

  /** Registers a handler for an address key; returns the function that removes it. */
  listen(key: string, handler: InboundHandler): () => void {
    return this.add(this.local, key, handler, true);
  }

  subscribe(topic: string, handler: InboundHandler): () => void {
    return this.add(this.topics, topic, handler, false);
  }

  /** True when a listener for `key` is reachable from here (locally or through a peer). */
  reachable(key: string): boolean {
    return (this.local.get(key)?.size ?? 0) > 0 || this.peerFor(key, undefined) !== undefined;
  }

  send(key: string, msg: WireMessage, origin?: HubPeer): void {
    const handlers = this.local.get(key);
    if (handlers) for (const h of handlers) this.dispatch(this.local, key, h, msg);
    for (const [peer, state] of this.peers) if (peer !== origin && state.interests.has(key)) peer.forward(key, msg);
  }

  request(key: string, msg: WireMessage, origin?: HubPeer): PendingRequest {
    const handlers = this.local.get(key);
    if (handlers && handlers.size > 0) {
      let respond!: (reply: WireMessage) => void;
      const reply = new Promise<WireMessage>((resolve) => { respond = resolve; });
      let answered = false;
      const inbound: InboundMessage = {
        headers: msg.headers, body: msg.body,
        respond: (r) => { if (!answered) { answered = true; respond(r); } },
      };
      for (const h of handlers) this.dispatch(this.local, key, h, inbound);
      return { reply, cancel: () => { answered = true; } };
    }
    const peer = this.peerFor(key, origin);
    if (peer) return peer.forwardRequest(key, msg);
    return { reply: Promise.reject(notFound(key)), cancel: () => undefined };
  }

  publish(topic: string, msg: WireMessage, origin?: HubPeer): void {
    const handlers = this.topics.get(topic);
    if (handlers) for (const h of handlers) this.dispatch(this.topics, topic, h, msg);
    for (const peer of this.peers.keys()) if (peer !== origin) peer.forwardPublish(topic, msg);
  }

  /** Resolves once earlier deliveries have run here and been handed to every peer hub. */
  async flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all([...this.peers.keys()].map((p) => p.ping()));
  }

  /** Joins another hub; the link feeds the returned port with what the peer sends. */
  attach(peer: HubPeer): PeerPort {
    const state: PeerState = { interests: new Set(), announced: new Set() };
    this.peers.set(peer, state);
    for (const key of new Set([...this.local.keys(), ...[...this.peers.values()].flatMap((s) => [...s.interests])])) {
      this.interestChanged(key);
    }
    return {
      interest: (key, present) => {
        if (!this.peers.has(peer)) return;
        if (present) state.interests.add(key);
        else state.interests.delete(key);
        this.interestChanged(key);
      },
      send: (key, msg) => this.send(key, msg, peer),
      request: (key, msg) => this.request(key, msg, peer),
      publish: (topic, msg) => this.publish(topic, msg, peer),
      detach: () => {
        if (!this.peers.delete(peer)) return;
        for (const key of state.interests) this.interestChanged(key);
      },
    };
  }

  private add(index: Map<string, Set<InboundHandler>>, key: string, handler: InboundHandler, routed: boolean): () => void {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(handler);
    if (routed && set.size === 1) this.interestChanged(key);
    return () => {
      const s = index.get(key);
      if (!s?.delete(handler)) return;
      if (s.size > 0) return;
      index.delete(key);
      if (routed) this.interestChanged(key);
    };
  }

  /** Delivers on a microtask, to a handler that is still registered by then. */
  private dispatch(index: Map<string, Set<InboundHandler>>, key: string, handler: InboundHandler, msg: InboundMessage): void {
    queueMicrotask(() => {
      if (index.get(key)?.has(handler)) handler(msg);
    });
  }

  private peerFor(key: string, except: HubPeer | undefined): HubPeer | undefined {
    for (const [peer, state] of this.peers) if (peer !== except && state.interests.has(key)) return peer;
    return undefined;
  }

  private interestChanged(key: string): void {
    const localInterest = (this.local.get(key)?.size ?? 0) > 0;
    for (const [peer, state] of this.peers) {
      const want = localInterest || this.peerFor(key, peer) !== undefined;
      if (want === state.announced.has(key)) continue;
      if (want) state.announced.add(key);
      else state.announced.delete(key);
      peer.announce(key, want);
    }
  }
}
