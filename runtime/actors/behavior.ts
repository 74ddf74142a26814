// A behaviour is how an actor handles its messages and lifecycle signals. Signals are a closed
// union; an actor that does not care about signals leaves `onSignal` out.
import type { WireError } from '../../common/index.js';
import type { ActorContext } from './actor-context.js';
import type { AnyRef } from './actor-ref.js';
import type { Message } from './protocol.js';

/** Lifecycle signals, delivered through `onSignal` one at a time like messages. */
export type Signal =
  /** The behaviour was just created (first start or after a restart). */
  | { readonly kind: 'PreStart' }
  /** The actor stopped; its children have already received their own PostStop. */
  | { readonly kind: 'PostStop' }
  /** This behaviour failed and is about to be replaced by a fresh one. */
  | { readonly kind: 'PreRestart'; readonly reason: WireError }
  /** A watched actor stopped, or its node was lost, or it never existed. */
  | { readonly kind: 'Terminated'; readonly ref: AnyRef };

export type SignalKind = Signal['kind'];

export interface Behavior<M extends Message> {
  /** Handles one message; the next one waits until a returned promise settles. */
  receive(ctx: ActorContext<M>, msg: M): void | Promise<void>;
  onSignal?(ctx: ActorContext<M>, signal: Signal): void | Promise<void>;
}
