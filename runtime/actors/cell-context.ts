// The seam between cells and their system (CellHost, AnyCell, Delivery), and the ActorContext handed
// to behaviours: a thin view of one cell that forwards to its system with the cell as sender and the
// current message's trace context as parent.
import { EngineError, ErrorCode, type Clock, type Logger } from '../../common/index.js';
import type { Context, Tracer } from '@opentelemetry/api';
import type { ActorCell } from './actor-cell.js';
import type { ActorContext } from './actor-context.js';
import type { ActorRef, AnyRef } from './actor-ref.js';
import { refKey, sameRef } from './actor-ref.js';
import type { AskOptions, Replier, ReplyChannel, TellOptions } from './ask.js';
import type { Mailbox } from './mailbox.js';
import type { Message } from './protocol.js';
import type { Props } from './props.js';
import type { SystemCounters } from './system-metrics.js';
import { outgoingContext } from './tracing.js';

/** One user message on its way into a behaviour. */
export interface Delivery {
  readonly msg: Message;
  readonly sender?: AnyRef;
  readonly epoch?: number;
  readonly reply?: ReplyChannel;
  /** Trace context of the sender (captured locally or extracted from headers). */
  readonly trace: Context;
}

/** What the system and other cells use of a cell, whatever its protocol. */
export interface AnyCell {
  readonly self: AnyRef;
  readonly path: string;
  readonly parent: AnyCell | undefined;
  readonly children: Map<string, AnyCell>;
  readonly mailbox: Mailbox<Delivery>;
  readonly terminated: Promise<void>;
  readonly alive: boolean;
  readonly version: number;
  accepts(kind: string): boolean;
  deliver(d: Delivery): boolean;
  deliverOrWait(d: Delivery): Promise<void>;
  signalTerminated(ref: AnyRef): void;
  childFailed(child: AnyRef, error: unknown): void;
  requestStop(): Promise<void>;
  stoppedError(): EngineError;
}

/** What a cell needs from its actor system. */
export interface CellHost {
  readonly nodeId: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly metrics: SystemCounters;
  readonly defaultMailboxCapacity: number;
  spawn<C extends Message>(parent: AnyCell | undefined, name: string, props: Props<C>): ActorRef<C>;
  tell(from: AnyRef | undefined, ref: AnyRef, msg: Message, options: TellOptions | undefined, trace: Context): void;
  send(from: AnyRef | undefined, ref: AnyRef, msg: Message, options: TellOptions | undefined, trace: Context): Promise<void>;
  ask(from: AnyRef | undefined, ref: AnyRef, msg: Message, options: AskOptions, trace: Context): Promise<unknown>;
  watch(watcher: AnyRef, target: AnyRef): void;
  unwatch(watcher: AnyRef, target: AnyRef): void;
  deadLetter(target: AnyRef, type: string, reason: string): void;
  /** The cell began stopping: stop routing remote input to it. */
  cellStopping(cell: AnyCell): void;
  /** The cell stopped: forget it and notify its watchers. */
  cellStopped(cell: AnyCell): void;
}

export class CellContext<M extends Message> implements ActorContext<M> {
  constructor(private readonly cell: ActorCell<M>, private readonly host: CellHost) {}

  get self(): ActorRef<M> { return this.cell.self; }
  get sender(): AnyRef | undefined { return this.cell.current?.sender; }
  get epoch(): number | undefined { return this.cell.current?.epoch; }
  get log(): Logger { return this.cell.log; }
  get clock(): Clock { return this.host.clock; }

  spawn<C extends Message>(name: string, props: Props<C>): ActorRef<C> {
    return this.host.spawn(this.cell, name, props);
  }

  children(): readonly AnyRef[] {
    return [...this.cell.children.values()].map((c) => c.self);
  }

  stop(ref?: AnyRef): void {
    if (ref === undefined || sameRef(ref, this.cell.self)) { void this.cell.requestStop(); return; }
    const child = ref.node === this.host.nodeId ? [...this.cell.children.values()].find((c) => c.path === ref.path) : undefined;
    if (!child) {
      throw new EngineError(ErrorCode.InvalidArgument, `${this.cell.path} can stop only itself or its children, not ${refKey(ref)}`, {
        fields: { actor: this.cell.path, target: refKey(ref) },
      });
    }
    void child.requestStop();
  }

  watch(ref: AnyRef): void { this.host.watch(this.cell.self, ref); }
  unwatch(ref: AnyRef): void { this.host.unwatch(this.cell.self, ref); }

  tell<T extends Message>(ref: ActorRef<T>, msg: NoInfer<T>, options?: TellOptions): void {
    this.host.tell(this.cell.self, ref, msg, options, this.trace());
  }

  send<T extends Message>(ref: ActorRef<T>, msg: NoInfer<T>, options?: TellOptions): Promise<void> {
    return this.host.send(this.cell.self, ref, msg, options, this.trace());
  }

  ask<T extends Message, R = unknown>(ref: ActorRef<T>, msg: NoInfer<T>, options: AskOptions): Promise<R> {
    return this.host.ask(this.cell.self, ref, msg, options, this.trace()) as Promise<R>;
  }

  reply(value: unknown): void {
    const channel = this.cell.current?.reply;
    if (!channel) { this.noAsk('reply'); return; }
    channel.resolve(value);
  }

  replyError(error: unknown): void {
    const channel = this.cell.current?.reply;
    if (!channel) { this.noAsk('replyError'); return; }
    channel.reject(error);
  }

  deferReply(): Replier {
    const channel = this.cell.current?.reply;
    if (!channel) {
      this.noAsk('deferReply');
      return { reply: () => undefined, fail: () => undefined };
    }
    this.cell.deferred.add(channel);
    return {
      reply: (v) => { this.cell.deferred.delete(channel); channel.resolve(v); },
      fail: (e) => { this.cell.deferred.delete(channel); channel.reject(e); },
    };
  }

  private trace(): Context {
    return outgoingContext(this.cell.currentTrace);
  }

  private noAsk(what: string): void {
    const kind = this.cell.current?.msg.kind ?? '(no message)';
    this.cell.log.warn({ type: kind }, `${what} called while handling a message that is not an ask; dropped`);
    this.host.deadLetter(this.cell.self, kind, `${what} without an ask`);
  }
}
