import t from 'tap';
import * as A from 'apache-arrow';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MalformedRecordError } from '../errors.js';
import { LocalFileSystem } from '../fs/index.js';
import { inferCsvSchema, readCsv, type CsvOptions } from './csv-reader.js';

const fs = new LocalFileSystem();
const dir = mkdtempSync(join(tmpdir(), 'flint-csv-'));
let seq = 0;
function file(text: string): string {
  const p = join(dir, `f${seq++}.csv`);
  writeFileSync(p, text);
  return p;
}

async function rows(path: string, options: CsvOptions): Promise<{ schema: A.Schema; rows: Record<string, unknown>[] }> {
  const batches: A.RecordBatch[] = [];
  for await (const b of readCsv(fs, path, options)) batches.push(b);
  const table = new A.Table(batches);
  return { schema: batches[0]?.schema ?? new A.Schema([]), rows: table.toArray().map((r) => r.toJSON()) };
}

const typesOf = (s: A.Schema): string[] => s.fields.map((f) => `${f.name}:${f.type}`);

t.test('csv', async (t) => {
  t.test('infers Spark types column by column', async (t) => {
    const p = file([
      'i,l,d,b,dt,ts,s,mix,n',
      '1,3000000000,1.5,true,2024-01-02,2024-01-02 03:04:05,x,1,',
      '-2,4,2e3,FALSE,2024-12-31,2024-01-02T03:04:05.123Z,y,2.5,',
    ].join('\n'));
    const schema = await inferCsvSchema(fs, [p], { header: true, inferSchema: true });
    t.same(typesOf(schema), ['i:Int32', 'l:Int64', 'd:Float64', 'b:Bool', 'dt:Date32<DAY>', 'ts:Timestamp<MICROSECOND, UTC>', 's:Utf8', 'mix:Float64', 'n:Utf8']);
    const { rows: r } = await rows(p, { header: true, inferSchema: true });
    t.same(r[0], { i: 1, l: 3000000000n, d: 1.5, b: true, dt: Date.UTC(2024, 0, 2), ts: Date.UTC(2024, 0, 2, 3, 4, 5), s: 'x', mix: 1, n: null });
    t.equal(r[1].b, false);
    let batch: A.RecordBatch | undefined;
    for await (const b of readCsv(fs, p, { header: true, inferSchema: true })) batch ??= b;
    t.same([...(batch!.getChild('ts')!.data[0].values as BigInt64Array)], [1704164645000000n, 1704164645123000n], 'µs since the epoch');
  });

  t.test('widens date with timestamp to timestamp and anything with text to string', async (t) => {
    const p = file('a,b\n2024-01-01,1\n2024-01-01 10:00:00,x\n');
    t.same(typesOf(await inferCsvSchema(fs, [p], { header: true, inferSchema: true })), ['a:Timestamp<MICROSECOND, UTC>', 'b:Utf8']);
  });

  t.test('reads every column as string without inferSchema and names columns _c0… without header', async (t) => {
    const p = file('1,2\n3,4\n');
    const { schema, rows: r } = await rows(p, {});
    t.same(typesOf(schema), ['_c0:Utf8', '_c1:Utf8']);
    t.same(r, [{ _c0: '1', _c1: '2' }, { _c0: '3', _c1: '4' }]);
  });

  t.test('honours sep, quote, escape and nullValue', async (t) => {
    const p = file("a;b;c\n'x;1';'say \\'hi\\'';NA\n'multi\nline';z;NA\n");
    const { rows: r } = await rows(p, { header: true, sep: ';', quote: "'", escape: '\\', nullValue: 'NA' });
    t.same(r, [{ a: 'x;1', b: "say 'hi'", c: null }, { a: 'multi\nline', b: 'z', c: null }]);
  });

  const schema = new A.Schema([
    new A.Field('id', new A.Int32(), true),
    new A.Field('v', new A.Float64(), true),
    new A.Field('_corrupt_record', new A.Utf8(), true),
  ]);
  const bad = (): string => file('id,v\n1,1.5\n2,oops\n3\n4,4.5,extra\n5,5.5\n');

  t.test('PERMISSIVE keeps bad rows as nulls with the raw line in _corrupt_record', async (t) => {
    const { rows: r } = await rows(bad(), { header: true, schema });
    t.same(r, [
      { id: 1, v: 1.5, _corrupt_record: null },
      { id: 2, v: null, _corrupt_record: '2,oops' },
      { id: 3, v: null, _corrupt_record: '3' },
      { id: 4, v: 4.5, _corrupt_record: '4,4.5,extra' },
      { id: 5, v: 5.5, _corrupt_record: null },
    ]);
  });

  t.test('PERMISSIVE without the corrupt column keeps nulls only', async (t) => {
    const { rows: r } = await rows(bad(), { header: true, schema: new A.Schema(schema.fields.slice(0, 2)) });
    t.same(r.map((x) => x.v), [1.5, null, null, 4.5, 5.5]);
  });

  t.test('DROPMALFORMED drops bad rows', async (t) => {
    const { rows: r } = await rows(bad(), { header: true, schema, mode: 'DROPMALFORMED' });
    t.same(r.map((x) => x.id), [1, 5]);
  });

  t.test('FAILFAST throws MalformedRecordError naming file and line', async (t) => {
    const p = bad();
    const err = await rows(p, { header: true, schema, mode: 'failfast' }).catch((e: unknown) => e);
    t.type(err, MalformedRecordError);
    t.equal((err as MalformedRecordError).line, 3);
    t.equal((err as MalformedRecordError).path, p);
    t.match((err as Error).message, `${p}:3`);
  });

  t.test('a quote left open at the end of the file fails with MalformedRecordError naming the file', async (t) => {
    const p = file('a,b\n1,"never closed\n2,3\n');
    const err = await rows(p, { header: true }).catch((e: unknown) => e);
    t.type(err, MalformedRecordError);
    t.match((err as Error).message, p);
  });

  t.test('reads decimal and non-ASCII columns of a user schema', async (t) => {
    const p = file('price,name\n12.34,café\n-0.5,日本\n');
    const schema = new A.Schema([new A.Field('price', new A.Decimal(2, 15, 128), true), new A.Field('name', new A.Utf8(), true)]);
    let batch: A.RecordBatch | undefined;
    for await (const b of readCsv(fs, p, { header: true, schema })) batch ??= b;
    t.same([...(batch!.getChild('price')!.data[0].values as Uint32Array)], [1234, 0, 0, 0, 0xffffffce, 0xffffffff, 0xffffffff, 0xffffffff]);
    t.same(batch!.getChild('name')!.toArray(), ['café', '日本']);
  });

  t.test('an unknown mode is refused', async (t) => {
    await t.rejects(rows(bad(), { mode: 'LENIENT' }), { code: 'INVALID_ARGUMENT' });
  });

  t.test('batches rows by batchSize', async (t) => {
    const p = file(Array.from({ length: 25 }, (_, i) => String(i)).join('\n'));
    const sizes: number[] = [];
    for await (const b of readCsv(fs, p, { inferSchema: true, batchSize: 10 })) sizes.push(b.numRows);
    t.same(sizes, [10, 10, 5]);
  });
});
