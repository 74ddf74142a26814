// Executor side of accumulators: one TaskAccumulators per task attempt folds the task's `add`s into
// a task-local value with the shipped param; the task result carries those values as updates.

import { EngineError, ErrorCode } from '../../common/index.js';
import { assertShippable, capturePackr, type HandleRef } from './closure-captures.js';
import { reviveParam, type AccumulatorParam } from './accumulator-param.js';
import type { AccumulatorRefData, AccumulatorUpdate } from './accumulator.js';
import type { ReviveEnv } from './function-revive.js';

/** What a user function sees for a captured accumulator on an executor. */
export class AccumulatorProxy<T> {
  readonly #add: (term: T) => void;

  constructor(readonly id: number, add: (term: T) => void) {
    this.#add = add;
  }

  /** Adds to this task's local value. */
  add(term: T): void {
    this.#add(term);
  }

  get value(): never {
    throw new EngineError(ErrorCode.Unsupported,
      `accumulator ${this.id}: its value can be read only on the driver, not inside a task`,
      { fields: { accumulator: this.id } });
  }
}

interface Local {
  readonly param: AccumulatorParam<unknown>;
  readonly initial: unknown;
  value: unknown;
  touched: boolean;
}

/** The accumulators of one task attempt. */
export class TaskAccumulators {
  readonly #locals = new Map<number, Local>();
  readonly #proxies = new Map<number, AccumulatorProxy<unknown>>();

  /** @param env compile cache and globals for custom params' methods */
  constructor(private readonly env: ReviveEnv = {}) {}

  /** The proxy for an accumulator reference (one per accumulator per task). */
  proxy(ref: HandleRef): AccumulatorProxy<unknown> {
    const existing = this.#proxies.get(ref.id);
    if (existing) return existing;
    const data = ref.data as AccumulatorRefData;
    const param = reviveParam(data.param, this.env);
    const local: Local = { param, initial: capturePackr.unpack(data.initial), value: undefined, touched: false };
    this.#locals.set(ref.id, local);
    const proxy = new AccumulatorProxy<unknown>(ref.id, (term) => {
      // The zero is taken on first use, so an accumulator a task never adds to reports nothing.
      const base = local.touched ? local.value : local.param.zero(local.initial);
      local.value = local.param.addInPlace(base, term);
      local.touched = true;
    });
    this.#proxies.set(ref.id, proxy);
    return proxy;
  }

  /** The updates to send with the task's result: one per accumulator the task added to. */
  updates(): AccumulatorUpdate[] {
    const out: AccumulatorUpdate[] = [];
    for (const [accId, local] of this.#locals) {
      if (!local.touched) continue;
      assertShippable(local.value, `accumulator ${accId} value`);
      out.push({ accId, update: capturePackr.pack(local.value) });
    }
    return out;
  }
}
