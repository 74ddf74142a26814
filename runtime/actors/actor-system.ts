// The actor system of one node, driver or executor: spawns top-level actors under `user/`, routes
// messages (local ones straight into mailboxes, remote ones as envelopes over the transport),
// validates inbound traffic, runs death watch, and terminates gracefully.
import { ROOT_CONTEXT, type Context, type Tracer } from '@opentelemetry/api';
import {
  EngineError, ErrorCode, assertNever, isSubjectToken, systemClock, createLogger,
  type Clock, type Logger,
} from '../../common/index.js';
import type { InboundMessage, Subscription, Transport } from '../transport/transport.js';
import { ActorCell } from './actor-cell.js';
import type { AnyCell } from './cell-context.js';
import type { ActorRef, AnyRef } from './actor-ref.js';
import { refKey } from './actor-ref.js';
import type { AskOptions, TellOptions } from './ask.js';
import type { CellHost } from './cell-context.js';
import { DeathWatch } from './death-watch.js';
import { classifyInbound, encodeReply, respondChannel, type RejectCounter } from './inbound.js';
import { Messenger } from './messenger.js';
import type { Message, Protocol } from './protocol.js';
import { DEFAULT_MAILBOX_CAPACITY, type Props } from './props.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { newCounters, type ActorSystemMetrics, type SystemCounters } from './system-metrics.js';
import { SystemType, type SystemMessage } from './system-messages.js';
import { defaultTracer, extractContext, outgoingContext } from './tracing.js';

export interface ActorSystemOptions {
  /** Id of this system on the transport (a node, driver or executor id); a subject token. */
  readonly nodeId: string;
  readonly transport: Transport;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly tracer?: Tracer;
  readonly defaultMailboxCapacity?: number;
  /** Timeout of one remote watch request; unanswered requests are retried. */
  readonly watchTimeoutMs?: number;
}

type SystemState = 'running' | 'terminating' | 'terminated';

export class ActorSystem {
  readonly nodeId: string;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly log: Logger;
  /** Resolves once `terminate()` has finished. */
  readonly whenTerminated: Promise<void>;
  private readonly counters: SystemCounters = newCounters();
  private readonly cells = new Map<string, AnyCell>();
  private readonly listeners = new Map<string, Subscription>();
  private readonly deathWatch: DeathWatch;
  private readonly messenger: Messenger;
  private readonly badLog: RateLimitedLog;
  private readonly host: CellHost;
  private state: SystemState = 'running';
  private resolveTerminated!: () => void;

  constructor(options: ActorSystemOptions) {
    if (!isSubjectToken(options.nodeId)) {
      throw new EngineError(ErrorCode.InvalidArgument, `node id ${JSON.stringify(options.nodeId)} must be one subject token`, {
        fields: { nodeId: options.nodeId },
      });
    }
    this.nodeId = options.nodeId;
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.log = (options.logger ?? createLogger({ name: 'flint' })).child({ node: this.nodeId });
    const tracer = options.tracer ?? defaultTracer();
    this.badLog = new RateLimitedLog(this.log, this.clock);
    this.whenTerminated = new Promise((resolve) => { this.resolveTerminated = resolve; });
    this.messenger = new Messenger({
      nodeId: this.nodeId, transport: this.transport, clock: this.clock, log: this.log, tracer,
      counters: this.counters, cell: (path) => this.cells.get(path),
      deadLetter: (target, type, reason) => this.deadLetter(target, type, reason),
    });
    const watchTimeoutMs = options.watchTimeoutMs ?? 5000;
    this.deathWatch = new DeathWatch({
      nodeId: this.nodeId, clock: this.clock, log: this.log,
      isAlive: (ref) => this.cells.get(ref.path)?.alive ?? false,
      signalTerminated: (watcher, target) => this.cells.get(watcher.path)?.signalTerminated(target),
      sendSystem: (to, msg) => this.messenger.sendSystem(to, msg),
      requestWatch: (target, watcher) => this.messenger.requestWatch(target, watcher, watchTimeoutMs),
    }, watchTimeoutMs);
    const capacity = options.defaultMailboxCapacity ?? DEFAULT_MAILBOX_CAPACITY;
    this.host = {
      nodeId: this.nodeId, clock: this.clock, log: this.log, tracer, metrics: this.counters, defaultMailboxCapacity: capacity,
      spawn: (parent, name, props) => this.spawnCell(parent, name, props),
      tell: (from, ref, msg, opts, trace) => this.messenger.tell(from, ref, msg, opts, trace),
      send: (from, ref, msg, opts, trace) => this.messenger.send(from, ref, msg, opts, trace),
      ask: (from, ref, msg, opts, trace) => this.messenger.ask(from, ref, msg, opts, trace),
      watch: (watcher, target) => this.deathWatch.watch(watcher, target),
      unwatch: (watcher, target) => this.deathWatch.unwatch(watcher, target),
      deadLetter: (target, type, reason) => this.deadLetter(target, type, reason),
      cellStopping: (cell) => this.unlisten(cell.path),
      cellStopped: (cell) => this.forget(cell),
    };
  }

