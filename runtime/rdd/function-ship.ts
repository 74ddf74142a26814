// ShippedFunction: a user function as plain data for a task message — its checked source, how it
// is called, its captured values as bytes and a content hash executors compile it under once.

import { createHash } from 'node:crypto';
import { captureCheck, type CaptureCheckOptions } from './closure-check.js';
import { encodeCaptures, type PlacedHandle } from './closure-captures.js';
import type { FunctionKind } from './closure-parse.js';

/** A user function ready to cross the wire (msgpackr-encodable plain data). */
export interface ShippedFunction {
  /** An expression evaluating to the function (methods rewritten as function expressions). */
  readonly source: string;
  readonly kind: FunctionKind;
  readonly async: boolean;
  readonly generator: boolean;
  /** The function's name or first source line, for messages on the executor. */
  readonly label: string;
  /** Arguments the operation passes before the captures object. */
  readonly argCount: number;
  /** Free names the executor supplies from the loaded bundle's module bindings. */
  readonly moduleRefs: readonly string[];
  /** Captured values, encoded with capturePackr (handles as null). */
  readonly captures: Uint8Array;
  /** Accumulator and broadcast handles lifted out of the captures. */
  readonly handles: readonly PlacedHandle[];
  /** sha256 of source and moduleRefs: the executor's compile-cache key. */
  readonly hash: string;
}

/** Options for shipping: those of captureCheck. */
export type ShipOptions = CaptureCheckOptions;

/**
 * Checks `fn` against its declared captures and packs both for executors. Throws CLOSURE_CAPTURE
 * (a free variable) or NOT_SERIALIZABLE (no source, or a capture that cannot travel as data).
 */
export function shipFunction(fn: Function, captures: Readonly<Record<string, unknown>> = {},
  options: ShipOptions = {}): ShippedFunction {
  const checked = captureCheck(fn, captures, options);
  const encoded = encodeCaptures(captures);
  const { parsed } = checked;
  return {
    source: parsed.expression,
    kind: parsed.kind,
    async: parsed.async,
    generator: parsed.generator,
    label: parsed.label,
    argCount: options.argCount ?? 1,
    moduleRefs: checked.moduleRefs,
    captures: encoded.bytes,
    handles: encoded.handles,
    hash: sourceHash(parsed.expression, checked.moduleRefs),
  };
}

/** The compile-cache key of a source with the module bindings it resolves at run time. */
export function sourceHash(source: string, moduleRefs: readonly string[]): string {
  return createHash('sha256').update(source).update('\0').update(moduleRefs.join(',')).digest('hex');
}
