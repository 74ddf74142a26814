// AccumulatorParam: how values of an accumulator combine (PySpark's `zero` and `addInPlace`). The
// built-in number and bigint params travel by name; a custom param travels by source — its two
// methods are checked and shipped like user functions, its own fields as their receiver (`this`).

import { EngineError, ErrorCode } from '../../common/index.js';
import { decodeCaptures, encodeCaptures } from './closure-captures.js';
import { compileShipped, type ReviveEnv } from './function-revive.js';
import { shipFunction, type ShippedFunction } from './function-ship.js';

/** Combines accumulator values; `addInPlace` may mutate and return its first argument. */
export interface AccumulatorParam<T> {
  /** A zero of the same shape as `initialValue`. */
  zero(initialValue: T): T;
  addInPlace(a: T, b: T): T;
}

/** Sums numbers. */
export const NumberAccumulatorParam: AccumulatorParam<number> = {
  zero: () => 0,
  addInPlace: (a, b) => a + b,
};

/** Sums bigints. */
export const BigIntAccumulatorParam: AccumulatorParam<bigint> = {
  zero: () => 0n,
  addInPlace: (a, b) => a + b,
};

/** A param as plain data for executors. */
export type ParamSpec =
  | { readonly kind: 'number' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'custom'; readonly zero: ShippedFunction; readonly addInPlace: ShippedFunction;
      /** The param object's own data fields (capturePackr bytes), bound as `this`. */
      readonly state: Uint8Array };

/** The built-in param for a zero value, or undefined when a custom one is needed. */
export function defaultParamFor(zero: unknown): AccumulatorParam<unknown> | undefined {
  if (typeof zero === 'number') return NumberAccumulatorParam as AccumulatorParam<unknown>;
  if (typeof zero === 'bigint') return BigIntAccumulatorParam as AccumulatorParam<unknown>;
  return undefined;
}

/**
 * Describes `param` for executors; throws CLOSURE_CAPTURE/NOT_SERIALIZABLE when a custom param's
 * methods refer to anything outside themselves or its fields are not plain data.
 */
export function shipParam(param: AccumulatorParam<unknown>): ParamSpec {
  if (param === (NumberAccumulatorParam as AccumulatorParam<unknown>)) return { kind: 'number' };
  if (param === (BigIntAccumulatorParam as AccumulatorParam<unknown>)) return { kind: 'bigint' };
  const className = (param as object).constructor?.name;
  const label = className && className !== 'Object' ? className : 'AccumulatorParam';
  for (const m of ['zero', 'addInPlace'] as const) {
    if (typeof param[m] !== 'function') {
      throw new EngineError(ErrorCode.InvalidArgument, `${label} has no ${m}() method`, { fields: { param: label } });
    }
  }
  const state: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(param)) if (k !== 'zero' && k !== 'addInPlace') state[k] = v;
  const ship = (fn: Function, method: string, argCount: number): ShippedFunction =>
    shipFunction(fn, {}, { argCount, operation: `${label}.${method}`, allowThis: true });
  return {
    kind: 'custom',
    zero: ship(param.zero, 'zero', 1),
    addInPlace: ship(param.addInPlace, 'addInPlace', 2),
    state: encodeCaptures(state).bytes,
  };
}

/** The executor's param for a spec: built-ins directly, custom methods compiled and bound. */
export function reviveParam(spec: ParamSpec, env: ReviveEnv = {}): AccumulatorParam<unknown> {
  switch (spec.kind) {
    case 'number': return NumberAccumulatorParam as AccumulatorParam<unknown>;
    case 'bigint': return BigIntAccumulatorParam as AccumulatorParam<unknown>;
    case 'custom': {
      const self = decodeCaptures({ bytes: spec.state, handles: [] }, () => null);
      const zero = compileShipped(spec.zero, env);
      const add = compileShipped(spec.addInPlace, env);
      return {
        zero: (v) => zero.call(self, v) as unknown,
        addInPlace: (a, b) => add.call(self, a, b) as unknown,
      };
    }
  }
}
