// Runs the S3 FileSystem against s3rver on a free loopback port (never a public endpoint).
import t from 'tap';
import * as A from 'apache-arrow';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileNotFoundError } from '../errors.js';
import { readParquet, writeParquet, readCsv, readJson, readArrowIpcTable, writeArrowIpc } from '../formats/index.js';
import { discoverFiles } from './partition-discovery.js';
import { S3FileSystem, parseS3Uri, s3SettingsFromConf } from './s3-file-system.js';
import { fileSystemFor } from './file-system-for.js';

// s3rver signs continuation tokens with a cipher that Node 20's OpenSSL 3 keeps in the legacy
// provider: paginated listings fail unless it runs under --openssl-legacy-provider, so it runs in a child.
async function startS3rver(directory: string): Promise<{ port: number; child: ChildProcess }> {
  const script = `
    const S3rver = require('s3rver');
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[1],
      configureBuckets: [{ name: 'data', configs: [] }] }).run().then((a) => console.log(JSON.stringify(a)));`;
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script, directory], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout!, 'data') as [Buffer];
  return { port: (JSON.parse(line.toString()) as { port: number }).port, child };
}

t.test('s3 settings come from spark.hadoop.fs.s3a.* keys', async (t) => {
  t.same(s3SettingsFromConf({
    'spark.hadoop.fs.s3a.endpoint': '127.0.0.1:9000',
    'spark.hadoop.fs.s3a.access.key': 'AK',
    'spark.hadoop.fs.s3a.secret.key': 'SK',
    'spark.hadoop.fs.s3a.path.style.access': 'true',
    'spark.hadoop.fs.s3a.region': 'eu-west-1',
  }), { endpoint: 'https://127.0.0.1:9000', region: 'eu-west-1', accessKeyId: 'AK', secretAccessKey: 'SK', pathStyle: true });
  t.same(parseS3Uri('s3a://bucket/a/b.csv'), { bucket: 'bucket', key: 'a/b.csv' });
  t.type(fileSystemFor('s3://bucket/x'), S3FileSystem);
});

t.test('s3 file system against s3rver', async (t) => {
  const { port, child } = await startS3rver(mkdtempSync(join(tmpdir(), 'flint-s3rver-')));
  const conf = {
    'spark.hadoop.fs.s3a.endpoint': `http://127.0.0.1:${port}`,
    'spark.hadoop.fs.s3a.access.key': 'S3RVER',
    'spark.hadoop.fs.s3a.secret.key': 'S3RVER',
    'spark.hadoop.fs.s3a.path.style.access': 'true',
  };
  const fs = fileSystemFor('s3a://data/', conf) as S3FileSystem;
  t.teardown(() => { fs.close(); child.kill(); });

  t.test('round-trips bytes, ranges and streams', async (t) => {
    const bytes = new TextEncoder().encode('hello, object store');
    await fs.writeFile('s3://data/dir/hello.txt', bytes);
    t.same(Buffer.from(await fs.readFile('s3://data/dir/hello.txt')).toString(), 'hello, object store');
    t.same(Buffer.from(await fs.readRange('s3a://data/dir/hello.txt', 7, 13)).toString(), 'object');
    const chunks: Uint8Array[] = [];
    for await (const c of fs.readStream('s3://data/dir/hello.txt')) chunks.push(c);
    t.equal(Buffer.concat(chunks).toString(), 'hello, object store');
    t.equal((await fs.stat('s3://data/dir/hello.txt')).size, bytes.length);
    t.ok((await fs.stat('s3://data/dir')).isDirectory);
    t.type(await fs.readFile('s3://data/dir/absent').catch((e: unknown) => e), FileNotFoundError);
    t.equal(await fs.exists('s3://data/nothing/here'), false);
  });

  t.test('round-trips a Parquet file with row-group pruning', async (t) => {
    const table = new A.Table({ id: A.vectorFromArray(Int32Array.from({ length: 40 }, (_, i) => i)) });
    await writeParquet(fs, 's3://data/pq/part-0.parquet', table, { rowGroupSize: 10, compression: 'zstd' });
    const groups: number[] = [];
    let rows = 0;
    for await (const b of readParquet(fs, 's3://data/pq/part-0.parquet', { filters: [{ column: 'id', op: '>=', value: 35 }], onRowGroup: (g) => groups.push(g) })) rows += b.numRows;
    t.same(groups, [3]);
    t.equal(rows, 10);
  });

  t.test('round-trips Arrow IPC files and streams and reads JSON lines', async (t) => {
    const table = new A.Table({ s: A.vectorFromArray(['a', 'b', null], new A.Utf8()) });
    for (const format of ['file', 'stream'] as const) {
      await writeArrowIpc(fs, `s3://data/ipc/t.${format}`, table, format);
      t.same((await readArrowIpcTable(fs, `s3://data/ipc/t.${format}`)).toArray().map((r) => r.s), ['a', 'b', null], format);
    }
    await fs.writeFile('s3://data/j/x.json', new TextEncoder().encode('{"a": 1}\n{"a": 2}\n'));
    let n = 0;
    for await (const b of readJson(fs, 's3://data/j/x.json')) n += b.numRows;
    t.equal(n, 2);
  });

  t.test('lists partitioned tables and reads CSV from them', async (t) => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    await fs.writeFile('s3://data/tbl/year=2024/part-0.csv', enc('a\n1\n'));
    await fs.writeFile('s3://data/tbl/year=2025/part-0.csv', enc('a\n2\n'));
    await fs.writeFile('s3://data/tbl/_SUCCESS', enc(''));
    const found = await discoverFiles(fs, 's3://data/tbl');
    t.same(found.files.map((f) => [f.path, f.partitionValues.year]), [['s3://data/tbl/year=2024/part-0.csv', 2024], ['s3://data/tbl/year=2025/part-0.csv', 2025]]);
    let n = 0;
    for await (const b of readCsv(fs, found.files[1].path, { header: true, inferSchema: true })) n += b.numRows;
    t.equal(n, 1);
    await fs.delete('s3://data/tbl', true);
    t.same(await fs.list('s3://data/').then((l) => l.map((s) => s.path).includes('s3://data/tbl')), false);
  });

  t.test('errors never carry the secret key', async (t) => {
    const wrong = new S3FileSystem(s3SettingsFromConf({ ...conf, 'spark.hadoop.fs.s3a.endpoint': 'http://127.0.0.1:1', 'spark.hadoop.fs.s3a.secret.key': 'TOPSECRET' }));
    const err = await wrong.readFile('s3://data/x').catch((e: unknown) => e) as Error;
    wrong.close();
    t.ok(err instanceof Error);
    t.notMatch(err.message + JSON.stringify((err as { fields?: unknown }).fields), /TOPSECRET/);
  });
});
