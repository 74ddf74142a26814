// Driver-side accumulators (Spark semantics): created by the context, captured by user functions as
// references, added to on executors and merged here from successful task results — each
// (stage, partition) at most once, so retries, speculative copies and lineage re-runs count once.

import { EngineError, ErrorCode } from '../../common/index.js';
import { SHIP_AS_REF, assertShippable, capturePackr, type HandleRef, type ShippableHandle } from './closure-captures.js';
import { defaultParamFor, shipParam, type AccumulatorParam, type ParamSpec } from './accumulator-param.js';

/** What an accumulator reference carries to executors (HandleRef.data). */
export interface AccumulatorRefData {
  readonly param: ParamSpec;
  /** The accumulator's initial value (capturePackr bytes), passed to `param.zero`. */
  readonly initial: Uint8Array;
}

/** One accumulator's task-local result, as carried in a task result. */
export interface AccumulatorUpdate {
  readonly accId: number;
  /** The task-local value, capturePackr bytes. */
  readonly update: Uint8Array;
}

/** Identifies a partition's computation across attempts: the merge is keyed on it. */
export interface TaskKey {
  readonly stageId: number;
  readonly partition: number;
}

/** A driver-side accumulator. Its value is readable only here; executors see a proxy. */
export class Accumulator<T> implements ShippableHandle {
  #value: T;
  readonly #ref: HandleRef;

  constructor(readonly id: number, initial: T, readonly param: AccumulatorParam<T>) {
    assertShippable(initial, `accumulator ${id} initial value`);
    this.#value = initial;
    const data: AccumulatorRefData = {
      param: shipParam(param as AccumulatorParam<unknown>),
      initial: capturePackr.pack(initial),
    };
    this.#ref = { kind: 'accumulator', id, data };
  }

  /** The merged value: the initial value plus every counted task's updates and driver adds. */
  get value(): T {
    return this.#value;
  }

  /** Adds on the driver (tasks add through their proxy). */
  add(term: T): void {
    this.#value = this.param.addInPlace(this.#value, term);
  }

  [SHIP_AS_REF](): HandleRef {
    return this.#ref;
  }

  toString(): string {
    return `Accumulator<id=${this.id}, value=${String(this.#value)}>`;
  }
}

/** The driver's accumulators and the record of which task results were merged. */
export class AccumulatorRegistry {
  #nextId = 0;
  readonly #accumulators = new Map<number, Accumulator<unknown>>();
  readonly #merged = new Map<number, Set<number>>();

  /**
   * Creates an accumulator (`sc.accumulator(zero, param?)`). Numbers and bigints sum by default;
   * other values need a param. Throws INVALID_ARGUMENT without one, CLOSURE_CAPTURE or
   * NOT_SERIALIZABLE when the param cannot ship.
   */
  create<T>(initial: T, param?: AccumulatorParam<T>): Accumulator<T> {
    const chosen = param ?? (defaultParamFor(initial) as AccumulatorParam<T> | undefined);
    if (!chosen) {
      throw new EngineError(ErrorCode.InvalidArgument, `no default AccumulatorParam for a ${typeof initial} `
        + 'initial value; pass one: sc.accumulator(initial, { zero(v) {…}, addInPlace(a, b) {…} })');
    }
    const acc = new Accumulator(this.#nextId++, initial, chosen);
    this.#accumulators.set(acc.id, acc as Accumulator<unknown>);
    return acc;
  }

  get(id: number): Accumulator<unknown> | undefined {
    return this.#accumulators.get(id);
  }

  /**
   * Merges a successful task's updates unless this (stage, partition) was merged before; returns
   * whether it merged. Updates for accumulators this registry does not know are ignored.
   */
  mergeTaskUpdates(taskKey: TaskKey, updates: readonly AccumulatorUpdate[]): boolean {
    let partitions = this.#merged.get(taskKey.stageId);
    if (!partitions) this.#merged.set(taskKey.stageId, (partitions = new Set()));
    if (partitions.has(taskKey.partition)) return false;
    partitions.add(taskKey.partition);
    for (const { accId, update } of updates) {
      this.#accumulators.get(accId)?.add(capturePackr.unpack(update));
    }
    return true;
  }

  /** Whether a (stage, partition) result was already merged. */
  wasMerged(taskKey: TaskKey): boolean {
    return this.#merged.get(taskKey.stageId)?.has(taskKey.partition) ?? false;
  }
}
