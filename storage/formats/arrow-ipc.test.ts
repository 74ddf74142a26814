import t from 'tap';
import * as A from 'apache-arrow';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptFileError } from '../errors.js';
import { LocalFileSystem } from '../fs/index.js';
import { readArrowIpc, readArrowIpcTable, writeArrowIpc } from './arrow-ipc.js';

const fs = new LocalFileSystem();
const dir = mkdtempSync(join(tmpdir(), 'flint-ipc-'));
const batch = (from: number): A.RecordBatch => new A.Table({
  x: A.vectorFromArray(Int32Array.from({ length: 50 }, (_, i) => from + i)),
  s: A.vectorFromArray(Array.from({ length: 50 }, (_, i) => `s${from + i}`), new A.Utf8()),
}).batches[0];

t.test('arrow ipc', async (t) => {
  for (const format of ['file', 'stream'] as const) {
    t.test(`round-trips batches through the ${format} format`, async (t) => {
      const path = join(dir, `t.${format}.arrow`);
      await writeArrowIpc(fs, path, [batch(0), batch(50)], format);
      const sizes: number[] = [];
      for await (const b of readArrowIpc(fs, path)) sizes.push(b.numRows);
      t.same(sizes, [50, 50]);
      const table = await readArrowIpcTable(fs, path);
      t.equal(table.getChild('x')!.get(99), 99);
      t.equal(table.getChild('s')!.get(0), 's0');
    });
  }

  t.test('a truncated file or stream fails with CorruptFileError naming it', async (t) => {
    for (const format of ['file', 'stream'] as const) {
      const good = join(dir, `t.${format}.arrow`);
      const bad = join(dir, `bad.${format}.arrow`);
      const bytes = readFileSync(good);
      writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const err = await readArrowIpcTable(fs, bad).catch((e: unknown) => e);
      t.type(err, CorruptFileError, format);
      t.match((err as Error).message, bad);
    }
    const junk = join(dir, 'junk.arrow');
    writeFileSync(junk, 'not arrow at all, just text');
    t.type(await readArrowIpcTable(fs, junk).catch((e: unknown) => e), CorruptFileError);
  });
});
