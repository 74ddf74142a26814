// Hash aggregation in two phases: partial per partition over a batch's vectors (one accumulator
// tuple per group), then final after the shuffle (merge partials, produce output values).
// Accumulators are plain data so they cross the shuffle: count → number, sum → number | bigint | null,
// avg → [sum, count], min/max → value | null, count distinct → Set of key strings.
import { assertNever } from '../../common/index.js';
import type { ColumnBatch, ColumnVector } from '../exec/index.js';
import { vectorGet } from '../exec/index.js';
import type { AggregateOutput, BoundAggregate } from '../plan/index.js';
import { compareValues, encodeKey } from './row-key.js';

type Acc = unknown;

function initial(a: BoundAggregate): Acc {
  switch (a.fn) {
    case 'count': return 0;
    case 'avg': return [0, 0];
    case 'count_distinct': return new Set<string>();
    default: return null;
  }
}

function update(a: BoundAggregate, acc: Acc, args: readonly ColumnVector[], i: number): Acc {
  switch (a.fn) {
    case 'count': {
      for (const v of args) if (v.dataType.kind === 'null' || (v.validity !== null && v.validity[i] === 0)) return acc;
      return (acc as number) + 1;
    }
    case 'count_distinct': {
      const vals = args.map((v) => vectorGet(v, i));
      if (vals.some((x) => x === null)) return acc;
      (acc as Set<string>).add(encodeKey(vals));
      return acc;
    }
    case 'avg': {
      const x = vectorGet(args[0], i);
      if (x === null) return acc;
      const s = acc as [number, number];
      s[0] += x as number; s[1] += 1;
      return s;
    }
    case 'sum': {
      const x = vectorGet(args[0], i);
      if (x === null) return acc;
      return acc === null ? x : (acc as number) + (x as number);
    }
    case 'min': case 'max': {
      const x = vectorGet(args[0], i);
      if (x === null) return acc;
      if (acc === null) return x;
      const c = compareValues(x, acc);
      return (a.fn === 'min' ? c < 0 : c > 0) ? x : acc;
    }
    default: return assertNever(a.fn, 'aggregate function');
  }
}

function merge(a: BoundAggregate, x: Acc, y: Acc): Acc {
  switch (a.fn) {
    case 'count': return (x as number) + (y as number);
    case 'count_distinct': { for (const k of y as Set<string>) (x as Set<string>).add(k); return x; }
    case 'avg': { const p = x as [number, number]; const q = y as [number, number]; return [p[0] + q[0], p[1] + q[1]]; }
    case 'sum': return x === null ? y : y === null ? x : (x as number) + (y as number);
    case 'min': case 'max': {
      if (x === null) return y;
      if (y === null) return x;
      const c = compareValues(y, x);
      return (a.fn === 'min' ? c < 0 : c > 0) ? y : x;
    }
    default: return assertNever(a.fn, 'aggregate function');
  }
}

function finish(a: BoundAggregate, acc: Acc): unknown {
  switch (a.fn) {
    case 'count': return BigInt(acc as number);
    case 'count_distinct': return BigInt((acc as Set<string>).size);
    case 'avg': { const [s, n] = acc as [number, number]; return n === 0 ? null : s / n; }
    case 'sum': return a.dataType.kind === 'long' && typeof acc === 'bigint' ? BigInt.asIntN(64, acc) : acc;
    case 'min': case 'max': return acc;
    default: return assertNever(a.fn, 'aggregate function');
  }
}

/** Partial aggregation of the selected rows of `batch`, keys and inputs already evaluated as vectors. */
export function partialAggregate(batch: ColumnBatch, keys: readonly ColumnVector[], args: ReadonlyArray<readonly ColumnVector[]>, aggregates: readonly BoundAggregate[]): unknown[] {
  const groups = new Map<string, [unknown[], Acc[]]>();
  const sel = batch.selection;
  const n = sel === null ? batch.numRows : sel.length;
  for (let j = 0; j < n; j++) {
    const i = sel === null ? j : sel[j];
    const keyValues = keys.map((v) => vectorGet(v, i));
    const k = encodeKey(keyValues);
    let g = groups.get(k);
    if (g === undefined) { g = [keyValues, aggregates.map(initial)]; groups.set(k, g); }
    const accs = g[1];
    for (let a = 0; a < aggregates.length; a++) accs[a] = update(aggregates[a], accs[a], args[a], i);
  }
  return [...groups].map(([k, g]) => [k, g]);
}

/** Final aggregation of `[key, partials[]]` groups into output rows. */
export function finalAggregate(groups: Iterable<unknown>, aggregates: readonly BoundAggregate[], output: readonly AggregateOutput[], global: boolean): unknown[][] {
  const rows: unknown[][] = [];
  for (const entry of groups) {
    const partials = (entry as [string, Array<[unknown[], Acc[]]>])[1];
    const keyValues = partials[0][0];
    const accs = partials[0][1].slice();
    for (let p = 1; p < partials.length; p++) {
      for (let a = 0; a < aggregates.length; a++) accs[a] = merge(aggregates[a], accs[a], partials[p][1][a]);
    }
    const values = aggregates.map((a, i) => finish(a, accs[i]));
    rows.push(output.map((o) => (o.kind === 'group' ? keyValues[o.index] : values[o.index])));
  }
  if (global && rows.length === 0) {
    const values = aggregates.map((a) => finish(a, initial(a)));
    rows.push(output.map((o) => (o.kind === 'group' ? null : values[o.index])));
  }
  return rows;
}
