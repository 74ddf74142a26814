import t from 'tap';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../common/index.js';
import { DiskStore } from './disk-store.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath ?? d.path, d.name));
}

t.test('DiskStore', async (t) => {
  t.test('writes blocks atomically and reads them back intact', async (t) => {
    const dir = t.testdir();
    const store = await DiskStore.create({ localDirs: [dir], name: 'exec-1' });
    t.teardown(() => store.stop());
    const data = randomBytes(3 * 1024 * 1024);
    await store.put('rdd_1_0', data);
    await store.put('rdd_1_1', new Uint8Array(0));
    t.same(Buffer.from((await store.get('rdd_1_0'))!), data);
    t.equal((await store.get('rdd_1_1'))!.byteLength, 0);
    t.equal(await store.get('rdd_1_2'), undefined);
    t.equal(store.diskUsed, data.byteLength);
    const files = filesUnder(store.directories[0]);
    t.equal(files.length, 2, 'one file per block');
    t.notOk(files.some((f) => f.endsWith('.tmp')), 'no temp file is left behind');
    t.ok(await store.remove('rdd_1_0'));
    t.notOk(store.contains('rdd_1_0'));
    t.equal(filesUnder(store.directories[0]).length, 1);
  });

  t.test('detects a corrupted file through its checksum', async (t) => {
    const store = await DiskStore.create({ localDirs: [t.testdir()], name: 'exec-1' });
    t.teardown(() => store.stop());
    await store.put('broadcast_3', new Uint8Array(1000).fill(7));
    const [file] = filesUnder(store.directories[0]);
    writeFileSync(file, new Uint8Array(1000).fill(8));
    await t.rejects(store.get('broadcast_3'), { code: ErrorCode.BlockCorrupt, retryable: true });
  });

  t.test('spreads blocks over several local dirs and removes them all on stop', async (t) => {
    const dirs = [t.testdir({ a: {}, b: {} })].flatMap((d) => [join(d, 'a'), join(d, 'b')]);
    const store = await DiskStore.create({ localDirs: dirs, name: 'exec/2' });
    for (let i = 0; i < 20; i++) await store.put(`rdd_0_${i}`, new Uint8Array([i]));
    for (const d of store.directories) t.ok(filesUnder(d).length > 0, `${d} holds blocks`);
    await store.stop();
    await store.stop();
    for (const d of store.directories) t.notOk(existsSync(d));
    await t.rejects(store.put('rdd_0_0', new Uint8Array(1)), { code: ErrorCode.DiskStoreFailed });
  });

  t.test('reports an unusable local dir as DISK_STORE_FAILED', async (t) => {
    const dir = t.testdir({ file: 'not a directory' });
    await t.rejects(DiskStore.create({ localDirs: [join(dir, 'file')], name: 'x' }), { code: ErrorCode.DiskStoreFailed });
  });
});
