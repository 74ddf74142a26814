import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { blockName, broadcastBlockId, parseBlockId, rddBlockId, rddIdOf, shuffleBlockId, taskResultBlockId } from './block-id.js';
import { StorageLevels, storageLevelByName } from './storage-level.js';

t.test('block ids', async (t) => {
  t.test('have Spark\'s string forms and parse back to the same data', async (t) => {
    const ids = [rddBlockId(3, 7), shuffleBlockId(1, 42, 9), broadcastBlockId(0), taskResultBlockId(12)];
    t.same(ids.map(blockName), ['rdd_3_7', 'shuffle_1_42_9', 'broadcast_0', 'taskresult_12']);
    for (const id of ids) t.same(parseBlockId(blockName(id)), id);
  });

  t.test('refuses text that is not a block id', async (t) => {
    for (const bad of ['rdd_1', 'shuffle_1_2', 'broadcast_x', '../etc/passwd', 'rdd_1_2 ']) {
      t.throws(() => parseBlockId(bad), { code: ErrorCode.InvalidArgument }, bad);
    }
  });

  t.test('gives the RDD id of rdd blocks only', async (t) => {
    t.equal(rddIdOf('rdd_12_3'), 12);
    t.equal(rddIdOf('shuffle_1_2_3'), undefined);
  });

  t.test('storage levels are found by name', async (t) => {
    t.equal(storageLevelByName('MEMORY_AND_DISK'), StorageLevels.MEMORY_AND_DISK);
    t.equal(storageLevelByName('toString'), undefined);
    t.same(JSON.parse(JSON.stringify(StorageLevels.DISK_ONLY)), StorageLevels.DISK_ONLY, 'levels are plain data');
  });
});
