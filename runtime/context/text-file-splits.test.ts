import t from 'tap';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textFileSplits } from './text-file-splits.js';

t.test('textFileSplits covers every byte once, in order, for a file and a directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-splits-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.txt'), 'x'.repeat(1000));
  writeFileSync(join(dir, 'b.txt'), 'y'.repeat(10));
  writeFileSync(join(dir, '_SUCCESS'), '');
  const one = textFileSplits(join(dir, 'a.txt'), 4);
  t.equal(one.length, 4);
  t.same(one.map((s) => s.start), [0, 250, 500, 750]);
  t.equal(one.reduce((n, s) => n + s.length, 0), 1000);
  const all = textFileSplits(dir, 2);
  t.same([...new Set(all.map((s) => s.path.split('/').pop()))], ['a.txt', 'b.txt'], 'hidden and _ files skipped');
  t.equal(all.reduce((n, s) => n + s.length, 0), 1010);
});

t.test('textFileSplits names a missing path', async (t) => {
  t.throws(() => textFileSplits('/no/such/file.txt', 2), { code: 'INVALID_ARGUMENT', message: /Input path does not exist: \/no\/such\/file\.txt/ });
});