  /** Starts a top-level actor at `user/<name>`. */
  spawn<M extends Message>(name: string, props: Props<M>): ActorRef<M> {
    return this.spawnCell(undefined, name, props);
  }

  /** Stops a local actor (after its current message); resolves once it and its children stopped. */
  stop(ref: AnyRef): Promise<void> {
    if (ref.node !== this.nodeId) {
      throw new EngineError(ErrorCode.InvalidArgument, `cannot stop ${refKey(ref)} from node ${this.nodeId}`, { fields: { target: refKey(ref) } });
    }
    return this.cells.get(ref.path)?.requestStop() ?? Promise.resolve();
  }

  /** Fire-and-forget; a full local mailbox drops to dead letters. Throws typed errors synchronously. */
  tell<M extends Message>(ref: ActorRef<M>, msg: NoInfer<M>, options?: TellOptions): void {
    this.messenger.tell(undefined, ref, msg, options, outgoingContext(undefined));
  }

  /** Backpressured tell: waits for room in a full local mailbox; remote sends resolve once handed over. */
  send<M extends Message>(ref: ActorRef<M>, msg: NoInfer<M>, options?: TellOptions): Promise<void> {
    return this.messenger.send(undefined, ref, msg, options, outgoingContext(undefined));
  }

  /** Request/reply; rejects with ASK_TIMEOUT (retryable) or the error the handler failed with. */
  ask<M extends Message, R = unknown>(ref: ActorRef<M>, msg: NoInfer<M>, options: AskOptions): Promise<R> {
    return this.messenger.ask(undefined, ref, msg, options, outgoingContext(undefined)) as Promise<R>;
  }

  /** Makes a protocol's version known for outbound stamping (spawned protocols are known already). */
  registerProtocol<M extends Message>(protocol: Protocol<M>): void {
    this.messenger.registerProtocol(protocol);
  }

  /** True when the local actor at `ref` exists and is not stopping. */
  isAlive(ref: AnyRef): boolean {
    return ref.node === this.nodeId && (this.cells.get(ref.path)?.alive ?? false);
  }

  /** Membership downed `node`: Terminated for every watched ref there, and its pending asks fail. */
  nodeLost(node: string): void {
    if (node === this.nodeId) return;
    this.log.info({ lost: node }, 'node lost');
    this.deathWatch.nodeLost(node);
    this.messenger.failNode(node);
  }

  metrics(): ActorSystemMetrics {
    return { ...this.counters, actors: this.cells.size, pendingAsks: this.messenger.pendingAsks, watches: this.deathWatch.size };
  }

  /** Stops every actor (PostStop bottom-up, remote watchers told), fails pending asks, unsubscribes. */
  async terminate(): Promise<void> {
    if (this.state !== 'running') return this.whenTerminated;
    this.state = 'terminating';
    // Stop listening first: a request arriving while actors stop then reaches another listener on
    // the same address (a new Master leader) instead of being answered "actor stopped" from here.
    for (const path of [...this.listeners.keys()]) this.unlisten(path);
    const tops = [...this.cells.values()].filter((c) => c.parent === undefined);
    await Promise.all(tops.map((c) => c.requestStop()));
    this.messenger.failAll(new EngineError(ErrorCode.ActorStopped, `actor system ${this.nodeId} terminated`, { fields: { node: this.nodeId } }));
    this.state = 'terminated';
    this.resolveTerminated();
  }

