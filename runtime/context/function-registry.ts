// The context's shipped user functions: each distributed operation checks and packs its function at
// the call (so a bad capture is refused before any job exists) and refers to it by id in the lineage.
// A job carries exactly the functions its lineage names.
import type { Lineage, FunctionRef } from '../rdd/lineage.js';
import { nodeFunctionRefs } from '../rdd/lineage-functions.js';
import { shipFunction, type ShippedFunction } from '../rdd/function-ship.js';

export type Captures = Readonly<Record<string, unknown>>;

export class FunctionRegistry {
  private readonly shipped = new Map<string, ShippedFunction>();
  private next = 0;

  /** Checks and ships `fn` (called on executors as `fn(...args, captures)`); throws CLOSURE_CAPTURE naming a free variable. */
  ship(fn: Function, captures: Captures | undefined, argCount: number, operation: string): FunctionRef {
    const shipped = shipFunction(fn, captures ?? {}, { argCount, operation });
    const id = `f${this.next++}`;
    this.shipped.set(id, shipped);
    return { id };
  }

  /** The shipped functions `lineage` refers to, by id. */
  functionsOf(lineage: Lineage): Record<string, ShippedFunction> {
    const out: Record<string, ShippedFunction> = {};
    const take = (ref: FunctionRef): void => {
      const f = this.shipped.get(ref.id);
      if (f !== undefined) out[ref.id] = f;
    };
    for (const node of Object.values(lineage.rdds)) for (const r of nodeFunctionRefs(node)) take(r);
    return out;
  }
}

