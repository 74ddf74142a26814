// Props: everything needed to start (and restart) an actor, as plain data plus its factory.
import type { Behavior } from './behavior.js';
import type { Message, Protocol } from './protocol.js';
import type { SupervisionStrategy } from './supervision.js';

export interface MailboxSettings {
  /** Most user messages queued at once; more tells are dropped to dead letters. */
  readonly capacity: number;
}

export interface Props<M extends Message> {
  /** Makes a fresh behaviour; called on start and on every restart. */
  readonly create: () => Behavior<M>;
  readonly protocol: Protocol<M>;
  readonly mailbox?: MailboxSettings;
  /** What happens when this actor fails; defaults to `defaultSupervision`. */
  readonly supervision?: SupervisionStrategy;
}

export const DEFAULT_MAILBOX_CAPACITY = 1000;
