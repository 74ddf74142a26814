import t from 'tap';
import { BlockManagerMaster } from './block-manager-master.js';
import type { BlockManagerId, BlockStatus } from './block-status.js';
import { StorageLevels } from './storage-level.js';

const bm = (executorId: string, host: string): BlockManagerId => ({ executorId, host, node: host, port: 7000 });
const inMemory = (n: number): BlockStatus => ({ level: StorageLevels.MEMORY_AND_DISK, memSize: n, diskSize: 0 });
const onDisk = (n: number): BlockStatus => ({ level: StorageLevels.MEMORY_AND_DISK, memSize: 0, diskSize: n });
const removed: BlockStatus = { level: StorageLevels.NONE, memSize: 0, diskSize: 0 };

function cluster(): BlockManagerMaster {
  const master = new BlockManagerMaster();
  master.register(bm('e1', 'h1'), 1000);
  master.register(bm('e2', 'h1'), 1000);
  master.register(bm('e3', 'h2'), 1000);
  master.updateBlockInfo({ blockManagerId: bm('e1', 'h1'), blockId: 'rdd_1_0', status: onDisk(10) });
  master.updateBlockInfo({ blockManagerId: bm('e3', 'h2'), blockId: 'rdd_1_0', status: inMemory(10) });
  master.updateBlockInfo({ blockManagerId: bm('e2', 'h1'), blockId: 'rdd_1_1', status: inMemory(20) });
  master.updateBlockInfo({ blockManagerId: bm('e3', 'h2'), blockId: 'broadcast_0', status: inMemory(5) });
  return master;
}

t.test('BlockManagerMaster', async (t) => {
  t.test('locates blocks, memory holders first', async (t) => {
    const master = cluster();
    t.same(master.getLocations('rdd_1_0').map((l) => l.executorId), ['e3', 'e1']);
    t.same(master.getLocationsMultiple(['rdd_1_1', 'rdd_9_9']).map((ls) => ls.map((l) => l.executorId)), [['e2'], []]);
    t.same(master.getMatchingBlockIds((b) => b.startsWith('rdd_1_')).sort(), ['rdd_1_0', 'rdd_1_1']);
    t.same(master.executorsHolding((b) => b.startsWith('rdd_1_')).map((l) => l.executorId).sort(), ['e1', 'e2', 'e3']);
    t.same(master.storageSummary().find((s) => s.executorId === 'e3'), { executorId: 'e3', maxMemory: 1000, memUsed: 15, diskUsed: 0, blocks: 2 });
  });

  t.test('forgets a block at a manager when its update says NONE', async (t) => {
    const master = cluster();
    master.updateBlockInfo({ blockManagerId: bm('e3', 'h2'), blockId: 'rdd_1_0', status: removed });
    t.same(master.getLocations('rdd_1_0').map((l) => l.executorId), ['e1']);
    master.updateBlockInfo({ blockManagerId: bm('e1', 'h1'), blockId: 'rdd_1_0', status: removed });
    t.notOk(master.contains('rdd_1_0'));
    t.notOk(master.updateBlockInfo({ blockManagerId: bm('e9', 'h9'), blockId: 'rdd_1_0', status: inMemory(1) }),
      'an unknown block manager is told to re-register');
  });

  t.test('unregisters everything on a removed executor', async (t) => {
    const master = cluster();
    t.same(master.removeExecutor('e3').sort(), ['broadcast_0', 'rdd_1_0']);
    t.same(master.getLocations('rdd_1_0').map((l) => l.executorId), ['e1'], 'copies elsewhere survive');
    t.notOk(master.contains('broadcast_0'));
    t.same(master.removeExecutor('e3'), []);
  });

  t.test('unregisters every executor on a removed host', async (t) => {
    const master = cluster();
    t.same(master.removeHost('h1').sort(), ['e1', 'e2']);
    t.same(master.blockManagers().map((m) => m.id.executorId), ['e3']);
    t.same(master.getLocations('rdd_1_0').map((l) => l.executorId), ['e3']);
    t.notOk(master.contains('rdd_1_1'));
  });

  t.test('a re-registered executor starts empty', async (t) => {
    const master = cluster();
    master.register(bm('e2', 'h1'), 2000);
    t.notOk(master.contains('rdd_1_1'));
    t.equal(master.blockManager('e2')?.maxMemory, 2000);
    master.removeBlock('rdd_1_0');
    t.same(master.getStatus('rdd_1_0').size, 0);
  });
});
