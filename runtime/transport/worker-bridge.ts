// Links an InProcessHub to a hub in another thread over a MessagePort (or a Worker), so actor
// systems in worker threads and in the main thread reach each other as if on one hub. Frames are
// plain data; bodies are copied into fresh buffers and transferred (never a pooled Buffer's memory).
import type { EventEmitter } from 'node:events';
import type { MessagePort, Worker } from 'node:worker_threads';
import { EngineError, ErrorCode } from '../../common/index.js';
import { notFound, type HubPeer, type InProcessHub, type PendingRequest, type PeerPort } from './in-process-transport-hub.js';
import type { WireMessage } from './transport.js';

interface PortMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** What crosses the port; the `flintHub` tag keeps frames apart from other messages on the same port. */
type Frame =
  | { readonly flintHub: 'interest'; readonly key: string; readonly present: boolean }
  | { readonly flintHub: 'send'; readonly key: string; readonly msg: PortMessage }
  | { readonly flintHub: 'request'; readonly id: number; readonly key: string; readonly msg: PortMessage }
  | { readonly flintHub: 'reply'; readonly id: number; readonly msg: PortMessage }
  | { readonly flintHub: 'noResponder'; readonly id: number; readonly key: string }
  | { readonly flintHub: 'publish'; readonly topic: string; readonly msg: PortMessage }
  | { readonly flintHub: 'ping'; readonly id: number }
  | { readonly flintHub: 'pong'; readonly id: number }
  /** The other side closed its end of the link. */
  | { readonly flintHub: 'bye' };

export interface HubLink {
  /** Detaches the hub from the port (the other side detaches too); requests in flight fail with TRANSPORT_CLOSED. */
  close(): void;
  /** Resolves when the link closes (by `close()`, or when the port closes or the worker exits). */
  readonly closed: Promise<void>;
}

function isFrame(v: unknown): v is Frame {
  return typeof v === 'object' && v !== null && typeof (v as { flintHub?: unknown }).flintHub === 'string';
}

function isPortMessage(v: unknown): v is PortMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as { headers?: unknown; body?: unknown };
  return typeof m.headers === 'object' && m.headers !== null && m.body instanceof Uint8Array;
}

/** A copy of `msg` whose body owns its whole ArrayBuffer, safe to transfer. */
function detachable(msg: WireMessage): { msg: PortMessage; transfer: ArrayBuffer[] } {
  const body = new Uint8Array(msg.body.byteLength);
  body.set(msg.body);
  return { msg: { headers: { ...msg.headers }, body }, transfer: [body.buffer] };
}

/** Joins `hub` to the hub on the other end of `port` (`worker` in the main thread, `parentPort` inside it). */
export function linkHubToPort(hub: InProcessHub, port: MessagePort | Worker): HubLink {
  // Both MessagePort and Worker are EventEmitters; their typed overloads differ, so use the base type.
  const events = port as unknown as EventEmitter;
  const pending = new Map<number, { resolve: (m: WireMessage) => void; reject: (e: EngineError) => void }>();
  const pings = new Map<number, () => void>();
  let seq = 0;
  let open = true;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });

  const post = (frame: Frame, transfer: ArrayBuffer[] = []): void => {
    if (open) port.postMessage(frame, transfer);
  };
  const postWith = (make: (msg: PortMessage) => Frame, wire: WireMessage): void => {
    const { msg, transfer } = detachable(wire);
    post(make(msg), transfer);
  };

  const peer: HubPeer = {
    announce: (key, present) => post({ flintHub: 'interest', key, present }),
    forward: (key, msg) => postWith((m) => ({ flintHub: 'send', key, msg: m }), msg),
    forwardPublish: (topic, msg) => postWith((m) => ({ flintHub: 'publish', topic, msg: m }), msg),
    forwardRequest(key, msg): PendingRequest {
      if (!open) return { reply: Promise.reject(notFound(key)), cancel: () => undefined };
      const id = ++seq;
      const reply = new Promise<WireMessage>((resolve, reject) => pending.set(id, { resolve, reject }));
      postWith((m) => ({ flintHub: 'request', id, key, msg: m }), msg);
      return { reply, cancel: () => { pending.delete(id); } };
    },
    ping() {
      if (!open) return Promise.resolve();
      const id = ++seq;
      return new Promise<void>((resolve) => {
        pings.set(id, resolve);
        post({ flintHub: 'ping', id });
      });
    },
  };
  const hubPort: PeerPort = hub.attach(peer);

  const onMessage = (frame: unknown): void => {
    if (!isFrame(frame)) return;
    switch (frame.flintHub) {
      case 'interest': hubPort.interest(frame.key, frame.present); return;
      case 'send': if (isPortMessage(frame.msg)) hubPort.send(frame.key, frame.msg); return;
      case 'publish': if (isPortMessage(frame.msg)) hubPort.publish(frame.topic, frame.msg); return;
      case 'request': {
        if (!isPortMessage(frame.msg)) return;
        const { id, key } = frame;
        hubPort.request(key, frame.msg).reply.then(
          (reply) => postWith((m) => ({ flintHub: 'reply', id, msg: m }), reply),
          () => post({ flintHub: 'noResponder', id, key }),
        );
        return;
      }
      case 'reply': {
        const p = pending.get(frame.id);
        pending.delete(frame.id);
        if (p && isPortMessage(frame.msg)) p.resolve(frame.msg);
        return;
      }
      case 'noResponder': {
        const p = pending.get(frame.id);
        pending.delete(frame.id);
        p?.reject(notFound(frame.key));
        return;
      }
      case 'ping': post({ flintHub: 'pong', id: frame.id }); return;
      case 'pong': pings.get(frame.id)?.(); pings.delete(frame.id); return;
      case 'bye': close(); return;
      default: return; // frames from a newer peer are ignored
    }
  };

  const close = (): void => {
    if (!open) return;
    post({ flintHub: 'bye' });
    open = false;
    events.off('message', onMessage);
    events.off('close', close);
    events.off('exit', close);
    hubPort.detach();
    const err = new EngineError(ErrorCode.TransportClosed, 'the link to the other thread closed', {});
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    for (const resolve of pings.values()) resolve();
    pings.clear();
    resolveClosed();
  };
  events.on('message', onMessage);
  events.on('close', close);
  events.on('exit', close);
  return { close, closed };
}
