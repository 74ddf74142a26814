import { openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Type, tableFromIPC, type Table } from 'apache-arrow';
import { ParquetFile, readParquet } from 'parquet-wasm';
import { CURRENT_DATE, START_DATE } from './dates.js';
import { generateTpch, type Manifest } from './generate-tpch.js';
import { lineCharge } from './orders.js';
import { partPrice } from './part.js';
import { SCHEMAS, TABLE_NAMES, type TableName } from './schema.js';
import { decimalCents } from './tbl-format.js';
import { buildTextPool } from './text-pool.js';

// Structure, not dbgen's exact text: a 1 MiB pool keeps this test cheap (dbgen-head.test.ts checks
// exactness with the real 300 MiB pool).
const pool = buildTextPool(1 << 20);
const SF = 0.01;

type Value = number | string;
/** A table read back from Parquet, as plain columns (decimals in hundredths, dates in epoch days). */
type Columns = Record<string, Value[]>;

async function readBack(dir: string, table: TableName): Promise<{ arrow: Table; columns: Columns }> {
  const arrow = tableFromIPC(readParquet(await readFile(join(dir, `${table}.parquet`))).intoIPCStream());
  const columns: Columns = {};
  arrow.schema.fields.forEach((field, i) => {
    const values: Value[] = [];
    for (const data of arrow.getChildAt(i)!.data) {
      for (let row = 0; row < data.length; row++) {
        if (field.typeId === Type.Decimal) values.push(decimalCents(data, row));
        else if (field.typeId === Type.Utf8) values.push(String(arrow.getChildAt(i)!.get(values.length)));
        else values.push(Number(data.values[row]));
      }
    }
    columns[field.name] = values;
  });
  return { arrow, columns };
}

