// The envelope codec: a message becomes headers (type, protocol version, trace context, sender,
// fencing epoch) plus a msgpackr body. Decoding never throws: bad input becomes a typed failure
// that the receiver counts, logs and drops.
import { Packr } from 'msgpackr';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { ActorRef } from '../actors/actor-ref.js';
import { parseRefKey, refKey } from '../actors/actor-ref.js';
import type { WireMessage } from './transport.js';

export const Header = {
  type: 'flint-type',
  version: 'flint-v',
  sender: 'flint-sender',
  epoch: 'flint-epoch',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export interface Envelope {
  /** The message kind (the `kind` tag of the protocol union, or a `sys.` system message). */
  readonly type: string;
  /** Protocol version the sender speaks. */
  readonly version: number;
  /** The message itself: plain data. */
  readonly body: unknown;
  readonly sender?: ActorRef<unknown>;
  /** Fencing epoch of the sender for control messages (Master leadership). */
  readonly epoch?: number;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

export type DecodeResult =
  | { readonly ok: true; readonly envelope: Envelope }
  | { readonly ok: false; readonly error: EngineError };

// One shared Packr: default options round-trip Map, plain objects and BigInt (see STACK.md).
const packr = new Packr({ moreTypes: true });

export function encodeBody(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function decodeBody(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}

export function encodeEnvelope(env: Envelope): WireMessage {
  const headers: Record<string, string> = { [Header.type]: env.type, [Header.version]: String(env.version) };
  if (env.sender) headers[Header.sender] = refKey(env.sender);
  if (env.epoch !== undefined) headers[Header.epoch] = String(env.epoch);
  if (env.traceparent) headers[Header.traceparent] = env.traceparent;
  if (env.tracestate) headers[Header.tracestate] = env.tracestate;
  return { headers, body: encodeBody(env.body) };
}

function bad(message: string, fields: Record<string, string | number> = {}): DecodeResult {
  return { ok: false, error: new EngineError(ErrorCode.BadMessage, message, { fields }) };
}

/**
 * Decodes a wire message. `maxVersion` is the newest protocol version this receiver understands;
 * a newer one is refused (UNSUPPORTED_PROTOCOL_VERSION) rather than misread.
 */
export function decodeEnvelope(msg: WireMessage, maxVersion: number): DecodeResult {
  const type = msg.headers[Header.type];
  if (!type) return bad('message has no flint-type header');
  const rawVersion = msg.headers[Header.version];
  const version = Number(rawVersion);
  if (rawVersion === undefined || !Number.isInteger(version) || version < 1) {
    return bad(`message ${type} has an invalid protocol version ${JSON.stringify(rawVersion)}`, { type });
  }
  if (version > maxVersion) {
    return {
      ok: false,
      error: new EngineError(
        ErrorCode.UnsupportedProtocolVersion,
        `message ${type} speaks protocol version ${version}; this node understands up to ${maxVersion}`,
        { fields: { type, version, maxVersion } },
      ),
    };
  }
  let body: unknown;
  try {
    body = decodeBody(msg.body);
  } catch (err) {
    return bad(`message ${type} has a body that is not valid msgpack: ${(err as Error).message}`, { type });
  }
  const senderKey = msg.headers[Header.sender];
  const sender = senderKey ? parseRefKey(senderKey) : undefined;
  const rawEpoch = msg.headers[Header.epoch];
  const epoch = rawEpoch === undefined ? undefined : Number(rawEpoch);
  if (epoch !== undefined && !Number.isSafeInteger(epoch)) return bad(`message ${type} has an invalid epoch`, { type });
  return {
    ok: true,
    envelope: {
      type, version, body, sender, epoch,
      traceparent: msg.headers[Header.traceparent],
      tracestate: msg.headers[Header.tracestate],
    },
  };
}

/** Approximate wire size (for payload checks before sending). */
export function wireSize(msg: WireMessage): number {
  let n = msg.body.byteLength;
  for (const [k, v] of Object.entries(msg.headers)) n += k.length + v.length + 4;
  return n;
}
