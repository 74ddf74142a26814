// System messages travel between actor systems beside the user protocols: death watch and replies
// to asks. Their types start with `sys.`; their bodies are validated like any inbound data.
import { ErrorCode, type WireError } from '../../common/index.js';
import type { AnyRef } from './actor-ref.js';

/** Version of the system protocol (the `sys.*` messages). */
export const SYSTEM_PROTOCOL_VERSION = 1;

export const SystemType = {
  Reply: 'sys.Reply',
  Watch: 'sys.Watch',
  Unwatch: 'sys.Unwatch',
  Terminated: 'sys.Terminated',
} as const;
export type SystemType = (typeof SystemType)[keyof typeof SystemType];

/** Death-watch messages addressed to an actor and handled by its system, never by its behaviour. */
export type SystemMessage =
  /** Sent (as a request) to the watched actor's address; answered by a Reply. */
  | { readonly kind: typeof SystemType.Watch; readonly watcher: AnyRef }
  | { readonly kind: typeof SystemType.Unwatch; readonly watcher: AnyRef }
  /** Sent to each remote watcher's address when the watched actor `ref` stops. */
  | { readonly kind: typeof SystemType.Terminated; readonly ref: AnyRef };

/** Body of a `sys.Reply`: the answer to an ask. */
export type ReplyBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: WireError };

export function isRef(value: unknown): value is AnyRef {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.node === 'string' && r.node !== '' && typeof r.path === 'string' && r.path !== '';
}

/** A fresh `{node, path}` (no extra fields from the sender survive). */
export function plainRef(ref: AnyRef): AnyRef {
  return { node: ref.node, path: ref.path };
}

/** Reads a death-watch message of `type` from a decoded body; undefined when malformed. */
export function parseSystemMessage(type: string, body: unknown): SystemMessage | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  switch (type) {
    case SystemType.Watch:
    case SystemType.Unwatch:
      return isRef(b.watcher) ? { kind: type, watcher: plainRef(b.watcher) } : undefined;
    case SystemType.Terminated:
      return isRef(b.ref) ? { kind: type, ref: plainRef(b.ref) } : undefined;
    default:
      return undefined;
  }
}

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

/** Reads a reply body; undefined when malformed. */
export function parseReplyBody(body: unknown): ReplyBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (b.ok === true) return { ok: true, value: b.value };
  if (b.ok !== false || typeof b.error !== 'object' || b.error === null) return undefined;
  const e = b.error as Record<string, unknown>;
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return undefined;
  const code = ERROR_CODES.has(e.code) ? (e.code as ErrorCode) : ErrorCode.RemoteFailure;
  const fields = typeof e.fields === 'object' && e.fields !== null ? (e.fields as WireError['fields']) : {};
  return { ok: false, error: { code, message: e.message, retryable: e.retryable === true, fields } };
}
