import t from 'tap';
import * as A from 'apache-arrow';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '../../common/index.js';
import { CorruptFileError, FileNotFoundError } from '../errors.js';
import { LocalFileSystem } from '../fs/index.js';
import { readParquet, readParquetMetadata, readParquetSchema } from './parquet-reader.js';
import { writeParquet, writeParquetStream } from './parquet-writer.js';
import type { ParquetPredicate } from './row-group-pruning.js';

const fs = new LocalFileSystem();
const dir = mkdtempSync(join(tmpdir(), 'flint-parquet-'));
const n = 100;
const table = new A.Table({
  id: A.vectorFromArray(Int32Array.from({ length: n }, (_, i) => i)),
  big: A.vectorFromArray(BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_000_000_000n)),
  price: A.vectorFromArray(Float64Array.from({ length: n }, (_, i) => i / 4)),
  name: A.vectorFromArray(Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : `n${String(i).padStart(3, '0')}`)), new A.Utf8()),
  flag: A.vectorFromArray(Array.from({ length: n }, (_, i) => i % 2 === 0), new A.Bool()),
  day: A.makeVector({ type: new A.DateDay(), data: Int32Array.from({ length: n }, (_, i) => 19_000 + i) }),
  ts: A.makeVector({ type: new A.TimestampMicrosecond('UTC'), data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_001n) }),
  late: A.vectorFromArray(Array.from({ length: n }, (_, i) => (i < 75 ? null : i)), new A.Int32()),
});

async function collect(path: string, opts: Parameters<typeof readParquet>[2] = {}): Promise<{ rows: number; groups: number[]; batches: A.RecordBatch[] }> {
  const groups: number[] = [];
  const batches: A.RecordBatch[] = [];
  for await (const b of readParquet(fs, path, { ...opts, onRowGroup: (i) => groups.push(i) })) batches.push(b);
  return { rows: batches.reduce((s, b) => s + b.numRows, 0), groups, batches };
}

