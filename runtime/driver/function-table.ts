// The shipped functions of the active jobs, by FunctionRef id. A stage shared by two jobs may name
// functions either job shipped, so the table is shared and each entry lives while a job needs it.
import type { ShippedFunction } from '../rdd/index.js';

interface Entry {
  readonly fn: ShippedFunction;
  readonly jobs: Set<number>;
}

export class FunctionTable {
  private readonly entries = new Map<string, Entry>();

  add(jobId: number, functions: Readonly<Record<string, ShippedFunction>>): void {
    for (const [id, fn] of Object.entries(functions)) {
      const e = this.entries.get(id);
      if (e === undefined) this.entries.set(id, { fn, jobs: new Set([jobId]) });
      else e.jobs.add(jobId);
    }
  }

  /** Drops the job's hold; functions no active job names are forgotten. */
  release(jobId: number): void {
    for (const [id, e] of this.entries) {
      e.jobs.delete(jobId);
      if (e.jobs.size === 0) this.entries.delete(id);
    }
  }

  /** The functions with these ids that are known, and the ids that are not. */
  pick(ids: readonly string[]): { readonly functions: Record<string, ShippedFunction>; readonly missing: string[] } {
    const functions: Record<string, ShippedFunction> = {};
    const missing: string[] = [];
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e === undefined) missing.push(id);
      else functions[id] = e.fn;
    }
    return { functions, missing };
  }
}
