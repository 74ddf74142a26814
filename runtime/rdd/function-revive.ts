// Executor side of shipping: a ShippedFunction becomes a callable again — compiled once per hash,
// its captures decoded per task with handles replaced by the executor's proxies, and called as
// `fn(...operationArgs, captures)`.

import { EngineError, ErrorCode } from '../../common/index.js';
import { decodeCaptures, type HandleRef } from './closure-captures.js';
import { keepNamesHelper } from './closure-globals.js';
import { FunctionCache, HELPER_NAMES } from './function-cache.js';
import type { ShippedFunction } from './function-ship.js';

/** What the executor provides to revived functions. */
export interface ReviveEnv {
  /** Module bindings of the loaded job bundle, by name (each of the function's moduleRefs). */
  readonly globals?: Readonly<Record<string, unknown>>;
  /** Executor-side proxy for an accumulator or broadcast handle (see task-closure-env). */
  readonly resolveHandle?: (ref: HandleRef) => unknown;
  /** Compile cache; a process-wide one by default. */
  readonly cache?: FunctionCache;
}

/** A revived user function: operation arguments in, the user function's result out. */
export type RevivedFunction = (...args: unknown[]) => unknown;

/** The executor's process-wide compile cache. */
export const defaultFunctionCache = new FunctionCache();

const HELPERS: Readonly<Record<string, unknown>> = { __name: keepNamesHelper };

/** Compiles (or takes from the cache) the bare function of `shipped`, without its captures. */
export function compileShipped(shipped: ShippedFunction, env: ReviveEnv = {}): Function {
  const globals = env.globals ?? {};
  const missing = shipped.moduleRefs.filter((n) => !Object.hasOwn(globals, n));
  if (missing.length > 0) {
    throw new EngineError(ErrorCode.ClosureCapture,
      `shipped ${shipped.label} needs module bindings the executor does not have: ${missing.join(', ')}`,
      { fields: { function: shipped.label, variables: missing.join(', ') } });
  }
  const factory = (env.cache ?? defaultFunctionCache)
    .factory(shipped.hash, shipped.source, shipped.moduleRefs, shipped.label);
  return factory(HELPER_NAMES.map((n) => HELPERS[n]), shipped.moduleRefs.map((n) => globals[n]));
}

/**
 * Revives `shipped` for one task: the returned function passes its first `argCount` arguments
 * and then the decoded captures object (the same object for every call in this task).
 */
export function reviveFunction(shipped: ShippedFunction, env: ReviveEnv = {}): RevivedFunction {
  const fn = compileShipped(shipped, env);
  const resolve = env.resolveHandle ?? ((ref: HandleRef) => {
    throw new EngineError(ErrorCode.Internal,
      `shipped ${shipped.label} captures ${ref.kind} ${ref.id}, but the executor gave no handle resolver`);
  });
  const captures = decodeCaptures({ bytes: shipped.captures, handles: shipped.handles }, resolve);
  const argCount = shipped.argCount;
  return (...args: unknown[]) => {
    args.length = argCount;
    return fn(...args, captures);
  };
}
