// Benchmark output: each figure pairs our median with the peer's median from the same run and their
// ratio (ours / theirs), printed as a table or as one JSON object per line (`--json`).

export const PEER_NAME = 'nats.js raw';

/** A bound on ours/theirs: at least `ratio` when higher is better, at most `ratio` when lower is. */
export interface Aim {
  readonly ratio: number;
}

export interface Figure {
  /** Stable id, the `metric` of the JSON line (e.g. `tell_throughput_16B`). */
  readonly metric: string;
  /** Human label of the table row. */
  readonly label: string;
  readonly unit: string;
  /** Medians across trials; null when no trial produced a value (every trial lost messages). */
  readonly ours: number | null;
  readonly theirs: number | null;
  readonly better: 'lower' | 'higher';
  readonly aim?: Aim;
  /** Trials that lost messages or failed, shown in the table and on stderr. */
  readonly note?: string;
  /** What `theirs` is, when not raw nats.js (a raw socket, raw worker-thread messages…). */
  readonly peer?: string;
}

export interface JsonLine {
  readonly bench: string;
  readonly metric: string;
  readonly unit: string;
  readonly ours: number | null;
  readonly peer: string;
  readonly theirs: number | null;
  readonly ratio: number | null;
  readonly better: 'lower' | 'higher';
}

export function ratioOf(f: Figure): number | null {
  if (f.ours === null || f.theirs === null || f.theirs === 0) return null;
  return f.ours / f.theirs;
}

/** Whether the figure meets its aim; undefined when it has none or a side is missing. */
export function aimMet(f: Figure): boolean | undefined {
  const r = ratioOf(f);
  if (!f.aim || r === null) return undefined;
  return f.better === 'higher' ? r >= f.aim.ratio : r <= f.aim.ratio;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function toJsonLine(bench: string, f: Figure): JsonLine {
  const r = ratioOf(f);
  return {
    bench, metric: f.metric, unit: f.unit,
    ours: f.ours === null ? null : round(f.ours, 1),
    peer: f.peer ?? PEER_NAME,
    theirs: f.theirs === null ? null : round(f.theirs, 1),
    ratio: r === null ? null : round(r, 3),
    better: f.better,
  };
}

function formatValue(x: number | null, unit: string): string {
  if (x === null) return 'n/a';
  const digits = x >= 100 ? 0 : 1;
  return `${x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function aimText(f: Figure): string {
  if (!f.aim) return '';
  return `${f.better === 'higher' ? '≥' : '≤'} ${f.aim.ratio}`;
}

/** The readable table: metric, ours, nats.js raw, ratio, aim, met. */
export function formatTable(figures: readonly Figure[], ourName = 'ours (actors)'): string {
  const perFigurePeer = figures.some((f) => f.peer !== undefined);
  const header = ['metric', ourName, perFigurePeer ? 'peer' : PEER_NAME, 'ratio', 'aim', 'met?'];
  const rows = figures.map((f) => {
    const r = ratioOf(f);
    const met = aimMet(f);
    const theirs = formatValue(f.theirs, f.unit);
    return [
      f.label, formatValue(f.ours, f.unit), perFigurePeer ? `${theirs} (${f.peer ?? PEER_NAME})` : theirs,
      r === null ? 'n/a' : r.toFixed(2), aimText(f), met === undefined ? (f.aim ? 'n/a' : '') : met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const f of figures) if (f.note) out.push(`  ! ${f.label}: ${f.note}`);
  return `${out.join('\n')}\n`;
}
