// Asks: options, the one-shot reply channel a handler answers through, and the registry of pending
// asks (so a lost node or a terminating system fails them at once instead of waiting for timeouts).
import { EngineError, ErrorCode, toWireError, type WireError } from '../../common/index.js';
import type { AnyRef } from './actor-ref.js';
import { refKey } from './actor-ref.js';

export interface TellOptions {
  /** Fencing epoch of the sender (Master leadership), carried in the envelope. */
  readonly epoch?: number;
  /** Protocol version to stamp; defaults to the version of the known protocol that has this kind. */
  readonly version?: number;
}

export interface AskOptions extends TellOptions {
  readonly timeoutMs: number;
}

/** Where the answer to one ask goes; the first settle wins, later ones are ignored. */
export interface ReplyChannel {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  readonly settled: boolean;
}

/** A handle to answer the current ask later (after `receive` returned). */
export interface Replier {
  reply(value: unknown): void;
  fail(error: unknown): void;
}

export function askTimeoutError(target: AnyRef, type: string, timeoutMs: number): EngineError {
  return new EngineError(ErrorCode.AskTimeout, `ask ${type} to ${refKey(target)} got no reply within ${timeoutMs} ms`, {
    retryable: true,
    fields: { target: refKey(target), type, timeoutMs },
  });
}

/** Errors reach askers as EngineErrors; foreign errors become INTERNAL with the original as cause. */
export function asEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const wire: WireError = toWireError(err);
  return new EngineError(wire.code, wire.message, { retryable: wire.retryable, fields: wire.fields, cause: err });
}

/** A reply channel over a local promise. */
export function promiseChannel(resolve: (v: unknown) => void, reject: (e: EngineError) => void): ReplyChannel {
  let settled = false;
  return {
    get settled() { return settled; },
    resolve(value) { if (!settled) { settled = true; resolve(value); } },
    reject(error) { if (!settled) { settled = true; reject(asEngineError(error)); } },
  };
}

interface PendingAsk {
  readonly target: AnyRef;
  readonly fail: (err: EngineError) => void;
}

/** Asks in flight from this system, so they can be failed early. */
export class PendingAsks {
  private seq = 0;
  private readonly asks = new Map<number, PendingAsk>();

  add(target: AnyRef, fail: (err: EngineError) => void): number {
    const id = ++this.seq;
    this.asks.set(id, { target, fail });
    return id;
  }

  remove(id: number): void {
    this.asks.delete(id);
  }

  get size(): number {
    return this.asks.size;
  }

  /** Fails every ask to an actor on `node`. */
  failNode(node: string, err: EngineError): void {
    for (const [id, a] of this.asks) if (a.target.node === node) { this.asks.delete(id); a.fail(err); }
  }

  failAll(err: EngineError): void {
    for (const a of [...this.asks.values()]) a.fail(err);
    this.asks.clear();
  }
}

