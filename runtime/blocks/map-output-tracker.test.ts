import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import type { BlockManagerId } from './block-status.js';
import { MapOutputTracker, type MapStatus } from './map-output-tracker.js';

const loc = (executorId: string, host: string): BlockManagerId => ({ executorId, host, node: host, port: 7000 });
const status = (mapIndex: number, where: BlockManagerId, sizes: number[], mapId = mapIndex): MapStatus =>
  ({ shuffleId: 0, mapIndex, mapId, location: where, sizes: Float64Array.from(sizes) });

function tracker(): MapOutputTracker {
  const mot = new MapOutputTracker();
  mot.registerShuffle(0, 3, 4);
  mot.registerMapOutput(status(0, loc('e1', 'h1'), [10, 0, 30, 40]));
  mot.registerMapOutput(status(1, loc('e2', 'h1'), [1, 2, 3, 4]));
  mot.registerMapOutput(status(2, loc('e3', 'h2'), [100, 0, 0, 0], 17));
  return mot;
}

t.test('MapOutputTracker', async (t) => {
  t.test('answers which blocks of a reduce range live where, leaving out empty blocks', async (t) => {
    const mot = tracker();
    t.ok(mot.isAvailable(0));
    const groups = mot.getMapSizesByExecutorId(0, 1, 3);
    t.same(groups.map((g) => [g.location.executorId, g.blocks]), [
      ['e1', [{ blockId: 'shuffle_0_0_2', size: 30, mapIndex: 0 }]],
      ['e2', [{ blockId: 'shuffle_0_1_1', size: 2, mapIndex: 1 }, { blockId: 'shuffle_0_1_2', size: 3, mapIndex: 1 }]],
    ]);
    t.same(mot.getMapSizesByExecutorId(0, 0, 1).find((g) => g.location.executorId === 'e3')?.blocks,
      [{ blockId: 'shuffle_0_17_0', size: 100, mapIndex: 2 }], 'blocks are named by map id, slots by map index');
  });

  t.test('sums bytes per reduce partition for adaptive execution', async (t) => {
    t.same([...tracker().getStatistics(0).bytesByPartitionId], [111, 2, 33, 44]);
    t.same(tracker().preferredLocations(0, 0, 0.5).map((l) => l.executorId), ['e3']);
    t.same(tracker().preferredLocations(0, 1).map((l) => l.executorId), ['e2']);
  });

  t.test('unregisters outputs by map, executor and host, bumping the epoch each time', async (t) => {
    const mot = tracker();
    t.equal(mot.epoch, 0);
    t.notOk(mot.unregisterMapOutput(0, 1, 'e1'), 'only if the output is still at that executor');
    t.equal(mot.epoch, 0);
    t.ok(mot.unregisterMapOutput(0, 1, 'e2'));
    t.equal(mot.epoch, 1);
    t.notOk(mot.isAvailable(0));
    t.same(mot.findMissingPartitions(0), [1]);
    t.throws(() => mot.getMapSizesByExecutorId(0, 0, 4), { code: ErrorCode.ShuffleOutputMissing, retryable: true, fields: { shuffleId: 0, mapIndex: 1 } });
    mot.registerMapOutput(status(1, loc('e4', 'h2'), [1, 2, 3, 4], 21));
    t.ok(mot.isAvailable(0), 'a re-run map output makes the shuffle whole');
    t.equal(mot.removeOutputsOnExecutor('e9'), 0);
    t.equal(mot.epoch, 1, 'nothing removed, same epoch');
    t.equal(mot.removeOutputsOnHost('h2'), 2);
    t.equal(mot.epoch, 2);
    t.same(mot.findMissingPartitions(0), [1, 2]);
    t.equal(mot.removeOutputsOnExecutor('e1'), 1);
    t.equal(mot.epoch, 3);
    mot.unregisterShuffle(0);
    t.equal(mot.epoch, 4);
    t.notOk(mot.containsShuffle(0));
    t.throws(() => mot.getStatistics(0), { code: ErrorCode.ShuffleOutputMissing });
  });

  t.test('refuses map outputs that do not fit the shuffle', async (t) => {
    const mot = tracker();
    t.throws(() => mot.registerMapOutput(status(3, loc('e1', 'h1'), [1, 2, 3, 4])), { code: ErrorCode.InvalidArgument });
    t.throws(() => mot.registerMapOutput(status(0, loc('e1', 'h1'), [1, 2])), { code: ErrorCode.InvalidArgument });
  });
});
