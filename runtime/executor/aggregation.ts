// Spark's Aggregator on the executor: values folded per key (value equality, see key-map.ts) on the
// map side before a shuffle write (`mapSideCombine`) and on the reduce side when reading. A Step says
// how a key's first value starts its combiner and how each further value merges in; which step
// applies depends on whether the values arriving are raw or already combined.
import { assertNever } from '../../common/index.js';
import type { Aggregator } from '../rdd/lineage.js';
import { KeyMap } from './key-map.js';
import { CHECK_MASK, type TaskContext } from './task-context.js';
import { userCodeError } from './task-errors.js';
import { cloneZero, isThenable } from './user-values.js';

export interface Step {
  /** The user function the step calls, for messages. */
  readonly label: string;
  readonly first: (v: unknown) => unknown;
  readonly next: (c: unknown, v: unknown) => unknown;
}

const NEW = Symbol('new key');

/** Whether map tasks combine before writing: group never does (it would not shrink the data). */
export function combinesMapSide(aggregator: Aggregator | undefined, mapSideCombine: boolean | undefined): aggregator is Aggregator {
  return aggregator !== undefined && mapSideCombine === true && aggregator.kind !== 'group';
}

/** The step over raw values: map-side combining, or reducing values no map task combined. */
export function rawStep(ctx: TaskContext, aggregator: Aggregator): Step {
  switch (aggregator.kind) {
    case 'reduce': {
      const f = ctx.functions.get(aggregator.fn);
      return { label: f.label, first: (v) => v, next: f.call };
    }
    case 'group':
      return { label: 'groupByKey', first: (v) => [v], next: (c, v) => { (c as unknown[]).push(v); return c; } };
    case 'aggregate': {
      const seq = ctx.functions.get(aggregator.seqOp);
      const zero = aggregator.zero;
      return { label: seq.label, first: (v) => seq.call(cloneZero(zero), v), next: seq.call };
    }
    case 'combine': {
      const create = ctx.functions.get(aggregator.createCombiner);
      const merge = ctx.functions.get(aggregator.mergeValue);
      return { label: `${create.label} / ${merge.label}`, first: create.call, next: merge.call };
    }
    case 'first':
      return { label: 'distinct', first: (v) => v, next: (c) => c };
    default:
      return assertNever(aggregator, 'aggregator');
  }
}

/** The step over combiners written by map tasks that combined. */
export function combinedStep(ctx: TaskContext, aggregator: Aggregator): Step {
  switch (aggregator.kind) {
    case 'reduce': case 'group': case 'first':
      return rawStep(ctx, aggregator);
    case 'aggregate': {
      const comb = ctx.functions.get(aggregator.combOp);
      return { label: comb.label, first: (v) => v, next: comb.call };
    }
    case 'combine': {
      const merge = ctx.functions.get(aggregator.mergeCombiners);
      return { label: merge.label, first: (v) => v, next: merge.call };
    }
    default:
      return assertNever(aggregator, 'aggregator');
  }
}

/** Per-key combiners being built. */
export class Combiners {
  readonly map = new KeyMap<unknown>();

  constructor(private readonly ctx: TaskContext, private readonly step: Step, private readonly site: { readonly rddId: number; readonly partition: number }) {}

  /** Folds `[k, v]` pairs in. */
  async addPairs(pairs: readonly unknown[]): Promise<void> {
    try {
      for (let i = 0; i < pairs.length; i++) {
        const p = pairs[i] as readonly [unknown, unknown];
        const r = this.add(p[0], p[1]);
        if (r) await r;
        if ((i & CHECK_MASK) === CHECK_MASK) await this.ctx.checkpoint();
      }
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /** Folds flat records `[k0, v0, k1, v1, …]` (a shuffle block) in. */
  async addFlat(flat: readonly unknown[]): Promise<void> {
    try {
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const r = this.add(flat[i], flat[i + 1]);
        if (r) await r;
        if (((i >>> 1) & CHECK_MASK) === CHECK_MASK) await this.ctx.checkpoint();
      }
    } catch (err) {
      throw this.wrap(err);
    }
  }

  /** The combined `[k, c]` pairs in first-seen key order. */
  pairs(): unknown[] {
    const { keys, values } = this.map;
    const out: unknown[] = [];
    for (let i = 0; i < keys.length; i++) out.push([keys[i], values[i]]);
    return out;
  }

  private add(k: unknown, v: unknown): Promise<void> | undefined {
    const map = this.map;
    const i = map.slot(k, NEW);
    const c = map.values[i];
    const r = c === NEW ? this.step.first(v) : this.step.next(c, v);
    if (!isThenable(r)) {
      map.values[i] = r;
      return undefined;
    }
    return Promise.resolve(r).then((value) => { map.values[i] = value; });
  }

  private wrap(err: unknown): Error {
    return userCodeError(err, { label: this.step.label, operation: 'combine by key', ...this.site });
  }
}
