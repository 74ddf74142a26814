// Shared state of one code generation: fresh local names, hoisted declarations (input arrays, constants,
// regexes), and the JS zero value per storage so every local keeps one shape (no per-row allocation).
import type { DataType } from '../types/index.js';
import { storageOf } from './column-vector.js';

/** Code that sets locals `v` (value) and `n` (is null) for one expression node. */
export interface Emitted { readonly code: string; readonly v: string; readonly n: string }

export function zeroOf(t: DataType): string {
  if (t.kind === 'boolean') return 'false';
  if (t.kind === 'string') return "''";
  if (t.kind === 'decimal') return '0n';
  const st = storageOf(t);
  if (st === 'BigInt64Array') return '0n';
  if (st === 'array') return 'null';
  return '0';
}

export class CodegenContext {
  private next = 0;
  readonly decls: string[] = [];
  readonly constants: unknown[] = [];
  private readonly inputs = new Set<number>();

  /** Declares a value/null pair of locals for a node of type `t`. */
  fresh(t: DataType): { v: string; n: string } {
    const k = this.next++;
    this.decls.push(`let v${k} = ${zeroOf(t)}, n${k} = false;`);
    return { v: `v${k}`, n: `n${k}` };
  }

  /** A hoisted constant (strings, regexes, bigints too large to inline). */
  constant(value: unknown): string {
    this.constants.push(value);
    return `K[${this.constants.length - 1}]`;
  }

  /** Names of the values array and validity mask of input column `ordinal`. */
  input(ordinal: number): { values: string; mask: string } {
    if (!this.inputs.has(ordinal)) {
      this.inputs.add(ordinal);
      this.decls.push(`const c${ordinal} = cols[${ordinal}].values, m${ordinal} = cols[${ordinal}].validity;`);
    }
    return { values: `c${ordinal}`, mask: `m${ordinal}` };
  }
}
