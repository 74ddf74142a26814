// The Transport port over an InProcessHub: local mode, worker threads and actor tests. It behaves
// like the NATS transport where it matters: asynchronous delivery, a max payload enforced at the
// sender with PAYLOAD_TOO_LARGE, request timeouts, and fast ACTOR_NOT_FOUND when nobody listens.
import { EngineError, ErrorCode, silentLogger, systemClock, type Clock, type Logger } from '../../common/index.js';
import { wireSize } from './envelope.js';
import { InProcessHub } from './in-process-transport-hub.js';
import type {
  Address, InboundHandler, InboundMessage, Subscription, Transport, TransportStatus, WireMessage,
} from './transport.js';

export { InProcessHub } from './in-process-transport-hub.js';

/** NATS's default max_payload. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export interface InProcessTransportOptions {
  readonly maxPayload?: number;
  /** Drives request timeouts (a ManualClock in tests). */
  readonly clock?: Clock;
  /** Where a throwing handler is reported. */
  readonly logger?: Logger;
}

/** The hub key of an actor address. */
export function addressKey(address: Address): string {
  return `${address.node}/${address.path}`;
}

export class InProcessTransport implements Transport {
  readonly kind = 'in-process' as const;
  readonly maxPayload: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly subscriptions = new Set<() => void>();
  private readonly statusListeners = new Set<(s: TransportStatus) => void>();
  private readonly inFlight = new Set<(err: EngineError) => void>();
  private closed = false;

  constructor(private readonly hub: InProcessHub, options: InProcessTransportOptions = {}) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger();
  }

  listen(address: Address, handler: InboundHandler): Subscription {
    return this.track(this.hub.listen(addressKey(address), this.guard(handler, addressKey(address))));
  }

  subscribe(topic: string, handler: InboundHandler): Subscription {
    return this.track(this.hub.subscribe(topic, this.guard(handler, topic)));
  }

  send(address: Address, msg: WireMessage): void {
    const key = addressKey(address);
    this.check(msg, key);
    this.hub.send(key, msg);
  }

  request(address: Address, msg: WireMessage, timeoutMs: number): Promise<WireMessage> {
    const key = addressKey(address);
    try {
      this.check(msg, key);
    } catch (err) {
      return Promise.reject(err);
    }
    const pending = this.hub.request(key, msg);
    return new Promise<WireMessage>((resolve, reject) => {
      let done = false;
      const finish = (err: EngineError | undefined, reply?: WireMessage): void => {
        if (done) return;
        done = true;
        timer.cancel();
        this.inFlight.delete(fail);
        if (err) {
          pending.cancel();
          reject(err);
        } else resolve(reply!);
      };
      const fail = (err: EngineError): void => finish(err);
      const timer = this.clock.setTimeout(() => finish(new EngineError(ErrorCode.AskTimeout,
        `request to ${key} got no reply within ${timeoutMs} ms`, { retryable: true, fields: { target: key, timeoutMs } })), timeoutMs);
      this.inFlight.add(fail);
      pending.reply.then((reply) => finish(undefined, reply), (err: EngineError) => finish(err));
    });
  }

  publish(topic: string, msg: WireMessage): void {
    this.check(msg, topic);
    this.hub.publish(topic, msg);
  }

  flush(): Promise<void> {
    return this.hub.flush();
  }

  onStatus(listener: (status: TransportStatus) => void): Subscription {
    this.statusListeners.add(listener);
    return { unsubscribe: () => { this.statusListeners.delete(listener); } };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const remove of [...this.subscriptions]) remove();
    this.subscriptions.clear();
    const err = this.closedError('close');
    for (const fail of [...this.inFlight]) fail(err);
    for (const l of [...this.statusListeners]) l({ kind: 'closed' });
    this.statusListeners.clear();
  }

  private track(remove: () => void): Subscription {
    if (this.closed) {
      remove();
      throw this.closedError('listen');
    }
    this.subscriptions.add(remove);
    return { unsubscribe: () => { if (this.subscriptions.delete(remove)) remove(); } };
  }

  /** Wraps a handler: replies are size-checked like sends, and a throwing handler is logged. */
  private guard(handler: InboundHandler, where: string): InboundHandler {
    return (msg: InboundMessage) => {
      const respond = msg.respond;
      const inbound: InboundMessage = respond
        ? { headers: msg.headers, body: msg.body, respond: (reply) => { this.check(reply, `reply from ${where}`); respond(reply); } }
        : msg;
      try {
        handler(inbound);
      } catch (err) {
        this.log.error({ err, where }, 'transport handler threw');
      }
    };
  }

  private check(msg: WireMessage, target: string): void {
    if (this.closed) throw this.closedError(target);
    const size = wireSize(msg);
    if (size > this.maxPayload) {
      throw new EngineError(ErrorCode.PayloadTooLarge,
        `message of ${size} bytes to ${target} exceeds the max payload of ${this.maxPayload} bytes`,
        { fields: { size, maxPayload: this.maxPayload, target } });
    }
  }

  private closedError(target: string): EngineError {
    return new EngineError(ErrorCode.TransportClosed, `in-process transport is closed (${target})`, { fields: { target } });
  }
}
