// FunctionCache: an executor's compiled shipped sources, keyed by content hash and bounded (LRU).
// A source is re-analysed before its first compile, so whatever reaches `new Function` can only
// name allowed globals, compiler helpers and the module bindings the executor supplies.

import { EngineError, ErrorCode } from '../../common/index.js';
import { ALLOWED_GLOBALS, COMPILER_HELPERS } from './closure-globals.js';
import { parseShippedSource } from './closure-parse.js';
import { freeVariables } from './closure-scope.js';
import { sourceHash } from './function-ship.js';

/** Builds the function from the helper values and module bindings, in `moduleRefs` order. */
export type CompiledFactory = (helpers: readonly unknown[], modules: readonly unknown[]) => Function;

/** Helper names passed to every compiled factory, in this order. */
export const HELPER_NAMES: readonly string[] = [...COMPILER_HELPERS];

/** A bounded cache of compiled sources. */
export class FunctionCache {
  readonly #entries = new Map<string, CompiledFactory>();

  constructor(readonly maxEntries = 1024) {}

  /** Compiled sources held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The factory for `source`, compiling it on first use of `hash`. */
  factory(hash: string, source: string, moduleRefs: readonly string[], label: string): CompiledFactory {
    const hit = this.#entries.get(hash);
    if (hit) {
      this.#entries.delete(hash);
      this.#entries.set(hash, hit);
      return hit;
    }
    const made = compile(hash, source, moduleRefs, label);
    this.#entries.set(hash, made);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return made;
  }

  clear(): void {
    this.#entries.clear();
  }
}

function compile(hash: string, source: string, moduleRefs: readonly string[], label: string): CompiledFactory {
  if (sourceHash(source, moduleRefs) !== hash) {
    throw new EngineError(ErrorCode.BadMessage, `shipped ${label}: source does not match its hash`,
      { fields: { function: label, hash } });
  }
  const node = parseShippedSource(source);
  if (!node) {
    throw new EngineError(ErrorCode.BadMessage, `shipped ${label}: source is not a function expression`,
      { fields: { function: label, hash } });
  }
  const allowed = new Set([...ALLOWED_GLOBALS, ...COMPILER_HELPERS, ...moduleRefs]);
  const report = freeVariables(node, false);
  const stray = report.free.filter((n) => !allowed.has(n));
  if (stray.length > 0 || report.outerThis || report.importMeta) {
    throw new EngineError(ErrorCode.ClosureCapture,
      `shipped ${label} refers to ${stray.length > 0 ? stray.join(', ') : 'its surroundings'}, which the `
      + 'executor does not provide', { fields: { function: label, variables: stray.join(', ') } });
  }
  const evaluate = new Function(...HELPER_NAMES, ...moduleRefs, `"use strict";\nreturn ${source};`);
  return (helpers, modules) => evaluate(...helpers, ...modules) as Function;
}
