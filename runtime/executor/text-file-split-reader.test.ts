import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../common/index.js';
import type { FileSplit } from '../rdd/lineage.js';
import { readTextSplit } from './text-file-split-reader.js';

/** Splits of `size` bytes covering a file of `total` bytes. */
function splitsOf(path: string, total: number, size: number): FileSplit[] {
  const out: FileSplit[] = [];
  for (let start = 0; start < total; start += size) out.push({ path, start, length: Math.min(size, total - start) });
  return out;
}

async function linesBySplit(path: string, total: number, size: number): Promise<string[][]> {
  return Promise.all(splitsOf(path, total, size).map(readTextSplit));
}

t.test('readTextSplit', async (t) => {
  const dir = t.testdir();

  t.test('yields every line exactly once for any split size', async (t) => {
    const lines = ['alpha', '', 'beta gamma', 'δέλτα ✓', 'x'.repeat(70), '', 'last'];
    const text = lines.join('\n');
    const path = join(dir, 'lf.txt');
    writeFileSync(path, text);
    const total = Buffer.byteLength(text);
    for (let size = 1; size <= total + 1; size++) {
      t.same((await linesBySplit(path, total, size)).flat(), lines, `split size ${size}`);
    }
  });

  t.test('treats \\r\\n and a lone \\r as terminators, including across split edges', async (t) => {
    const text = 'one\r\ntwo\r\n\r\nthree\rfour\nfive\r\n';
    const path = join(dir, 'crlf.txt');
    writeFileSync(path, text);
    for (let size = 1; size <= text.length; size++) {
      t.same((await linesBySplit(path, text.length, size)).flat(), ['one', 'two', '', 'three', 'four', 'five'], `split size ${size}`);
    }
  });

  t.test('gives a line crossing a split end to the split where it starts', async (t) => {
    const path = join(dir, 'cross.txt');
    writeFileSync(path, 'aaaa\nbbbbbbbb\ncc\n');
    t.same(await linesBySplit(path, 17, 7), [['aaaa', 'bbbbbbbb'], ['cc'], []]);
  });

  t.test('reads lines longer than its read buffer', async (t) => {
    const long = 'y'.repeat(200_000);
    const path = join(dir, 'long.txt');
    writeFileSync(path, `${long}\r\nshort\n${long}`);
    const total = 2 * long.length + 8;
    t.same((await linesBySplit(path, total, 65_536)).flat(), [long, 'short', long]);
  });

  t.test('fails on a missing file with a typed error naming the path', async (t) => {
    const path = join(dir, 'nope.txt');
    await t.rejects(readTextSplit({ path, start: 0, length: 10 }), { code: ErrorCode.InvalidArgument, message: new RegExp(`${path} does not exist`), fields: { path } });
  });
});
