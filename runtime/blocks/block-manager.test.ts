import t, { type Test } from 'tap';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../common/index.js';
import { waitFor } from '../../test/harness/index.js';
import { rddBlockId } from './block-id.js';
import { BlockManager, type RemoteBlocks } from './block-manager.js';
import type { BlockManagerId, BlockUpdate } from './block-status.js';
import { DiskStore } from './disk-store.js';
import { StorageLevels } from './storage-level.js';
import { UnifiedMemoryManager } from './unified-memory-manager.js';

const KiB = 1024;
const id = (executorId: string): BlockManagerId => ({ executorId, host: 'h1', node: `node-${executorId}`, port: 0 });

async function managerOf(t: Test, maxMemory: number, remote?: RemoteBlocks) {
  const disk = await DiskStore.create({ localDirs: [t.testdir()], name: 'exec-1' });
  const updates: BlockUpdate[] = [];
  const bm = new BlockManager({
    id: id('1'), memory: new UnifiedMemoryManager({ maxMemory, storageRegion: maxMemory / 2 }), disk, remote,
    onBlockUpdate: (u) => updates.push(u),
  });
  t.teardown(() => bm.stop());
  return { bm, updates };
}

t.test('BlockManager', async (t) => {
  t.test('serves MEMORY_ONLY blocks from memory and drops them when evicted', async (t) => {
    const { bm, updates } = await managerOf(t, 100 * KiB);
    t.ok(await bm.put(rddBlockId(1, 0), randomBytes(60 * KiB), StorageLevels.MEMORY_ONLY));
    t.same(bm.getStatus('rdd_1_0'), { level: StorageLevels.MEMORY_ONLY, memSize: 60 * KiB, diskSize: 0 });
    t.ok(await bm.put('rdd_2_0', randomBytes(60 * KiB), StorageLevels.MEMORY_ONLY));
    t.notOk(bm.contains('rdd_1_0'), 'dropped, to be recomputed from lineage');
    t.equal(await bm.getLocal('rdd_1_0'), undefined);
    t.same(updates.map((u) => [u.blockId, u.status.level.name]), [
      ['rdd_1_0', 'MEMORY_ONLY'], ['rdd_1_0', 'NONE'], ['rdd_2_0', 'MEMORY_ONLY'],
    ]);
    t.notOk(await bm.put('rdd_3_0', randomBytes(101 * KiB), StorageLevels.MEMORY_ONLY), 'too big for memory: not stored');
  });

  t.test('spills MEMORY_AND_DISK blocks to disk on eviction and reads them back', async (t) => {
    const { bm, updates } = await managerOf(t, 100 * KiB);
    const a = randomBytes(60 * KiB);
    const b = randomBytes(60 * KiB);
    await bm.put('rdd_1_0', a, StorageLevels.MEMORY_AND_DISK);
    await bm.put('rdd_2_0', b, StorageLevels.MEMORY_AND_DISK);
    t.same(Buffer.from((await bm.getLocal('rdd_1_0'))!), a, 'readable while the spill is in flight');
    await waitFor('rdd_1_0 spilled', () => bm.getStatus('rdd_1_0')?.diskSize === 60 * KiB);
    t.same(bm.getStatus('rdd_1_0'), { level: StorageLevels.MEMORY_AND_DISK, memSize: 0, diskSize: 60 * KiB });
    t.ok(updates.some((u) => u.blockId === 'rdd_1_0' && u.status.memSize === 0 && u.status.diskSize === 60 * KiB),
      'the spill is reported');
    t.same(Buffer.from((await bm.getLocal('rdd_1_0'))!), a, 'read back from disk');
    t.equal(bm.getStatus('rdd_1_0')!.memSize, 60 * KiB, 'and cached in memory again');
    await waitFor('rdd_2_0 spilled', () => bm.getStatus('rdd_2_0')?.diskSize === 60 * KiB);
    t.same(Buffer.from((await bm.getLocal('rdd_2_0'))!), b);
  });

  t.test('keeps DISK_ONLY blocks on disk only', async (t) => {
    const { bm } = await managerOf(t, 100 * KiB);
    const data = randomBytes(500 * KiB);
    t.ok(await bm.put('shuffle_0_1_2', data, StorageLevels.DISK_ONLY));
    t.same(bm.getStatus('shuffle_0_1_2'), { level: StorageLevels.DISK_ONLY, memSize: 0, diskSize: 500 * KiB });
    t.same(Buffer.from((await bm.getLocal('shuffle_0_1_2'))!), data);
    t.equal(bm.memoryStore.memoryUsed, 0, 'a read does not pull DISK_ONLY blocks into memory');
  });

  t.test('keeps every block right when a small memory limit forces spills', async (t) => {
    const { bm } = await managerOf(t, 256 * KiB);
    const blocks = Array.from({ length: 40 }, (_, i) => randomBytes(20 * KiB + i));
    for (let i = 0; i < blocks.length; i++) await bm.put(rddBlockId(7, i), blocks[i], StorageLevels.MEMORY_AND_DISK);
    for (let round = 0; round < 2; round++) {
      for (let i = blocks.length - 1; i >= 0; i--) {
        t.ok(Buffer.from((await bm.getLocal(rddBlockId(7, i)))!).equals(blocks[i]), `rdd_7_${i} round ${round}`);
      }
    }
    t.ok(bm.memoryStore.memoryUsed <= 256 * KiB);
    t.ok(bm.diskStore.diskUsed > 0);
    t.equal(await bm.removeRdd(7), 40);
    t.equal(bm.diskStore.diskUsed, 0);
    t.equal(bm.memoryStore.memoryUsed, 0);
  });

  t.test('fetches missing blocks from the locations the master names', async (t) => {
    const tried: string[] = [];
    const remote: RemoteBlocks = {
      locate: async () => [id('1'), id('2'), id('3')],
      fetch: async (from, blockId) => {
        tried.push(from.executorId);
        if (from.executorId === '2') throw Object.assign(new Error('gone'));
        return new TextEncoder().encode(`${blockId}@${from.executorId}`);
      },
    };
    const { bm } = await managerOf(t, 100 * KiB, remote);
    t.equal(new TextDecoder().decode((await bm.get('broadcast_1'))!), 'broadcast_1@3');
    t.same(tried, ['2', '3'], 'itself is skipped, a failing location too');
    const none = await managerOf(t, 100 * KiB, { locate: async () => [], fetch: remote.fetch });
    await t.rejects(none.bm.getOrThrow('broadcast_9'), { code: ErrorCode.BlockNotFound });
  });

  t.test('removes blocks by id, RDD, shuffle and broadcast', async (t) => {
    const { bm } = await managerOf(t, 100 * KiB);
    for (const b of ['rdd_1_0', 'rdd_1_1', 'rdd_11_0', 'shuffle_2_0_0', 'shuffle_2_1_0', 'broadcast_4']) {
      await bm.put(b, new Uint8Array(10), StorageLevels.MEMORY_AND_DISK);
    }
    t.equal(await bm.removeRdd(1), 2);
    t.equal(await bm.removeShuffle(2), 2);
    t.equal(await bm.removeBroadcast(4), 1);
    t.notOk(await bm.remove('broadcast_4'));
    t.same(bm.blockIds(), ['rdd_11_0']);
  });
});
