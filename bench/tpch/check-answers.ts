// `node dist/bench/tpch/check-answers.js DIR [ANSWERS_DIR]`: recomputes TPC-H Q1, Q4, Q6 and Q13 with
// hand-written scans over generated SF 1 Parquet files and compares them with the official answer
// set (default /work/shared/data/tpch-answers-sf1). Whole-table evidence that the generator is
// dbgen's: Q1 touches ~98 % of lineitem, Q4 the order dates and line dates, Q13 every o_comment.
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC, type Data, type Table } from 'apache-arrow';
import { ParquetFile } from 'parquet-wasm';
import { decimalCents } from './tbl-format.js';

const DAY = 86_400_000;
const days = (iso: string): number => Date.parse(iso) / DAY;

/** Each row group of `file` as an Arrow table holding only `columns`. */
async function* rowGroups(file: string, columns: readonly string[]): AsyncGenerator<Table> {
  const parquet = await ParquetFile.fromFile(await openAsBlob(file));
  const groups = parquet.metadata().numRowGroups();
  for (let g = 0; g < groups; g++) {
    const wasm = await parquet.read({ columns: [...columns], rowGroups: [g] });
    yield tableFromIPC(wasm.intoIPCStream());
  }
}

/** Calls `row(data, i)` for every row with the column chunks in `columns` order. */
async function scan(file: string, columns: readonly string[], row: (d: Data[], i: number) => void): Promise<void> {
  for await (const table of rowGroups(file, columns)) {
    const children = columns.map((c) => table.getChild(c)!);
    for (let b = 0; b < children[0].data.length; b++) {
      const d = children.map((c) => c.data[b]);
      for (let i = 0; i < d[0].length; i++) row(d, i);
    }
  }
}

const int = (d: Data, i: number): number => Number(d.values[i]);
const byte = (d: Data, i: number): number => (d.values as Uint8Array)[d.valueOffsets[i]];
const str = (d: Data, i: number): string =>
  Buffer.from((d.values as Uint8Array).subarray(d.valueOffsets[i], d.valueOffsets[i + 1])).toString('latin1');

async function q1(dir: string): Promise<string[][]> {
  const cutoff = days('1998-09-02');
  const groups = new Map<string, { qty: number; base: number; disc: bigint; charge: bigint; discount: number; n: number }>();
  await scan(join(dir, 'lineitem.parquet'),
    ['l_returnflag', 'l_linestatus', 'l_quantity', 'l_extendedprice', 'l_discount', 'l_tax', 'l_shipdate'], (d, i) => {
      if (int(d[6], i) > cutoff) return;
      const key = String.fromCharCode(byte(d[0], i), byte(d[1], i));
      let g = groups.get(key);
      if (!g) groups.set(key, g = { qty: 0, base: 0, disc: 0n, charge: 0n, discount: 0, n: 0 });
      const price = decimalCents(d[3], i);
      const discount = decimalCents(d[4], i);
      g.qty += decimalCents(d[2], i);
      g.base += price;
      g.disc += BigInt(price * (100 - discount));
      g.charge += BigInt(price * (100 - discount)) * BigInt(100 + decimalCents(d[5], i));
      g.discount += discount;
      g.n++;
    });
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => [
    k[0], k[1], fixed(g.qty / 100), fixed(g.base / 100), fixed(Number(g.disc) / 1e4), fixed(Number(g.charge) / 1e6),
    fixed(g.qty / 100 / g.n), fixed(g.base / 100 / g.n), fixed(g.discount / 100 / g.n), String(g.n),
  ]);
}

async function q4(dir: string): Promise<string[][]> {
  const late = new Set<number>();
  await scan(join(dir, 'lineitem.parquet'), ['l_orderkey', 'l_commitdate', 'l_receiptdate'], (d, i) => {
    if (int(d[1], i) < int(d[2], i)) late.add(int(d[0], i));
  });
  const from = days('1993-07-01');
  const to = days('1993-10-01');
  const counts = new Map<string, number>();
  await scan(join(dir, 'orders.parquet'), ['o_orderkey', 'o_orderdate', 'o_orderpriority'], (d, i) => {
    const date = int(d[1], i);
    if (date >= from && date < to && late.has(int(d[0], i))) counts.set(str(d[2], i), (counts.get(str(d[2], i)) ?? 0) + 1);
  });
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([p, n]) => [p, String(n)]);
}

async function q6(dir: string): Promise<string[][]> {
  const from = days('1994-01-01');
  const to = days('1995-01-01');
  let revenue = 0;
  await scan(join(dir, 'lineitem.parquet'), ['l_shipdate', 'l_discount', 'l_quantity', 'l_extendedprice'], (d, i) => {
    const date = int(d[0], i);
    const discount = decimalCents(d[1], i);
    if (date >= from && date < to && discount >= 5 && discount <= 7 && decimalCents(d[2], i) < 2400) {
      revenue += decimalCents(d[3], i) * discount;
    }
  });
  return [[fixed(revenue / 1e4)]];
}

async function q13(dir: string): Promise<string[][]> {
  let customers = 0;
  await scan(join(dir, 'customer.parquet'), ['c_custkey'], (d, i) => { customers = Math.max(customers, int(d[0], i)); });
  const perCustomer = new Int32Array(customers + 1);
  const excluded = /special.*requests/;
  await scan(join(dir, 'orders.parquet'), ['o_custkey', 'o_comment'], (d, i) => {
    if (!excluded.test(str(d[1], i))) perCustomer[int(d[0], i)]++;
  });
  const dist = new Map<number, number>();
  for (let c = 1; c <= customers; c++) dist.set(perCustomer[c], (dist.get(perCustomer[c]) ?? 0) + 1);
  return [...dist].sort((a, b) => b[1] - a[1] || b[0] - a[0]).map(([count, n]) => [String(count), String(n)]);
}

function fixed(v: number): string {
  return v.toFixed(2);
}

/** Rows of an answer file's text (header dropped, fields trimmed). */
export function parseAnswer(text: string): string[][] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => l.split('|').map((f) => f.trim()));
}

/** Fields equal, numbers to within a cent (the answer set rounds; float sums may differ in the last digit). */
export function sameRows(actual: readonly string[][], expected: readonly string[][]): boolean {
  return actual.length === expected.length && actual.every((row, r) => row.length === expected[r].length && row.every((v, c) => {
    const e = expected[r][c];
    if (v === e) return true;
    const a = Number(v);
    const b = Number(e);
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(Math.round(a * 100) - Math.round(b * 100)) <= 1;
  }));
}

async function main(): Promise<void> {
  const [dir, answers = '/work/shared/data/tpch-answers-sf1'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: check-answers <dir with SF 1 parquet> [answers dir]');
    process.exit(2);
  }
  let failed = 0;
  for (const [query, run] of [['q1', q1], ['q4', q4], ['q6', q6], ['q13', q13]] as const) {
    const started = performance.now();
    const actual = await run(dir);
    const expected = parseAnswer(await readFile(join(answers, `${query}.out`), 'utf8'));
    const ok = sameRows(actual, expected);
    if (!ok) failed++;
    console.log(`${query}: ${ok ? 'matches' : 'DIFFERS'} (${actual.length} rows, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    if (!ok) console.log(`  got      ${JSON.stringify(actual)}\n  expected ${JSON.stringify(expected)}`);
  }
  process.exit(failed === 0 ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
