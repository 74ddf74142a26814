// The Transport port over a NATS connection: actors listen on their subject, asks are NATS
// request/reply, topics are plain subjects. At most once (publishes during a disconnect are lost);
// sizes are checked against the server's max_payload before sending; subscriptions survive reconnects.
import { errors, type Msg, type MsgHdrs, type NatsConnection, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import { EngineError, ErrorCode, silentLogger, type Logger } from '../../common/index.js';
import { connectNats, type NatsConnectOptions } from './nats-connection.js';
import { toNatsHeaders, wireFromNats, wirePayloadSize } from './nats-wire.js';
import { actorSubject, clusterPrefix, topicSubject } from './subjects.js';
import type {
  Address, InboundHandler, InboundMessage, Subscription, Transport, TransportStatus, WireMessage,
} from './transport.js';

export interface NatsTransportOptions {
  readonly connection: NatsConnection;
  /** Cluster name: the second token of every subject. */
  readonly cluster: string;
  readonly logger?: Logger;
  /** Close (drain) the connection on close() (default true). */
  readonly ownsConnection?: boolean;
}

/** Used only if the server sent no INFO yet (never after a successful connect). */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** Most actor subjects remembered (then the cache starts over), so churned addresses stay bounded. */
const SUBJECT_CACHE_LIMIT = 10_000;

export class NatsTransport implements Transport {
  readonly kind = 'nats' as const;
  readonly cluster: string;
  private readonly nc: NatsConnection;
  private readonly log: Logger;
  private readonly ownsConnection: boolean;
  private readonly statusListeners = new Set<(status: TransportStatus) => void>();
  private readonly subs = new Set<NatsSubscription>();
  /** Validated actor subjects by node, then path: building one per message costs more than sending it. */
  private readonly subjects = new Map<string, Map<string, string>>();
  private subjectCount = 0;
  private closePromise: Promise<void> | undefined;

  /** Connects with connectNats() and wraps the connection (which the transport then owns). */
  static async connect(options: NatsConnectOptions & { readonly cluster: string }): Promise<NatsTransport> {
    const connection = await connectNats(options);
    return new NatsTransport({ connection, cluster: options.cluster, logger: options.logger });
  }

  constructor(options: NatsTransportOptions) {
    this.nc = options.connection;
    clusterPrefix(options.cluster); // fail fast on an invalid cluster token
    this.cluster = options.cluster;
    this.log = options.logger ?? silentLogger();
    this.ownsConnection = options.ownsConnection ?? true;
    void this.watchStatus();
    void this.nc.closed().then((err) => this.emit({ kind: 'closed', error: err ?? undefined }));
  }

  /** The server's max_payload (it may change after a reconnect to another server). */
  get maxPayload(): number {
    return this.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
  }

  /** The underlying connection, for JetStream/KV/object store clients. */
  get connection(): NatsConnection {
    return this.nc;
  }

  listen(address: Address, handler: InboundHandler): Subscription {
    return this.subscribeSubject(this.actorSubjectOf(address), handler);
  }

  subscribe(topic: string, handler: InboundHandler): Subscription {
    return this.subscribeSubject(topicSubject(this.cluster, topic), handler);
  }

  send(address: Address, msg: WireMessage): void {
    this.publishSubject(this.actorSubjectOf(address), msg);
  }

  publish(topic: string, msg: WireMessage): void {
    this.publishSubject(topicSubject(this.cluster, topic), msg);
  }

  async request(address: Address, msg: WireMessage, timeoutMs: number): Promise<WireMessage> {
    const subject = this.actorSubjectOf(address);
    const { headers, size } = this.checkSize(subject, msg);
    try {
      const reply = await this.nc.request(subject, msg.body, { timeout: timeoutMs, headers });
      return wireFromNats(reply);
    } catch (err) {
      throw this.mapError(err, subject, { ...address, timeoutMs, size });
    }
  }

  async flush(): Promise<void> {
    try {
      await this.nc.flush();
    } catch (err) {
      throw this.mapError(err, '', {});
    }
  }

  onStatus(listener: (status: TransportStatus) => void): Subscription {
    this.statusListeners.add(listener);
    return { unsubscribe: () => { this.statusListeners.delete(listener); } };
  }

  /** Drains subscriptions (their pending messages are delivered) and, if owned, the connection. Idempotent. */
  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  private async shutdown(): Promise<void> {
    if (this.nc.isClosed()) return;
    if (this.ownsConnection) {
      await this.nc.drain().catch((err: unknown) => this.log.warn({ err }, 'NATS drain failed'));
      return;
    }
    await Promise.all([...this.subs].map((s) => s.drain().catch(() => undefined)));
    this.subs.clear();
  }

  /** actorSubject() of this cluster, cached; invalid addresses still throw (they are never cached). */
  private actorSubjectOf(address: Address): string {
    let byPath = this.subjects.get(address.node);
    const cached = byPath?.get(address.path);
    if (cached !== undefined) return cached;
    const subject = actorSubject(this.cluster, address);
    if (this.subjectCount >= SUBJECT_CACHE_LIMIT) {
      this.subjects.clear();
      this.subjectCount = 0;
      byPath = undefined;
    }
    if (!byPath) {
      byPath = new Map();
      this.subjects.set(address.node, byPath);
    }
    byPath.set(address.path, subject);
    this.subjectCount++;
    return subject;
  }

  private subscribeSubject(subject: string, handler: InboundHandler): Subscription {
    this.assertOpen(subject);
    let sub: NatsSubscription;
    try {
      sub = this.nc.subscribe(subject, { callback: (err, m) => this.deliver(subject, err, m, handler) });
    } catch (err) {
      throw this.mapError(err, subject, {});
    }
    this.subs.add(sub);
    void sub.closed.then(() => this.subs.delete(sub), () => this.subs.delete(sub));
    return {
      unsubscribe: () => {
        this.subs.delete(sub);
        if (!sub.isClosed() && !this.nc.isClosed()) sub.unsubscribe();
      },
    };
  }

  private deliver(subject: string, err: Error | null, m: Msg, handler: InboundHandler): void {
    if (err) {
      // Permission violations end the subscription; say so loudly.
      this.log.error({ err, subject }, 'NATS subscription failed');
      return;
    }
    const wire = wireFromNats(m);
    const inbound: InboundMessage = m.reply
      ? { ...wire, respond: (reply: WireMessage) => this.respond(m, reply) }
      : wire;
    try {
      handler(inbound);
    } catch (handlerErr) {
      // A throwing handler must not end the subscription for every later message.
      this.log.error({ err: handlerErr, subject }, 'transport handler threw');
    }
  }

  private respond(m: Msg, reply: WireMessage): void {
    const subject = m.reply ?? '';
    const { headers, size } = this.checkSize(subject, reply);
    try {
      this.nc.publish(subject, reply.body, { headers });
    } catch (err) {
      throw this.mapError(err, subject, { size });
    }
  }

  private publishSubject(subject: string, msg: WireMessage): void {
    const { headers, size } = this.checkSize(subject, msg);
    try {
      this.nc.publish(subject, msg.body, { headers });
    } catch (err) {
      throw this.mapError(err, subject, { size });
    }
  }

  private checkSize(subject: string, msg: WireMessage): { headers: MsgHdrs | undefined; size: number } {
    this.assertOpen(subject);
    const headers = toNatsHeaders(msg.headers);
    const size = wirePayloadSize(msg.body, headers);
    const maxPayload = this.maxPayload;
    if (size > maxPayload) throw payloadTooLarge(size, maxPayload, subject);
    return { headers, size };
  }

  private assertOpen(subject: string): void {
    if (this.closePromise !== undefined || this.nc.isClosed()) {
      throw new EngineError(ErrorCode.TransportClosed, `NATS transport is closed (subject ${subject})`, { fields: { subject } });
    }
  }

  private mapError(err: unknown, subject: string, fields: Record<string, string | number>): EngineError {
    if (err instanceof EngineError) return err;
    if (err instanceof errors.RequestError && err.isNoResponders()) {
      return new EngineError(ErrorCode.ActorNotFound, `no actor listens on ${subject}`, { fields: { ...fields, subject }, cause: err });
    }
    if (err instanceof errors.TimeoutError || (err instanceof errors.RequestError && err.cause instanceof errors.TimeoutError)) {
      return new EngineError(ErrorCode.AskTimeout, `no reply from ${subject} within ${fields.timeoutMs} ms`, {
        retryable: true, fields: { ...fields, subject }, cause: err,
      });
    }
    if (err instanceof errors.ClosedConnectionError || err instanceof errors.DrainingConnectionError) {
      return new EngineError(ErrorCode.TransportClosed, `NATS connection is closed (subject ${subject})`, { fields: { subject }, cause: err });
    }
    if (err instanceof errors.InvalidArgumentError && /max_payload/.test(err.message)) {
      // The client's own check (e.g. a server with a smaller limit after a reconnect).
      return payloadTooLarge(typeof fields.size === 'number' ? fields.size : -1, this.maxPayload, subject, err);
    }
    const message = err instanceof Error ? err.message : String(err);
    return new EngineError(ErrorCode.Internal, `NATS operation on ${subject} failed: ${message}`, { fields: { subject }, cause: err });
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      switch (s.type) {
        case 'disconnect':
          this.log.warn({ server: s.server }, 'NATS disconnected; reconnecting');
          this.emit({ kind: 'disconnected' });
          break;
        case 'reconnect':
          this.log.info({ server: s.server }, 'NATS reconnected');
          this.emit({ kind: 'reconnected' });
          break;
        case 'error':
          this.log.error({ err: s.error }, 'NATS server reported an error');
          break;
        case 'slowConsumer':
          this.log.warn({ subject: s.sub.getSubject(), pending: s.pending }, 'NATS slow consumer: messages are being dropped');
          break;
        case 'ldm':
          this.log.warn({ server: s.server }, 'NATS server entered lame duck mode');
          break;
        default:
          break;
      }
    }
  }

  private emit(status: TransportStatus): void {
    for (const listener of this.statusListeners) {
      try {
        listener(status);
      } catch (err) {
        this.log.error({ err }, 'transport status listener threw');
      }
    }
  }
}

function payloadTooLarge(size: number, maxPayload: number, subject: string, cause?: unknown): EngineError {
  const what = size >= 0 ? `${size} bytes` : 'the message';
  return new EngineError(ErrorCode.PayloadTooLarge,
    `${what} for ${subject} exceed the NATS server's max_payload of ${maxPayload} bytes; send large data in chunks`,
    { fields: { size, maxPayload, subject }, cause });
}
