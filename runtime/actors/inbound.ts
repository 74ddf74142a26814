// Validation of what arrives from the transport, as a pure classification: garbage, unknown
// types and future versions are refused with a typed error (never thrown); everything else
// becomes a protocol message or a system message. Also: the reply channel over `respond`.
import { EngineError, ErrorCode, toWireError } from '../../common/index.js';
import { decodeEnvelope, encodeEnvelope, Header, type Envelope } from '../transport/envelope.js';
import type { InboundMessage, WireMessage } from '../transport/transport.js';
import type { ReplyChannel } from './ask.js';
import { SYSTEM_TYPE_PREFIX, type Message } from './protocol.js';
import { parseSystemMessage, SYSTEM_PROTOCOL_VERSION, SystemType, type ReplyBody, type SystemMessage } from './system-messages.js';

export type RejectCounter = 'badMessages' | 'unknownTypes' | 'futureVersions';

export type Classified =
  | { readonly kind: 'message'; readonly envelope: Envelope; readonly msg: Message }
  | { readonly kind: 'system'; readonly envelope: Envelope; readonly msg: SystemMessage }
  | { readonly kind: 'rejected'; readonly counter: RejectCounter; readonly error: EngineError };

export interface ProtocolCheck {
  readonly version: number;
  accepts(kind: string): boolean;
}

function rejected(counter: RejectCounter, code: ErrorCode, message: string, fields: Record<string, string | number> = {}): Classified {
  return { kind: 'rejected', counter, error: new EngineError(code, message, { fields }) };
}

/** Decodes and checks one inbound wire message against the receiving actor's protocol. */
export function classifyInbound(wire: WireMessage, protocol: ProtocolCheck): Classified {
  const headerType = typeof wire.headers?.[Header.type] === 'string' ? wire.headers[Header.type] : '';
  const isSystem = headerType.startsWith(SYSTEM_TYPE_PREFIX);
  const decoded = decodeEnvelope(wire, isSystem ? SYSTEM_PROTOCOL_VERSION : protocol.version);
  if (!decoded.ok) {
    const counter = decoded.error.code === ErrorCode.UnsupportedProtocolVersion ? 'futureVersions' : 'badMessages';
    return { kind: 'rejected', counter, error: decoded.error };
  }
  const env = decoded.envelope;
  if (isSystem) {
    const known = env.type === SystemType.Watch || env.type === SystemType.Unwatch || env.type === SystemType.Terminated;
    if (!known) return rejected('unknownTypes', ErrorCode.UnknownMessageType, `unknown system message type ${env.type}`, { type: env.type });
    const msg = parseSystemMessage(env.type, env.body);
    if (!msg) return rejected('badMessages', ErrorCode.BadMessage, `system message ${env.type} has a malformed body`, { type: env.type });
    return { kind: 'system', envelope: env, msg };
  }
  if (!protocol.accepts(env.type)) {
    return rejected('unknownTypes', ErrorCode.UnknownMessageType, `message type ${env.type} is not in the actor's protocol`, { type: env.type });
  }
  const body = env.body;
  if (typeof body !== 'object' || body === null || (body as { kind?: unknown }).kind !== env.type) {
    return rejected('badMessages', ErrorCode.BadMessage, `message ${env.type} has a body whose kind does not match its type header`, { type: env.type });
  }
  return { kind: 'message', envelope: env, msg: body as Message };
}

export function encodeReply(body: ReplyBody): WireMessage {
  return encodeEnvelope({ type: SystemType.Reply, version: SYSTEM_PROTOCOL_VERSION, body });
}

/**
 * A reply channel over a transport `respond`. A reply the transport refuses (PAYLOAD_TOO_LARGE)
 * is turned into an error reply so the asker fails fast, and rethrown to the replier.
 */
export function respondChannel(respond: NonNullable<InboundMessage['respond']>, onLost: (err: unknown) => void): ReplyChannel {
  let settled = false;
  return {
    get settled() { return settled; },
    resolve(value) {
      if (settled) return;
      settled = true;
      try {
        respond(encodeReply({ ok: true, value }));
      } catch (err) {
        try { respond(encodeReply({ ok: false, error: toWireError(err) })); } catch (again) { onLost(again); }
        throw err;
      }
    },
    reject(error) {
      if (settled) return;
      settled = true;
      try { respond(encodeReply({ ok: false, error: toWireError(error) })); } catch (err) { onLost(err); }
    },
  };
}
