// One actor's runtime: its mailbox, the loop that hands messages to the behaviour one at a time
// (awaiting async handlers), supervision of its own failures, and its stop sequence.
// Lifecycle: running → stopping (children stopped, PostStop) → stopped. System entries (start,
// Terminated, child failures) go before user messages and are not bounded by the mailbox.
import { context, type Context, type Tracer } from '@opentelemetry/api';
import { EngineError, ErrorCode, assertNever, toWireError, type Clock, type Logger, type WireError } from '../../common/index.js';
import type { ActorContext } from './actor-context.js';
import type { ActorRef, AnyRef } from './actor-ref.js';
import type { ReplyChannel } from './ask.js';
import type { Behavior, Signal } from './behavior.js';
import { CellContext, type AnyCell, type CellHost, type Delivery } from './cell-context.js';
import { Mailbox } from './mailbox.js';
import type { Message } from './protocol.js';
import { DEFAULT_MAILBOX_CAPACITY, type Props } from './props.js';
import { decideFailure, defaultSupervision } from './supervision.js';
import { startReceiveSpan } from './tracing.js';

type SystemEntry =
  | { readonly kind: 'start' }
  | { readonly kind: 'terminated'; readonly ref: AnyRef }
  | { readonly kind: 'childFailed'; readonly child: AnyRef; readonly error: unknown };

type Phase = 'running' | 'stopping' | 'stopped';

/** Messages handled before the loop yields to the event loop (fairness between actors and I/O). */
const THROUGHPUT = 64;

export class ActorCell<M extends Message> implements AnyCell {
  readonly self: ActorRef<M>;
  readonly children = new Map<string, AnyCell>();
  readonly mailbox: Mailbox<Delivery>;
  readonly log: Logger;
  readonly ctx: ActorContext<M>;
  readonly terminated: Promise<void>;
  /** The message being handled (for sender, epoch and reply). */
  current: Delivery | undefined;
  /** Trace context of the message being handled (its receive span, when traced). */
  currentTrace: Context | undefined;
  /** Asks kept open with `deferReply`; failed with ACTOR_STOPPED if still open when the actor stops. */
  readonly deferred = new Set<ReplyChannel>();
  private readonly kinds: ReadonlySet<string>;
  private behavior: Behavior<M> | undefined;
  private readonly systemQueue: SystemEntry[] = [{ kind: 'start' }];
  private phase: Phase = 'running';
  private stopRequested = false;
  private scheduled = false;
  private running = false;
  private restartTimes: readonly number[] = [];
  private resolveTerminated!: () => void;

  constructor(
    private readonly host: CellHost,
    readonly path: string,
    readonly props: Props<M>,
    readonly parent: AnyCell | undefined,
  ) {
    this.self = { node: host.nodeId, path };
    this.mailbox = new Mailbox(props.mailbox?.capacity ?? host.defaultMailboxCapacity);
    this.kinds = new Set(props.protocol.kinds);
    this.log = host.log.child({ actor: path });
    this.ctx = new CellContext<M>(this, host);
    this.terminated = new Promise((resolve) => { this.resolveTerminated = resolve; });
    this.schedule();
  }

  get clock(): Clock { return this.host.clock; }
  get tracer(): Tracer { return this.host.tracer; }

  /** True while the actor accepts messages (not stopping or asked to stop). */
  get alive(): boolean { return this.phase === 'running' && !this.stopRequested; }

  /** Newest protocol version this actor understands. */
  get version(): number { return this.props.protocol.version; }

  accepts(kind: string): boolean { return this.kinds.has(kind); }

  /** Queues a message unless the actor is stopping or its mailbox is full. */
  deliver(d: Delivery): boolean {
    if (!this.alive || !this.mailbox.offer(d)) return false;
    this.schedule();
    return true;
  }

  /** Queues a message, waiting for room in a full mailbox. */
  deliverOrWait(d: Delivery): Promise<void> {
    if (!this.alive) return Promise.reject(this.stoppedError());
    const queued = this.mailbox.offerOrWait(d);
    this.schedule();
    return queued;
  }

  signalTerminated(ref: AnyRef): void { this.enqueueSystem({ kind: 'terminated', ref }); }

  childFailed(child: AnyRef, error: unknown): void { this.enqueueSystem({ kind: 'childFailed', child, error }); }

  /** Stops after the current message; resolves once stopped (children first). */
  requestStop(): Promise<void> {
    if (this.phase === 'running' && !this.stopRequested) {
      this.stopRequested = true;
      this.schedule();
    }
    return this.terminated;
  }

  stoppedError(): EngineError {
    return new EngineError(ErrorCode.ActorStopped, `actor ${this.host.nodeId}/${this.path} has stopped`, {
      fields: { target: `${this.host.nodeId}/${this.path}` },
    });
  }