t.test('parquet', async (t) => {
  for (const compression of ['snappy', 'zstd'] as const) {
    t.test(`round-trips every column type with ${compression}`, async (t) => {
      const path = join(dir, `rt-${compression}.parquet`);
      await writeParquet(fs, path, table, { compression, rowGroupSize: 25 });
      const { batches, groups } = await collect(path);
      t.same(groups, [0, 1, 2, 3]);
      const back = new A.Table(batches);
      t.same(back.schema.fields.map((f) => `${f.name}:${f.type}`), table.schema.fields.map((f) => `${f.name}:${f.type}`));
      for (const f of table.schema.fields) t.same(back.getChild(f.name)!.toArray(), (table as A.Table).getChild(f.name)!.toArray(), f.name);
      t.equal(back.getChild('name')!.get(10), null);
      t.equal(back.getChild('big')!.get(99), 99_000_000_000_000n);
    });
  }

  t.test('writes a stream of batches without holding the table', async (t) => {
    const path = join(dir, 'stream.parquet');
    async function* batches(): AsyncGenerator<A.RecordBatch> { for (const b of table.slice(0, 60).batches) yield b; yield* table.slice(60).batches; }
    await writeParquetStream(fs, path, batches(), { compression: 'zstd', rowGroupSize: 50 });
    const md = await readParquetMetadata(fs, path);
    t.same(md.rowGroups.map((g) => g.numRows), [50, 50]);
    const { batches: back } = await collect(path, { columns: ['id'] });
    t.same([...new A.Table(back).getChild('id')!.toArray()], [...table.getChild('id')!.toArray()]);
  });

  const path = join(dir, 'pruning.parquet');
  t.before(() => writeParquet(fs, path, table, { compression: 'snappy', rowGroupSize: 25 }));

  t.test('exposes row counts and statistics from the footer', async (t) => {
    const md = await readParquetMetadata(fs, path);
    t.equal(md.numRows, 100);
    t.same(md.columnNames, ['id', 'big', 'price', 'name', 'flag', 'day', 'ts', 'late']);
    t.same(md.rowGroups.map((g) => g.numRows), [25, 25, 25, 25]);
    t.same(md.rowGroups[1].columns.id, { min: 25, max: 49, nullCount: 0 });
    t.equal(md.rowGroups[0].columns.name.nullCount, 3);
    t.equal(md.rowGroups[0].columns.late.nullCount, 25);
    t.same(md.arrowSchema?.fields.map((f) => `${f.name}:${f.type}`), table.schema.fields.map((f) => `${f.name}:${f.type}`), 'schema from the footer');
    const schema = await readParquetSchema(fs, path);
    t.equal(String(schema.fields[6].type), 'Timestamp<MICROSECOND, UTC>');
  });

  t.test('decodes only the projected columns', async (t) => {
    const { batches, rows } = await collect(path, { columns: ['price', 'id'] });
    t.equal(rows, 100);
    t.same(batches[0].schema.fields.map((f) => f.name).sort(), ['id', 'price']);
  });

  const cases: [string, ParquetPredicate[], number[]][] = [
    ['= keeps the one group holding the value', [{ column: 'id', op: '=', value: 30 }], [1]],
    ['< skips groups whose min is not below', [{ column: 'id', op: '<', value: 25 }], [0]],
    ['<= on a bigint column', [{ column: 'big', op: '<=', value: 25_000_000_000_000n }], [0, 1]],
    ['> on a double column', [{ column: 'price', op: '>', value: 18.5 }], [3]],
    ['>= on strings', [{ column: 'name', op: '>=', value: 'n090' }], [3]],
    ['conjunction of two ranges', [{ column: 'id', op: '>=', value: 20 }, { column: 'id', op: '<', value: 30 }], [0, 1]],
    ['isNotNull skips all-null groups', [{ column: 'late', op: 'isNotNull' }], [3]],
    ['isNull skips groups without nulls', [{ column: 'late', op: 'isNull' }], [0, 1, 2]],
    ['comparison skips all-null groups', [{ column: 'late', op: '>', value: 0 }], [3]],
    ['dates compare with Date literals', [{ column: 'day', op: '<', value: new Date(Date.UTC(2022, 0, 8)) }], [0]],
    ['no group matches an out-of-range value', [{ column: 'id', op: '=', value: 1000 }], []],
    ['unknown columns never prune', [{ column: 'nope', op: '=', value: 1 }], [0, 1, 2, 3]],
  ];
  for (const [name, filters, expected] of cases) {
    t.test(`pruning: ${name}`, async (t) => {
      const { groups, rows } = await collect(path, { filters });
      t.same(groups, expected, 'decoded row groups');
      t.equal(rows, expected.length * 25);
    });
  }

  t.test('a truncated file fails with CorruptFileError naming it', async (t) => {
    const bad = join(dir, 'truncated.parquet');
    const bytes = readFileSync(path);
    writeFileSync(bad, bytes.subarray(0, bytes.length - 30));
    const err = await readParquetMetadata(fs, bad).catch((e: unknown) => e);
    t.type(err, CorruptFileError);
    t.equal((err as CorruptFileError).code, ErrorCode.CorruptFile);
    t.match((err as Error).message, bad);
    writeFileSync(bad, bytes.subarray(0, 5));
    t.type(await readParquetMetadata(fs, bad).catch((e: unknown) => e), CorruptFileError);
  });

  t.test('corrupt page data fails with CorruptFileError and the decoder recovers', async (t) => {
    const bad = join(dir, 'corrupt.parquet');
    const bytes = Buffer.from(readFileSync(path));
    bytes.fill(7, 200, 400);
    writeFileSync(bad, bytes);
    const err = await collect(bad).catch((e: unknown) => e);
    t.type(err, CorruptFileError);
    t.match((err as Error).message, bad);
    t.equal((await collect(path, { columns: ['id'] })).rows, 100, 'later reads work');
  });

  t.test('a missing file fails with FileNotFoundError', async (t) => {
    t.type(await readParquetMetadata(fs, join(dir, 'absent.parquet')).catch((e: unknown) => e), FileNotFoundError);
  });
});
