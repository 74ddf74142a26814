import t from 'tap';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileNotFoundError } from '../errors.js';
import { fileSystemFor } from './file-system-for.js';
import { LocalFileSystem } from './local-file-system.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-localfs-'));

t.test('local file system', async (t) => {
  const fs = fileSystemFor(pathToFileURL(dir).href);
  t.type(fs, LocalFileSystem);

  t.test('writes atomically into new directories and reads back whole, by range and streamed', async (t) => {
    const p = pathToFileURL(join(dir, 'a/b/c.bin')).href;
    await fs.writeFile(p, new Uint8Array([1, 2, 3, 4, 5]));
    t.same(readdirSync(join(dir, 'a/b')), ['c.bin'], 'no temp file is left');
    t.same([...await fs.readFile(p)], [1, 2, 3, 4, 5]);
    t.same([...await fs.readRange(p, 1, 3)], [2, 3]);
    t.same([...await fs.readRange(p, 3, 100)], [4, 5], 'a range past the end is cut');
    const chunks: number[] = [];
    for await (const c of fs.readStream(p)) chunks.push(...c);
    t.same(chunks, [1, 2, 3, 4, 5]);
    t.equal((await fs.stat(p)).size, 5);
    t.equal((await (await fs.openBlob(p)).slice(4).arrayBuffer()).byteLength, 1);
  });

  t.test('writes from an async iterable', async (t) => {
    async function* parts(): AsyncGenerator<Uint8Array> { yield new Uint8Array([9]); yield new Uint8Array([8]); }
    await fs.writeFile(join(dir, 'it.bin'), parts());
    t.same([...await fs.readFile(join(dir, 'it.bin'))], [9, 8]);
  });

  t.test('lists children sorted, and deletes recursively', async (t) => {
    t.same((await fs.list(dir)).map((s) => [s.path.slice(dir.length + 1), s.isDirectory]), [['a', true], ['it.bin', false]]);
    await fs.delete(join(dir, 'a'), true);
    t.equal(await fs.exists(join(dir, 'a')), false);
    await fs.delete(join(dir, 'never-there'));
  });

  t.test('missing paths fail with FileNotFoundError naming them', async (t) => {
    const missing = join(dir, 'missing.txt');
    for (const op of [() => fs.stat(missing), () => fs.readFile(missing), () => fs.list(missing), () => fs.readRange(missing, 0, 1)]) {
      const err = await op().catch((e: unknown) => e);
      t.type(err, FileNotFoundError);
      t.match((err as Error).message, missing);
    }
    const streamErr = await (async () => { for await (const _ of fs.readStream(missing)) { /* none */ } })().catch((e: unknown) => e);
    t.type(streamErr, FileNotFoundError);
  });
});
