import t, { type Test } from 'tap';
import { Packr } from 'msgpackr';
import { LineageBuilder } from '../rdd/lineage-builder.js';
import { chunkedFill, chunkedFlags, chunkedGet, chunkedSet, chunkedToArray } from './dag-chunked-array.js';
import type { DagEvent } from './dag-events.js';
import { DagSim, onlySubmit } from './dag-test-kit.fixture.js';

const packr = new Packr({ moreTypes: true });
const roundTrips = (t: Test, value: unknown, what: string) => {
  t.same(JSON.parse(JSON.stringify(value)), value, `${what} through JSON`);
  t.same(packr.unpack(packr.pack(value)), value, `${what} through msgpack`);
};

t.test('DAG data round trips', async (t) => {
  const b = new LineageBuilder();
  const counts = b.reduceByKey(b.keyBy(b.parallelize([[1], [2]]), { id: 'k' }), { id: 'add' });
  const events: DagEvent[] = [
    { kind: 'JobSubmitted', jobId: 0, finalRddId: counts, partitions: [0, 1], func: { id: 'collect' }, callSite: 'collect at app.ts:3', lineage: b.lineage },
    { kind: 'TaskCompleted', stageId: 0, stageAttempt: 0, partition: 1, result: { kind: 'success', mapStatus: { executorId: 'e1', host: 'h1', sizes: [1, 2] }, accumulatorUpdates: [{ accumulatorId: 1, update: { count: 1 } }] } },
    { kind: 'TaskCompleted', stageId: 1, stageAttempt: 0, partition: 0, result: { kind: 'failed', error: { code: 'INTERNAL', message: 'x', retryable: false, fields: { a: 1 } }, retriable: true } },
    { kind: 'TaskCompleted', stageId: 1, stageAttempt: 0, partition: 0, result: { kind: 'fetchFailed', shuffleId: 0, mapPartition: 1, executorId: 'e1' } },
    { kind: 'TaskSetFailed', stageId: 1, stageAttempt: 0, message: 'Task 0 failed 4 times' },
    { kind: 'ExecutorLost', executorId: 'e1', host: 'h1', hostLost: true },
    { kind: 'StageCancelled', stageId: 1, reason: 'user' },
    { kind: 'JobCancelled', jobId: 0 },
    { kind: 'ResubmitFailedStages' },
  ];

  t.test('every event kind is plain data', async (t) => {
    roundTrips(t, events, 'events');
  });

  t.test('commands and state of a run are plain data, and a decoded state steps on', async (t) => {
    const sim = new DagSim();
    const map = onlySubmit(sim.submit(0, b.lineage, counts));
    sim.run(map, (p) => `e${p + 1}`);
    sim.complete(1, 0, 1, { kind: 'fetchFailed', shuffleId: 0, mapPartition: 1, executorId: 'e2' });
    roundTrips(t, sim.log, 'commands');
    roundTrips(t, sim.state, 'state');
    sim.state = JSON.parse(JSON.stringify(sim.state));
    t.match(onlySubmit(sim.send({ kind: 'ResubmitFailedStages' })), { stageId: 0, stageAttempt: 1 });
  });

  t.test('chunked arrays set one slot without touching the original', async (t) => {
    const a = chunkedFill(300, 0);
    const b2 = chunkedSet(a, 299, 7);
    t.equal(chunkedGet(a, 299), 0);
    t.equal(chunkedGet(b2, 299), 7);
    t.equal(a.chunks[0], b2.chunks[0], 'untouched chunks are shared');
    t.same(chunkedToArray(chunkedFlags(3, [0, 2])), [true, false, true]);
    t.throws(() => chunkedSet(a, 300, 1), RangeError);
    roundTrips(t, b2, 'chunked array');
  });
});
