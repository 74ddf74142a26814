// Dataset.show's text exactly as Spark's showString builds it: +---+ borders, cells right-aligned when
// truncating (left-aligned when not), vertical -RECORD blocks, and the "only showing top N rows" footer.
import type { StructTypeData } from '../types/index.js';
import { escapeMetaCharacters } from '../types/index.js';
import { showCell } from './cell-string.js';

export interface ShowOptions {
  /** Rows to print (Spark's default 20). */
  readonly n?: number;
  /** true = 20 characters, false/0 = no truncation, a number = that many characters. */
  readonly truncate?: boolean | number;
  readonly vertical?: boolean;
}

// Spark's Utils.fullWidthRegex: East Asian wide characters take two columns.
const FULL_WIDTH = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/** Spark's Utils.stringHalfWidth. */
export function stringHalfWidth(s: string): number {
  const m = s.match(FULL_WIDTH);
  return s.length + (m === null ? 0 : m.length);
}

/**
 * Spark's `showString(n, truncate, vertical)` over rows of internal values. Pass at least n + 1 rows
 * when more exist, as Spark takes n + 1, so the footer knows there is more.
 */
export function formatShow(schema: StructTypeData, rows: ReadonlyArray<ReadonlyArray<unknown>>, options: ShowOptions = {}): string {
  const numRows = Math.max(0, options.n ?? 20);
  const truncate = options.truncate === undefined || options.truncate === true ? 20 : options.truncate === false ? 0 : options.truncate;
  const header = schema.fields.map((f) => escapeMetaCharacters(f.name));
  const taken = rows.slice(0, numRows + 1);
  const hasMoreData = taken.length > numRows;
  const data = taken.slice(0, numRows).map((row) => schema.fields.map((f, i) => cutCell(escapeMetaCharacters(showCell(row[i], f.dataType)), truncate)));
  const out = options.vertical === true ? vertical(header, data) : table(header, data, truncate);
  if (options.vertical === true && data.length === 0) return `${out}(0 rows)\n`;
  if (hasMoreData) return `${out}only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return out;
}

function cutCell(s: string, truncate: number): string {
  if (truncate <= 0 || s.length <= truncate) return s;
  return truncate < 4 ? s.slice(0, truncate) : `${s.slice(0, truncate - 3)}...`;
}

function table(header: string[], data: string[][], truncate: number): string {
  const widths = header.map(() => 3);
  for (const row of [header, ...data]) row.forEach((c, i) => { widths[i] = Math.max(widths[i], stringHalfWidth(c)); });
  const pad = (c: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i] - stringHalfWidth(c)));
    return truncate > 0 ? fill + c : c + fill;
  };
  const sep = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  const line = (row: string[]) => `|${row.map(pad).join('|')}|\n`;
  return sep + line(header) + sep + data.map(line).join('') + sep;
}

function vertical(header: string[], data: string[][]): string {
  const nameWidth = header.reduce((m, h) => Math.max(m, stringHalfWidth(h)), 3);
  const dataWidth = data.reduce((m, row) => Math.max(m, ...row.map(stringHalfWidth)), 3);
  const rpad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - stringHalfWidth(s)));
  return data.map((row, i) => {
    const title = `-RECORD ${i}`;
    const head = title + '-'.repeat(Math.max(0, nameWidth + dataWidth + 5 - title.length));
    return `${head}\n${row.map((c, j) => ` ${rpad(header[j], nameWidth)} | ${rpad(c, dataWidth)} `).join('\n')}\n`;
  }).join('');
}