/** Generates SF 0.01 once and reads every table back; each test awaits it. */
async function generateAndRead(): Promise<{ dir: string; manifest: Manifest; tables: Record<TableName, Columns>; schemas: Record<TableName, string[]> }> {
  const dir = await mkdtemp(join(tmpdir(), 'flint-tpch-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const manifest = await generateTpch({ scaleFactor: SF, outDir: dir, pool, rowGroupRows: 20_000, batchRows: 4096 });
  const tables = {} as Record<TableName, Columns>;
  const schemas = {} as Record<TableName, string[]>;
  for (const name of TABLE_NAMES) {
    const { arrow, columns } = await readBack(dir, name);
    tables[name] = columns;
    schemas[name] = arrow.schema.fields.map((f) => `${f.name}:${f.type}`);
  }
  return { dir, manifest, tables, schemas };
}
const generated = generateAndRead();

t.test('every table reads back with its schema', async (t) => {
  const { schemas } = await generated;
  for (const name of TABLE_NAMES) t.same(schemas[name], SCHEMAS[name].fields.map((f) => `${f.name}:${f.type}`), name);
});

t.test('row counts are dbgen\'s at SF 0.01', async (t) => {
  const { manifest, tables: { lineitem } } = await generated;
  const rows = Object.fromEntries(manifest.tables.map((m) => [m.table, m.rows]));
  t.same(rows, {
    region: 5, nation: 25, supplier: 100, customer: 1500, part: 2000, partsupp: 8000, orders: 15000, lineitem: 60175,
  });
  t.equal(lineitem.l_orderkey.length, 60175);
});

t.test('row counts scale with the scale factor', async (t) => {
  const small = await mkdtemp(join(tmpdir(), 'flint-tpch-'));
  t.teardown(() => rm(small, { recursive: true, force: true }));
  const m = await generateTpch({ scaleFactor: 0.001, outDir: small, pool });
  t.same(Object.fromEntries(m.tables.map((x) => [x.table, x.rows])), {
    region: 5, nation: 25, supplier: 10, customer: 150, part: 200, partsupp: 800, orders: 1500, lineitem: 6005,
  });
});

t.test('files are split into row groups of the requested size', async (t) => {
  const { dir } = await generated;
  const file = await ParquetFile.fromFile(await openAsBlob(join(dir, 'lineitem.parquet')));
  t.same(file.metadata().rowGroups().map((g) => g.numRows()), [20_000, 20_000, 20_000, 175]);
});

t.test('output is deterministic (same bytes twice)', async (t) => {
  const { dir, manifest } = await generated;
  const again = await mkdtemp(join(tmpdir(), 'flint-tpch-'));
  t.teardown(() => rm(again, { recursive: true, force: true }));
  const second: Manifest = await generateTpch({ scaleFactor: SF, outDir: again, pool, rowGroupRows: 20_000, batchRows: 999 });
  t.same(second.tables.map((x) => x.sha256), manifest.tables.map((x) => x.sha256));
  t.equal(await readFile(join(again, 'manifest.json'), 'utf8'), await readFile(join(dir, 'manifest.json'), 'utf8'));
});

t.test('nation and region are dbgen\'s fixed lists', async (t) => {
  const { region, nation } = (await generated).tables;
  t.same(region.r_name, ['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST']);
  t.equal(nation.n_name[24], 'UNITED STATES');
  t.equal(nation.n_regionkey[24], 1);
  t.same(nation.n_nationkey, Array.from({ length: 25 }, (_, i) => i));
});

t.test('supplier and customer columns follow the spec', async (t) => {
  const { supplier, customer } = (await generated).tables;
  for (const [keys, nations, phones, balances] of [
    [supplier.s_suppkey, supplier.s_nationkey, supplier.s_phone, supplier.s_acctbal],
    [customer.c_custkey, customer.c_nationkey, customer.c_phone, customer.c_acctbal],
  ]) {
    t.same(keys, Array.from({ length: keys.length }, (_, i) => i + 1));
    t.ok(nations.every((n) => (n as number) >= 0 && (n as number) <= 24));
    t.ok(phones.every((p, i) => (p as string).startsWith(`${(nations[i] as number) + 10}-`) && /^\d\d-\d{3}-\d{3}-\d{4}$/.test(p as string)));
    t.ok(balances.every((b) => (b as number) >= -99_999 && (b as number) <= 999_999));
  }
  t.equal(customer.c_name[41], 'Customer#000000042');
  t.same(new Set(customer.c_mktsegment), new Set(['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'HOUSEHOLD', 'MACHINERY']));
});

t.test('part prices, brands and sizes follow dbgen\'s formulas', async (t) => {
  const { part } = (await generated).tables;
  t.ok(part.p_partkey.every((k, i) => part.p_retailprice[i] === partPrice(k as number)));
  t.equal(part.p_retailprice[0], 90_100);
  t.ok(part.p_brand.every((b, i) => (b as string).slice(6, 7) === (part.p_mfgr[i] as string).slice(13)));
  t.ok(part.p_size.every((s) => (s as number) >= 1 && (s as number) <= 50));
  t.ok(part.p_name.every((n) => new Set((n as string).split(' ')).size === 5));
});

t.test('partsupp has four distinct valid suppliers per part', async (t) => {
  const { partsupp } = (await generated).tables;
  const pairs = new Set<string>();
  partsupp.ps_partkey.forEach((p, i) => pairs.add(`${p}:${partsupp.ps_suppkey[i]}`));
  t.equal(pairs.size, 8000);
  t.ok(partsupp.ps_suppkey.every((s) => (s as number) >= 1 && (s as number) <= 100));
  t.ok(partsupp.ps_partkey.every((p, i) => p === Math.floor(i / 4) + 1));
  t.ok(partsupp.ps_availqty.every((q) => (q as number) >= 1 && (q as number) <= 9999));
  t.ok(partsupp.ps_supplycost.every((c) => (c as number) >= 100 && (c as number) <= 100_000));
});

t.test('orders: sparse keys, living customers, dates in range', async (t) => {
  const { orders } = (await generated).tables;
  t.ok(orders.o_orderkey.every((k) => (k as number) % 32 < 8), '8 keys used in every 32');
  t.equal(new Set(orders.o_orderkey).size, 15000);
  t.equal(orders.o_orderkey[7], 32);
  t.ok(orders.o_custkey.every((c) => (c as number) % 3 !== 0 && (c as number) >= 1 && (c as number) <= 1500));
  t.ok(orders.o_orderdate.every((d) => (d as number) >= START_DATE && (d as number) <= START_DATE + 2405));
  t.ok(orders.o_clerk.every((c) => /^Clerk#0000000\d\d$|^Clerk#00000[01]\d\d\d$/.test(c as string)));
});

t.test('lineitem: keys, prices, dates and flags obey the spec', async (t) => {
  const { orders, partsupp, lineitem } = (await generated).tables;
  const orderIndex = new Map(orders.o_orderkey.map((k, i) => [k, i]));
  const suppliersOf = new Map<Value, Set<Value>>();
  partsupp.ps_partkey.forEach((p, i) => (suppliersOf.get(p) ?? suppliersOf.set(p, new Set()).get(p)!).add(partsupp.ps_suppkey[i]));
  const total = new Map<Value, number>();
  const shipped = new Map<Value, { f: number; n: number }>();
  let bad = 0;
  for (let i = 0; i < lineitem.l_orderkey.length; i++) {
    const ok = lineitem.l_orderkey[i];
    const o = orderIndex.get(ok);
    if (o === undefined) { bad++; continue; }
    const od = orders.o_orderdate[o] as number;
    const ship = lineitem.l_shipdate[i] as number;
    const commit = lineitem.l_commitdate[i] as number;
    const receipt = lineitem.l_receiptdate[i] as number;
    const qty = (lineitem.l_quantity[i] as number) / 100;
    const p = lineitem.l_partkey[i] as number;
    const flag = lineitem.l_returnflag[i];
    const status = lineitem.l_linestatus[i];
    if (!suppliersOf.get(p)?.has(lineitem.l_suppkey[i])) bad++;
    if (lineitem.l_extendedprice[i] !== qty * partPrice(p)) bad++;
    if (!(qty >= 1 && qty <= 50 && Number.isInteger(qty))) bad++;
    if (!((lineitem.l_discount[i] as number) <= 10 && (lineitem.l_tax[i] as number) <= 8)) bad++;
    if (!(ship - od >= 1 && ship - od <= 121 && commit - od >= 30 && commit - od <= 90 && receipt - ship >= 1 && receipt - ship <= 30)) bad++;
    if ((receipt > CURRENT_DATE) !== (flag === 'N') || (flag !== 'N' && flag !== 'R' && flag !== 'A')) bad++;
    if ((ship > CURRENT_DATE) !== (status === 'O')) bad++;
    total.set(ok, (total.get(ok) ?? 0) + lineCharge(lineitem.l_extendedprice[i] as number, lineitem.l_discount[i] as number, lineitem.l_tax[i] as number));
    const s = shipped.get(ok) ?? { f: 0, n: 0 };
    s.n++;
    if (status === 'F') s.f++;
    shipped.set(ok, s);
  }
  t.equal(bad, 0, 'every line checks out');
  t.equal(total.size, 15000, 'every order has lines');
  t.ok(orders.o_orderkey.every((k, i) => total.get(k) === orders.o_totalprice[i]), 'o_totalprice = Σ lines');
  t.ok(orders.o_orderkey.every((k, i) => {
    const s = shipped.get(k)!;
    return orders.o_orderstatus[i] === (s.f === s.n ? 'F' : s.f === 0 ? 'O' : 'P');
  }), 'o_orderstatus agrees with l_linestatus');
  const flags = new Set(lineitem.l_returnflag);
  t.same([...flags].sort(), ['A', 'N', 'R']);
});
