import t from 'tap';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileNotFoundError } from '../errors.js';
import { LocalFileSystem } from './local-file-system.js';
import { discoverFiles } from './partition-discovery.js';

const fs = new LocalFileSystem();

function tree(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'flint-parts-'));
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), 'x');
  }
  return root;
}

t.test('partition discovery', async (t) => {
  t.test('infers typed partition columns from key=value directories', async (t) => {
    const root = tree([
      'year=2024/day=2024-01-02/city=Paris/part-0.csv',
      'year=2025/day=2024-01-03/city=New%20York/part-0.csv',
      'year=__HIVE_DEFAULT_PARTITION__/day=2024-01-04/city=7/part-0.csv',
      '_SUCCESS', '.hidden/x.csv', 'year=2024/_temporary/x.csv', 'year=2024/day=2024-01-02/city=Paris/.part-0.crc',
    ]);
    const found = await discoverFiles(fs, pathToFileURL(root).href);
    t.same(found.partitionSchema.fields.map((f) => `${f.name}:${f.type}`), ['year:Int32', 'day:Date32<DAY>', 'city:Utf8']);
    t.same(found.files.map((f) => [f.path.slice(root.length + 1), f.partitionValues]), [
      ['year=2024/day=2024-01-02/city=Paris/part-0.csv', { year: 2024, day: 19724, city: 'Paris' }],
      ['year=2025/day=2024-01-03/city=New York/part-0.csv', { year: 2025, day: 19725, city: 'New York' }],
      ['year=__HIVE_DEFAULT_PARTITION__/day=2024-01-04/city=7/part-0.csv', { year: null, day: 19726, city: '7' }],
    ].map(([p, v]) => [(p as string).replace('New York', 'New%20York'), v]));
  });

  t.test('widens mixed numeric partitions and keeps strings when asked not to infer', async (t) => {
    const root = tree(['v=1/a', 'v=2.5/a', 'v=9999999999/a']);
    t.same((await discoverFiles(fs, root)).partitionSchema.fields.map((f) => String(f.type)), ['Float64']);
    t.same((await discoverFiles(fs, root, { inferPartitionTypes: false })).files.map((f) => f.partitionValues.v), ['1', '2.5', '9999999999']);
  });

  t.test('a plain directory has no partition columns; a file is itself', async (t) => {
    const root = tree(['a.csv', 'b.csv', '_meta']);
    const found = await discoverFiles(fs, root);
    t.same(found.files.map((f) => f.path), [join(root, 'a.csv'), join(root, 'b.csv')]);
    t.equal(found.partitionSchema.fields.length, 0);
    t.same((await discoverFiles(fs, join(root, 'a.csv'))).files.map((f) => f.size), [1]);
  });

  t.test('conflicting partition layouts are refused; missing roots fail with FileNotFoundError', async (t) => {
    await t.rejects(discoverFiles(fs, tree(['a=1/x', 'b=2/x'])), { code: 'ANALYSIS' });
    t.type(await discoverFiles(fs, '/nonexistent/flint').catch((e: unknown) => e), FileNotFoundError);
  });
});