  private enqueueSystem(e: SystemEntry): void {
    if (this.phase !== 'running') return;
    this.systemQueue.push(e);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.phase === 'stopped') return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let handled = 0; this.phase === 'running'; handled++) {
        // An actor always starts before it stops, so PostStop follows PreStart.
        if (this.stopRequested && this.systemQueue[0]?.kind !== 'start') { await this.stopNow(); break; }
        if (handled >= THROUGHPUT) { await new Promise((r) => setImmediate(r)); handled = 0; }
        const sys = this.systemQueue.shift();
        const pending = sys ? this.handleSystem(sys) : this.handleNext();
        if (pending === false) break; // nothing left to do
        if (pending) await pending;
      }
    } catch (err) {
      this.log.error({ err }, 'actor loop failed; stopping');
      this.stopRequested = true;
    } finally {
      this.running = false;
    }
    if (this.phase === 'running' && (this.stopRequested || this.systemQueue.length > 0 || this.mailbox.size > 0)) this.schedule();
  }

  /** Returns false when the mailbox is empty. */
  private handleNext(): Promise<void> | undefined | false {
    const d = this.mailbox.poll();
    if (!d) return false;
    const behavior = this.behavior;
    if (!behavior) {
      d.reply?.reject(this.stoppedError());
      this.host.deadLetter(this.self, d.msg.kind, 'actor has no behaviour');
      return undefined;
    }
    this.host.metrics.delivered++;
    this.current = d;
    const { ctx, span } = startReceiveSpan(this.host.tracer, d.msg.kind, this.path, d.trace, d.reply !== undefined);
    this.currentTrace = ctx;
    const done = (err?: unknown): Promise<void> | undefined => {
      if (err !== undefined) span?.recordException(toWireError(err).message);
      span?.end();
      if (this.current === d) { this.current = undefined; this.currentTrace = undefined; }
      return err === undefined ? undefined : this.fail(err, d.reply);
    };
    let result: void | Promise<void>;
    try {
      result = span ? context.with(ctx, () => behavior.receive(this.ctx, d.msg as M)) : behavior.receive(this.ctx, d.msg as M);
    } catch (err) {
      return done(err ?? new Error('undefined thrown'));
    }
    if (result && typeof result.then === 'function') {
      return result.then(() => done(), (err: unknown) => done(err ?? new Error('undefined thrown')));
    }
    return done();
  }

  private handleSystem(e: SystemEntry): Promise<void> | undefined {
    switch (e.kind) {
      case 'start': return this.start();
      case 'terminated': return this.signal({ kind: 'Terminated', ref: e.ref });
      case 'childFailed':
        this.log.warn({ child: e.child.path }, 'child escalated a failure');
        return this.fail(e.error, undefined);
      default: return assertNever(e, 'system entry');
    }
  }

  private start(): Promise<void> | undefined {
    try {
      this.behavior = this.props.create();
    } catch (err) {
      return this.fail(err, undefined);
    }
    return this.signal({ kind: 'PreStart' });
  }

  /** Delivers a signal whose failure counts as an actor failure (PreStart, Terminated). */
  private signal(signal: Signal): Promise<void> | undefined {
    const behavior = this.behavior;
    if (!behavior?.onSignal) return undefined;
    try {
      const r = behavior.onSignal(this.ctx, signal);
      if (r && typeof r.then === 'function') return r.then(undefined, (err: unknown) => this.fail(err, undefined));
    } catch (err) {
      return this.fail(err, undefined);
    }
    return undefined;
  }

  /** Delivers PostStop/PreRestart: failures are logged, never supervised. */
  private async signalQuietly(behavior: Behavior<M> | undefined, signal: Signal): Promise<void> {
    try {
      await behavior?.onSignal?.(this.ctx, signal);
    } catch (err) {
      this.log.warn({ err, signal: signal.kind }, 'signal handler failed');
    }
  }

  private async fail(err: unknown, reply: ReplyChannel | undefined): Promise<void> {
    reply?.reject(err);
    const strategy = this.props.supervision ?? defaultSupervision;
    const decision = decideFailure(strategy, this.restartTimes, this.host.clock.monotonic());
    this.restartTimes = decision.restartTimes;
    const reason = toWireError(err);
    const directive = decision.directive === 'resume' && !this.behavior ? 'stop' : decision.directive;
    switch (directive) {
      case 'resume':
        this.log.warn({ err }, 'actor failed; resuming');
        return;
      case 'restart':
        this.log.warn({ err, restarts: decision.restartTimes.length }, 'actor failed; restarting');
        this.host.metrics.restarts++;
        return this.restart(reason);
      case 'stop':
        this.log.error({ err, exhausted: decision.exhausted }, decision.exhausted
          ? `actor failed after ${decision.restartTimes.length} restarts within the window; stopping`
          : 'actor failed; stopping');
        this.stopRequested = true;
        return;
      case 'escalate':
        this.log.warn({ err }, this.parent ? 'actor failed; escalating to its parent' : 'top-level actor failed; stopping');
        this.stopRequested = true;
        this.parent?.childFailed(this.self, err);
        return;
      default:
        return assertNever(directive, 'directive');
    }
  }

  private async restart(reason: WireError): Promise<void> {
    await this.stopChildren();
    await this.signalQuietly(this.behavior, { kind: 'PreRestart', reason });
    this.behavior = undefined;
    await this.start();
  }

  private async stopChildren(): Promise<void> {
    await Promise.all([...this.children.values()].map((c) => c.requestStop()));
  }

  private async stopNow(): Promise<void> {
    this.phase = 'stopping';
    this.host.cellStopping(this);
    await this.stopChildren();
    await this.signalQuietly(this.behavior, { kind: 'PostStop' });
    const err = this.stoppedError();
    for (const channel of this.deferred) channel.reject(err);
    this.deferred.clear();
    for (const d of this.mailbox.close(err)) {
      d.reply?.reject(err);
      this.host.deadLetter(this.self, d.msg.kind, 'actor stopped');
    }
    this.systemQueue.length = 0;
    this.phase = 'stopped';
    this.host.cellStopped(this);
    this.resolveTerminated();
  }
}
