// What a behaviour sees of its actor and the system while it handles a message or a signal.
// `sender`, `epoch` and the reply functions refer to the message being handled right now.
import type { Clock, Logger } from '../../common/index.js';
import type { ActorRef, AnyRef } from './actor-ref.js';
import type { AskOptions, Replier, TellOptions } from './ask.js';
import type { Message } from './protocol.js';
import type { Props } from './props.js';

export interface ActorContext<M extends Message> {
  readonly self: ActorRef<M>;
  /** Sender of the message being handled, when it named one (`ctx.tell`/`ctx.ask` always do). */
  readonly sender: AnyRef | undefined;
  /** Fencing epoch carried by the message being handled, if any. */
  readonly epoch: number | undefined;
  /** Logger bound to this actor (`actor` = its path). */
  readonly log: Logger;
  readonly clock: Clock;
  /** Starts a child at `<self.path>/<name>`; it stops when this actor stops or restarts. */
  spawn<C extends Message>(name: string, props: Props<C>): ActorRef<C>;
  children(): readonly AnyRef[];
  /** Stops this actor (no argument) or one of its children, after the current message. */
  stop(ref?: AnyRef): void;
  /** Delivers Terminated{ref} once when `ref` stops, its node is lost, or it does not exist. */
  watch(ref: AnyRef): void;
  unwatch(ref: AnyRef): void;
  /** Fire-and-forget with `self` as sender; throws typed errors (PAYLOAD_TOO_LARGE) synchronously. */
  tell<T extends Message>(ref: ActorRef<T>, msg: NoInfer<T>, options?: TellOptions): void;
  /** Like tell, but waits for room in a full local mailbox instead of dropping. */
  send<T extends Message>(ref: ActorRef<T>, msg: NoInfer<T>, options?: TellOptions): Promise<void>;
  ask<T extends Message, R = unknown>(ref: ActorRef<T>, msg: NoInfer<T>, options: AskOptions): Promise<R>;
  /** Answers the ask being handled (ignored with a warning when the message was a tell). */
  reply(value: unknown): void;
  /** Fails the ask being handled with `error` without failing this actor. */
  replyError(error: unknown): void;
  /** Keeps the current ask open after `receive` returns; answer it later through the handle. */
  deferReply(): Replier;
}
