// The README's first command: the local-mode word count runs on worker-thread executors with no
// broker and gets exact counts.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

t.test('local-mode word count', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-demo-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'words.txt');
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) lines.push(`alpha beta ${i % 2 === 0 ? 'gamma' : 'delta'} Alpha`);
  writeFileSync(file, lines.join('\n'));
  const out = execFileSync(process.execPath, [join(root, 'examples', 'local-word-count.mjs'), file], {
    encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000,
  });
  t.match(out, /1000 lines from 1 files, \d+ partitions on \d+ executor threads/);
  t.match(out, /\n\s+2000  alpha\n/);
  t.match(out, /\n\s+1000  beta\n/);
  t.match(out, /\n\s+500  delta\n/);
  t.match(out, /\n\s+500  gamma\n/);
  t.match(out, /tasks per executor: executor-0=\d+, executor-1=\d+/, 'work reached at least two executor threads');
});
