// The actor runtime's public surface: refs, protocols, behaviours, props, supervision, the actor
// system and its context. Other folders import actors only through this file.
export { actorRef, parseRefKey, refKey, sameRef, type ActorRef, type AnyRef } from './actor-ref.js';
export { defineProtocol, SYSTEM_TYPE_PREFIX, type Message, type Protocol } from './protocol.js';
export type { Behavior, Signal, SignalKind } from './behavior.js';
export { DEFAULT_MAILBOX_CAPACITY, type MailboxSettings, type Props } from './props.js';
export { decideFailure, defaultSupervision, type Decision, type Directive, type SupervisionStrategy } from './supervision.js';
export type { ActorContext } from './actor-context.js';
export type { AskOptions, Replier, TellOptions } from './ask.js';
export { ActorSystem, type ActorSystemOptions } from './actor-system.js';
export type { ActorSystemMetrics } from './system-metrics.js';
export { SYSTEM_PROTOCOL_VERSION, SystemType, type ReplyBody, type SystemMessage } from './system-messages.js';
