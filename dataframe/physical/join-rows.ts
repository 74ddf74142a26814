// The shuffled hash join's last step: each cogrouped key's left and right entries combined as the join
// type asks. Entries are `[row, keyValues]`; rows with null keys arrive alone under unique keys.
import type { JoinOutput, JoinType } from '../plan/index.js';

type Entry = readonly [readonly unknown[], readonly unknown[]];

/** Joined output rows for cogrouped `[key, [leftEntries, rightEntries]]` records. */
export function joinRows(groups: Iterable<unknown>, how: JoinType, output: readonly JoinOutput[]): unknown[][] {
  const out: unknown[][] = [];
  const emit = (l: Entry | null, r: Entry | null) => {
    out.push(output.map((o) => {
      switch (o.kind) {
        case 'left': return l === null ? null : l[0][o.index];
        case 'right': return r === null ? null : r[0][o.index];
        default: return l !== null ? l[1][o.key] : r !== null ? r[1][o.key] : null;
      }
    }));
  };
  for (const g of groups) {
    const [ls, rs] = (g as [string, [Entry[], Entry[]]])[1];
    switch (how) {
      case 'semi': if (rs.length > 0) for (const l of ls) emit(l, null); break;
      case 'anti': if (rs.length === 0) for (const l of ls) emit(l, null); break;
      default:
        for (const l of ls) for (const r of rs) emit(l, r);
        if (rs.length === 0 && (how === 'left' || how === 'full')) for (const l of ls) emit(l, null);
        if (ls.length === 0 && (how === 'right' || how === 'full')) for (const r of rs) emit(null, r);
    }
  }
  return out;
}
