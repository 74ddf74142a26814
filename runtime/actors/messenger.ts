// Outbound routing for one actor system: a local target gets the message object straight in its
// mailbox (no serialization); a remote one gets an envelope through the transport, with the trace
// context injected. Asks are CLIENT spans with a clock-driven timeout.
import { SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import {
  EngineError, ErrorCode, fromWireError, isEngineError,
  type Clock, type Logger, type TimerHandle,
} from '../../common/index.js';
import { decodeEnvelope, encodeEnvelope } from '../transport/envelope.js';
import type { Transport, WireMessage } from '../transport/transport.js';
import type { AnyCell, Delivery } from './cell-context.js';
import type { AnyRef } from './actor-ref.js';
import { refKey } from './actor-ref.js';
import { askTimeoutError, asEngineError, PendingAsks, promiseChannel, type AskOptions, type TellOptions } from './ask.js';
import type { RemoteWatchResult } from './death-watch.js';
import type { Message, Protocol } from './protocol.js';
import type { SystemCounters } from './system-metrics.js';
import { parseReplyBody, SYSTEM_PROTOCOL_VERSION, SystemType, type SystemMessage } from './system-messages.js';
import { injectContext, startAskSpan } from './tracing.js';

export interface MessengerDeps {
  readonly nodeId: string;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly counters: SystemCounters;
  cell(path: string): AnyCell | undefined;
  deadLetter(target: AnyRef, type: string, reason: string): void;
}

const address = (ref: AnyRef) => ({ node: ref.node, path: ref.path });

function checkMessage(msg: unknown): asserts msg is Message {
  if (typeof msg !== 'object' || msg === null || typeof (msg as { kind?: unknown }).kind !== 'string') {
    throw new EngineError(ErrorCode.InvalidArgument, 'a message must be an object with a string kind', {});
  }
}

export class Messenger {
  private readonly pending = new PendingAsks();
  /** Version to stamp per message kind; when protocols share a kind the lowest version is safe. */
  private readonly versions = new Map<string, number>();

  constructor(private readonly deps: MessengerDeps) {}

  get pendingAsks(): number { return this.pending.size; }

  registerProtocol(protocol: Protocol<Message>): void {
    for (const kind of protocol.kinds) {
      const known = this.versions.get(kind);
      this.versions.set(kind, known === undefined ? protocol.version : Math.min(known, protocol.version));
    }
  }

  tell(from: AnyRef | undefined, ref: AnyRef, msg: Message, options: TellOptions | undefined, ctx: Context): void {
    checkMessage(msg);
    if (ref.node === this.deps.nodeId) {
      this.deliverLocal(ref, { msg, sender: from, epoch: options?.epoch, trace: ctx });
      return;
    }
    this.deps.transport.send(address(ref), this.encode(from, msg, options, ctx));
    this.deps.counters.remoteSent++;
  }

  send(from: AnyRef | undefined, ref: AnyRef, msg: Message, options: TellOptions | undefined, ctx: Context): Promise<void> {
    try {
      checkMessage(msg);
      if (ref.node !== this.deps.nodeId) {
        this.tell(from, ref, msg, options, ctx);
        return Promise.resolve();
      }
      const cell = this.deps.cell(ref.path);
      if (!cell) throw this.notFound(ref);
      if (!cell.accepts(msg.kind)) throw this.unknownType(ref, msg.kind);
      return cell.deliverOrWait({ msg, sender: from, epoch: options?.epoch, trace: ctx });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  ask(from: AnyRef | undefined, ref: AnyRef, msg: Message, options: AskOptions, parent: Context): Promise<unknown> {
    checkMessage(msg);
    const type = msg.kind;
    const span = startAskSpan(this.deps.tracer, type, refKey(ref), parent);
    const ctx = trace.setSpan(parent, span);
    return new Promise<unknown>((resolve, reject) => {
      let done = false;
      let timer: TimerHandle | undefined;
      let id = 0;
      const finish = (err: EngineError | undefined, value?: unknown): void => {
        if (done) return;
        done = true;
        timer?.cancel();
        this.pending.remove(id);
        if (err) {
          if (err.code === ErrorCode.AskTimeout) this.deps.counters.askTimeouts++;
          span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
          span.end();
          reject(err);
        } else {
          span.end();
          resolve(value);
        }
      };
      id = this.pending.add(ref, (err) => finish(err));
      timer = this.deps.clock.setTimeout(() => finish(askTimeoutError(ref, type, options.timeoutMs)), options.timeoutMs);
      if (ref.node === this.deps.nodeId) {
        const reply = promiseChannel((v) => finish(undefined, v), (e) => finish(e));
        this.deliverLocal(ref, { msg, sender: from, epoch: options.epoch, reply, trace: ctx });
        return;
      }
      let request: Promise<WireMessage>;
      try {
        request = this.deps.transport.request(address(ref), this.encode(from, msg, options, ctx), options.timeoutMs);
        this.deps.counters.remoteSent++;
      } catch (err) {
        finish(asEngineError(err));
        return;
      }
      request.then(
        (wire) => {
          const r = this.readReply(wire);
          if (r instanceof EngineError) finish(r);
          else finish(undefined, r.value);
        },
        (err: unknown) => finish(isEngineError(err, ErrorCode.AskTimeout) ? askTimeoutError(ref, type, options.timeoutMs) : asEngineError(err)),
      );
    });
  }

  /** Queues a delivery for a local cell, or drops it (dead letter, error reply) when it cannot take it. */
  deliverTo(cell: AnyCell, d: Delivery): void {
    if (!cell.alive) {
      d.reply?.reject(cell.stoppedError());
      this.deps.deadLetter(cell.self, d.msg.kind, 'actor stopped');
      return;
    }
    if (cell.deliver(d)) return;
    this.deps.counters.mailboxFull++;
    this.deps.deadLetter(cell.self, d.msg.kind, 'mailbox full');
    d.reply?.reject(new EngineError(ErrorCode.MailboxFull, `mailbox of ${refKey(cell.self)} is full (${cell.mailbox.capacity})`, {
      retryable: true,
      fields: { target: refKey(cell.self), type: d.msg.kind, capacity: cell.mailbox.capacity },
    }));
  }

  /** Fire-and-forget system message; failures are logged, never thrown. */
  sendSystem(to: AnyRef, msg: SystemMessage): void {
    try {
      const wire = encodeEnvelope({ type: msg.kind, version: SYSTEM_PROTOCOL_VERSION, body: msg });
      this.deps.transport.send(address(to), wire);
      this.deps.counters.remoteSent++;
    } catch (err) {
      this.deps.log.debug({ err, to: refKey(to), type: msg.kind }, 'could not send a system message');
    }
  }

  async requestWatch(target: AnyRef, watcher: AnyRef, timeoutMs: number): Promise<RemoteWatchResult> {
    const wire = encodeEnvelope({
      type: SystemType.Watch, version: SYSTEM_PROTOCOL_VERSION,
      body: { kind: SystemType.Watch, watcher: address(watcher) }, sender: address(watcher),
    });
    let reply: WireMessage;
    try {
      const request = this.deps.transport.request(address(target), wire, timeoutMs);
      this.deps.counters.remoteSent++;
      reply = await request;
    } catch (err) {
      return isEngineError(err, ErrorCode.ActorNotFound) ? 'gone' : 'unreachable';
    }
    const r = this.readReply(reply);
    if (!(r instanceof EngineError)) return 'watching';
    return r.code === ErrorCode.ActorStopped || r.code === ErrorCode.ActorNotFound ? 'gone' : 'unreachable';
  }

  failNode(node: string): void {
    this.pending.failNode(node, new EngineError(ErrorCode.NodeLost, `node ${node} was lost`, { retryable: true, fields: { node } }));
  }

  failAll(err: EngineError): void {
    this.pending.failAll(err);
  }

  private deliverLocal(ref: AnyRef, d: Delivery): void {
    const cell = this.deps.cell(ref.path);
    if (!cell) {
      d.reply?.reject(this.notFound(ref));
      this.deps.deadLetter(ref, d.msg.kind, 'no such actor');
      return;
    }
    if (!cell.accepts(d.msg.kind)) {
      this.deps.counters.unknownTypes++;
      d.reply?.reject(this.unknownType(ref, d.msg.kind));
      this.deps.log.warn({ target: refKey(ref), type: d.msg.kind }, 'dropped a message of a type the actor does not speak');
      return;
    }
    this.deliverTo(cell, d);
  }

  private encode(from: AnyRef | undefined, msg: Message, options: TellOptions | undefined, ctx: Context): WireMessage {
    const carrier = injectContext(ctx);
    try {
      return encodeEnvelope({
        type: msg.kind,
        version: options?.version ?? this.versions.get(msg.kind) ?? 1,
        body: msg,
        sender: from && address(from),
        epoch: options?.epoch,
        traceparent: carrier.traceparent,
        tracestate: carrier.tracestate,
      });
    } catch (err) {
      throw new EngineError(ErrorCode.InvalidArgument, `message ${msg.kind} cannot be serialized: ${(err as Error).message}`, {
        fields: { type: msg.kind }, cause: err,
      });
    }
  }

  private readReply(wire: WireMessage): { value: unknown } | EngineError {
    const decoded = decodeEnvelope(wire, SYSTEM_PROTOCOL_VERSION);
    if (!decoded.ok) return decoded.error;
    const body = decoded.envelope.type === SystemType.Reply ? parseReplyBody(decoded.envelope.body) : undefined;
    if (!body) return new EngineError(ErrorCode.BadMessage, `reply of type ${decoded.envelope.type} is not a valid sys.Reply`, {});
    return body.ok ? { value: body.value } : fromWireError(body.error);
  }

  private notFound(ref: AnyRef): EngineError {
    return new EngineError(ErrorCode.ActorNotFound, `no actor ${refKey(ref)}`, { fields: { target: refKey(ref) } });
  }

  private unknownType(ref: AnyRef, type: string): EngineError {
    return new EngineError(ErrorCode.UnknownMessageType, `actor ${refKey(ref)} does not accept ${type}`, { fields: { target: refKey(ref), type } });
  }
}

