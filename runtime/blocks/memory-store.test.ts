import t from 'tap';
import { MemoryStore } from './memory-store.js';
import { StorageLevels } from './storage-level.js';
import { UnifiedMemoryManager, memoryLimits } from './unified-memory-manager.js';

const bytes = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);

function storeOf(maxMemory: number, storageRegion = maxMemory / 2) {
  const memory = new UnifiedMemoryManager({ maxMemory, storageRegion });
  const evicted: string[] = [];
  const store = new MemoryStore(memory, (id) => evicted.push(id));
  return { memory, store, evicted };
}

t.test('MemoryStore', async (t) => {
  t.test('accounts every stored byte and releases it on remove', async (t) => {
    const { memory, store } = storeOf(1000);
    t.ok(store.put('broadcast_1', bytes(300), StorageLevels.MEMORY_ONLY));
    t.ok(store.put('broadcast_2', bytes(200), StorageLevels.MEMORY_ONLY));
    t.equal(memory.storageMemoryUsed, 500);
    t.ok(store.put('broadcast_1', bytes(100), StorageLevels.MEMORY_ONLY), 'a put replaces the old copy');
    t.equal(memory.storageMemoryUsed, 300);
    t.ok(store.remove('broadcast_2'));
    t.notOk(store.remove('broadcast_2'));
    t.equal(memory.storageMemoryUsed, 100);
    store.clear();
    t.equal(memory.storageMemoryUsed, 0);
  });

  t.test('evicts least recently used blocks first, a get counting as a use', async (t) => {
    const { store, evicted } = storeOf(1000);
    for (const id of ['broadcast_1', 'broadcast_2', 'broadcast_3']) store.put(id, bytes(300), StorageLevels.MEMORY_ONLY);
    store.get('broadcast_1');
    t.same(store.blockIds(), ['broadcast_2', 'broadcast_3', 'broadcast_1']);
    t.ok(store.put('broadcast_4', bytes(500), StorageLevels.MEMORY_ONLY));
    t.same(evicted, ['broadcast_2', 'broadcast_3'], 'the two least recently used leave, in order');
    t.same(store.blockIds(), ['broadcast_1', 'broadcast_4']);
    t.equal(store.memoryUsed, 800);
  });

  t.test('never evicts blocks of the RDD being stored', async (t) => {
    const { store, evicted } = storeOf(1000);
    store.put('rdd_1_0', bytes(400), StorageLevels.MEMORY_ONLY);
    store.put('rdd_2_0', bytes(400), StorageLevels.MEMORY_ONLY);
    t.ok(store.put('rdd_1_1', bytes(400), StorageLevels.MEMORY_ONLY));
    t.same(evicted, ['rdd_2_0']);
    t.notOk(store.put('rdd_1_2', bytes(400), StorageLevels.MEMORY_ONLY), 'only its own RDD could make room');
    t.same(store.blockIds(), ['rdd_1_0', 'rdd_1_1']);
    t.same(evicted, ['rdd_2_0'], 'a put that cannot fit evicts nothing');
  });

  t.test('refuses a block larger than storage can ever hold', async (t) => {
    const { store, evicted } = storeOf(1000);
    store.put('broadcast_1', bytes(100), StorageLevels.MEMORY_ONLY);
    t.notOk(store.put('broadcast_2', bytes(1001), StorageLevels.MEMORY_ONLY));
    t.same(evicted, []);
    t.equal(store.memoryUsed, 100);
  });

  t.test('gives memory back to execution by evicting down to the storage region only', async (t) => {
    const { memory, store, evicted } = storeOf(1000, 400);
    for (let i = 0; i < 8; i++) store.put(`broadcast_${i}`, bytes(100), StorageLevels.MEMORY_ONLY);
    t.equal(memory.acquireExecution(1, 500), 500, 'borrowed storage memory is taken back');
    t.same(evicted, ['broadcast_0', 'broadcast_1', 'broadcast_2']);
    t.equal(memory.storageMemoryUsed, 500);
    t.equal(memory.acquireExecution(2, 300), 100, 'storage keeps its region: only free memory is granted');
    t.equal(memory.storageMemoryUsed, 400);
    t.equal(memory.releaseAllExecution(1), 500);
    t.equal(memory.executionMemoryUsed, 100);
    t.notOk(store.put('broadcast_9', bytes(901), StorageLevels.MEMORY_ONLY), 'storage never evicts execution memory');
    t.ok(store.put('broadcast_9', bytes(800), StorageLevels.MEMORY_ONLY), 'but borrows what execution does not use');
    t.equal(memory.storageMemoryUsed, 900, "LRU blocks made room: 800 new + 100 kept");
  });
});

t.test('memoryLimits maps Spark settings onto the process budget', async (t) => {
  const mib = 1024 * 1024;
  t.same(memoryLimits(1324 * mib, 300 * mib, 0.6, 0.5), { maxMemory: Math.floor(1024 * mib * 0.6), storageRegion: Math.floor(Math.floor(1024 * mib * 0.6) * 0.5) });
  t.same(memoryLimits(100, 300, 0.6, 0.5), { maxMemory: 0, storageRegion: 0 });
});