  private spawnCell<C extends Message>(parent: AnyCell | undefined, name: string, props: Props<C>): ActorRef<C> {
    if (this.state !== 'running') {
      throw new EngineError(ErrorCode.ActorStopped, `actor system ${this.nodeId} is terminating; cannot spawn ${name}`, { fields: { name } });
    }
    if (!isSubjectToken(name)) {
      throw new EngineError(ErrorCode.InvalidArgument, `actor name ${JSON.stringify(name)} must be letters, digits, - or _`, { fields: { name } });
    }
    if (parent && !parent.alive) throw parent.stoppedError();
    const path = parent ? `${parent.path}/${name}` : `user/${name}`;
    if (this.cells.has(path)) {
      throw new EngineError(ErrorCode.InvalidArgument, `actor ${path} already exists on ${this.nodeId}`, { fields: { path } });
    }
    this.messenger.registerProtocol(props.protocol);
    const cell = new ActorCell<C>(this.host, path, props, parent);
    this.cells.set(path, cell);
    parent?.children.set(name, cell);
    try {
      this.listeners.set(path, this.transport.listen({ node: this.nodeId, path }, (m) => this.onInbound(cell, m)));
    } catch (err) {
      void cell.requestStop();
      throw err;
    }
    return cell.self as ActorRef<C>;
  }

  private unlisten(path: string): void {
    this.listeners.get(path)?.unsubscribe();
    this.listeners.delete(path);
  }

  private forget(cell: AnyCell): void {
    this.unlisten(cell.path);
    if (this.cells.get(cell.path) === cell) this.cells.delete(cell.path);
    const name = cell.path.slice(cell.path.lastIndexOf('/') + 1);
    if (cell.parent?.children.get(name) === cell) cell.parent.children.delete(name);
    this.deathWatch.stopped(cell.self);
  }

  private deadLetter(target: AnyRef, type: string, reason: string): void {
    this.counters.deadLetters++;
    this.log.debug({ target: refKey(target), type, reason }, 'dead letter');
  }

  private onInbound(cell: AnyCell, wire: InboundMessage): void {
    this.counters.remoteReceived++;
    const c = classifyInbound(wire, cell);
    switch (c.kind) {
      case 'rejected':
        return this.refuse(cell, wire, c.counter, c.error);
      case 'system':
        return this.onSystemMessage(cell, c.msg, wire.respond);
      case 'message': {
        const env = c.envelope;
        const reply = wire.respond
          ? respondChannel(wire.respond, (err) => this.log.warn({ err, actor: cell.path }, 'could not send a reply'))
          : undefined;
        const trace: Context = env.traceparent ? extractContext(wire.headers) : ROOT_CONTEXT;
        this.messenger.deliverTo(cell, { msg: c.msg, sender: env.sender, epoch: env.epoch, reply, trace });
        return;
      }
      default:
        return assertNever(c, 'inbound classification');
    }
  }

  private refuse(cell: AnyCell, wire: InboundMessage, counter: RejectCounter, error: EngineError): void {
    this.counters[counter]++;
    this.badLog.warn(counter, { actor: cell.path, code: error.code, reason: error.message }, 'dropped an inbound message');
    if (!wire.respond) return;
    try {
      wire.respond(encodeReply({ ok: false, error: error.toWire() }));
    } catch (err) {
      this.log.debug({ err }, 'could not answer a refused request');
    }
  }

  private onSystemMessage(cell: AnyCell, msg: SystemMessage, respond: InboundMessage['respond']): void {
    switch (msg.kind) {
      case SystemType.Watch:
        if (cell.alive) {
          this.deathWatch.addRemoteWatcher(cell.self, msg.watcher);
          respond?.(encodeReply({ ok: true, value: null }));
        } else if (respond) {
          respond(encodeReply({ ok: false, error: cell.stoppedError().toWire() }));
        } else {
          this.messenger.sendSystem(msg.watcher, { kind: SystemType.Terminated, ref: cell.self });
        }
        return;
      case SystemType.Unwatch:
        this.deathWatch.removeRemoteWatcher(cell.self, msg.watcher);
        return;
      case SystemType.Terminated:
        this.deathWatch.terminated(cell.self, msg.ref);
        return;
      default:
        return assertNever(msg, 'system message');
    }
  }
}
