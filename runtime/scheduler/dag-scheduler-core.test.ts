import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { LineageBuilder } from '../rdd/lineage-builder.js';
import type { Lineage } from '../rdd/lineage.js';
import { DagSim, find, kinds, listenerEvents, onlySubmit, partitionsOf, submits } from './dag-test-kit.fixture.js';

const fn = (id: string) => ({ id });

/** textFile (2 splits) → flatMap → map → reduceByKey (2 partitions). */
function wordCount() {
  const b = new LineageBuilder();
  const lines = b.textFile('/in.txt', [{ path: '/in.txt', start: 0, length: 5 }, { path: '/in.txt', start: 5, length: 5 }]);
  const counts = b.reduceByKey(b.map(b.flatMap(lines, fn('split')), fn('pairWithOne')), fn('add'), { numPartitions: 2 });
  return { b, lines, counts };
}

/** parallelize (3) → keyBy → reduceByKey (2) → map → groupByKey (2): two shuffles, three stages. */
function threeStage() {
  const b = new LineageBuilder();
  const reduced = b.reduceByKey(b.keyBy(b.parallelize([[1], [2], [3]]), fn('mod')), fn('add'), { numPartitions: 2 });
  const grouped = b.groupByKey(b.map(reduced, fn('swap')), { numPartitions: 2 });
  return { b, reduced, grouped };
}

t.test('DAG scheduler core', async (t) => {
  t.test('runs word count as a map stage then a result stage', async (t) => {
    const { b, counts } = wordCount();
    const sim = new DagSim();
    const first = sim.submit(0, b.lineage, counts);
    t.same(kinds(first), ['Listener:JobStart', 'Listener:StageSubmitted', 'SubmitTasks:0.0']);
    t.same(listenerEvents(first)[0], { kind: 'JobStart', jobId: 0, stageIds: [0, 1], callSite: 'job 0' });
    const map = onlySubmit(first);
    t.same(partitionsOf(map), [0, 1]);
    t.match(map.taskBinary, { kind: 'shuffleMap', rddId: 2, dependency: { shuffleId: 0, mapSideCombine: true } });
    t.same(map.taskBinary.rdds.map((r) => r.name), ['HadoopRDD', 'MapPartitionsRDD', 'MapPartitionsRDD']);
    const afterMap = sim.run(map, (p) => `e${p + 1}`);
    t.same(kinds(afterMap), [
      'Listener:TaskEnd', 'RegisterMapOutput', 'Listener:TaskEnd', 'RegisterMapOutput',
      'Listener:StageCompleted', 'Listener:StageSubmitted', 'SubmitTasks:1.0',
    ]);
    const result = onlySubmit(afterMap);
    t.match(result.taskBinary, { kind: 'result', rddId: counts, jobId: 0, func: { id: 'collect' } });
    t.same(result.taskBinary.rdds.map((r) => r.id), [counts]);
    const done = sim.run(result, () => 'e1', (p) => [[`w${p}`, p]]);
    t.same(find(done, 'JobSucceeded'), { kind: 'JobSucceeded', jobId: 0, results: [[['w0', 0]], [['w1', 1]]] });
    t.same(listenerEvents(done).at(-1), { kind: 'JobEnd', jobId: 0, result: { kind: 'JobSucceeded' } });
    t.same(sim.state.stages, {}, 'stages are forgotten with their job');
    t.same(sim.state.lineage.rdds, {}, 'lineage is forgotten with the last job');
  });

  t.test('runs a job with two shuffles as three stages in order', async (t) => {
    const { b, grouped } = threeStage();
    const sim = new DagSim();
    const s0 = onlySubmit(sim.submit(0, b.lineage, grouped));
    t.equal(s0.stageId, 0);
    t.same(listenerEvents(sim.log)[0], { kind: 'JobStart', jobId: 0, stageIds: [0, 1, 2], callSite: 'job 0' });
    const s1 = onlySubmit(sim.run(s0));
    t.match(s1, { stageId: 1, taskBinary: { kind: 'shuffleMap', dependency: { shuffleId: 1 } } });
    t.same(partitionsOf(s1), [0, 1]);
    const s2 = onlySubmit(sim.run(s1));
    t.match(s2, { stageId: 2, taskBinary: { kind: 'result' } });
    t.same(find(sim.run(s2), 'JobSucceeded')?.results, ['r0', 'r1']);
  });

  t.test('skips a map stage whose outputs are all registered (second job on the same shuffled RDD)', async (t) => {
    const { b, counts } = wordCount();
    const sim = new DagSim();
    sim.run(onlySubmit(sim.run(onlySubmit(sim.submit(0, b.lineage, counts)))));
    const counted = b.map(counts, fn('fmt'));
    const second = sim.submit(1, b.lineage, counted);
    t.same(listenerEvents(second)[0], { kind: 'JobStart', jobId: 1, stageIds: [2, 3], callSite: 'job 1' });
    const only = onlySubmit(second);
    t.match(only, { stageId: 3, taskBinary: { kind: 'result' } }, 'the map stage (2) is never submitted');
    t.notOk(listenerEvents(second).some((e) => e.kind === 'StageSubmitted' && e.stageId === 2));
    t.same(find(sim.run(only), 'JobSucceeded')?.results, ['r0', 'r1']);
  });

  t.test('re-runs only the missing partitions of a partially available map stage', async (t) => {
    const { b, counts } = wordCount();
    const sim = new DagSim();
    sim.run(onlySubmit(sim.run(onlySubmit(sim.submit(0, b.lineage, counts)), (p) => `e${p + 1}`)));
    sim.outputs.apply([{ kind: 'UnregisterMapOutputs', scope: { kind: 'executor', executorId: 'e2' } }]);
    const rerun = onlySubmit(sim.submit(1, b.lineage, counts));
    t.match(rerun, { stageId: 2, stageAttempt: 0 });
    t.same(partitionsOf(rerun), [1]);
    t.match(onlySubmit(sim.run(rerun)), { stageId: 3 });
  });

  t.test('computes a stage shared by both sides of a diamond once', async (t) => {
    const b = new LineageBuilder();
    const parent = b.reduceByKey(b.keyBy(b.parallelize([[1], [2]]), fn('k')), fn('add'));
    const joined = b.join(b.mapValues(parent, fn('f')), b.mapValues(parent, fn('g')));
    const sim = new DagSim();
    const s0 = onlySubmit(sim.submit(0, b.lineage, joined));
    t.same(listenerEvents(sim.log)[0], { kind: 'JobStart', jobId: 0, stageIds: [0, 1, 2, 3], callSite: 'job 0' });
    const both = submits(sim.run(s0));
    t.same(both.map((s) => s.stageId), [1, 2], 'both sides start once the shared stage is done');
    for (const s of both) t.same(sim.state.stages[s.stageId].parents, [0]);
    sim.run(both[0]);
    const result = onlySubmit(sim.run(both[1]));
    t.match(result, { stageId: 3, taskBinary: { kind: 'result' } });
    t.same(sim.state.stages[3].parents, [1, 2]);
    sim.run(result);
    t.equal(submits(sim.log).filter((s) => s.stageId === 0).length, 1, 'the shared map stage ran once');
  });

  t.test('passes preferred locations down narrow dependencies, cached copies first', async (t) => {
    const { b, lines, counts } = wordCount();
    const hinted: Lineage = {
      rdds: { ...b.lineage.rdds, [lines]: { ...b.node(lines), preferredLocations: [[{ kind: 'host', host: 'h7' }], []] } },
    };
    const sim = new DagSim();
    const map = onlySubmit(sim.submit(0, hinted, counts));
    t.same(map.tasks, [{ partition: 0, preferredLocations: [{ kind: 'host', host: 'h7' }] }, { partition: 1, preferredLocations: [] }]);
  });

  t.test('does not wait on the shuffle behind an RDD cached in full', async (t) => {
    const { b, counts } = wordCount();
    b.persist(counts, 'MEMORY_ONLY');
    const top = b.map(counts, fn('fmt'));
    const sim = new DagSim();
    sim.cache = { cachedLocations: (rddId, p) => (rddId === counts ? [{ kind: 'executor', executorId: `e${p}`, host: `h${p}` }] : []) };
    const only = onlySubmit(sim.submit(0, b.lineage, top));
    t.match(only, { stageId: 1, taskBinary: { kind: 'result' } });
    t.same(only.tasks[1].preferredLocations, [{ kind: 'executor', executorId: 'e1', host: 'h1' }]);
  });

  t.test('computes only the partitions a job asks for, results in its order', async (t) => {
    const { b, counts } = wordCount();
    const sim = new DagSim();
    const result = onlySubmit(sim.run(onlySubmit(sim.submit(0, b.lineage, counts, [1]))));
    t.same(partitionsOf(result), [1]);
    t.same(find(sim.run(result), 'JobSucceeded')?.results, ['r1']);
  });

  t.test('finishes a job over no partitions at once and refuses bad ones', async (t) => {
    const { b, counts } = wordCount();
    const sim = new DagSim();
    t.same(kinds(sim.submit(0, b.lineage, counts, [])), ['Listener:JobStart', 'JobSucceeded', 'Listener:JobEnd']);
    t.match(find(sim.submit(1, b.lineage, counts, [2]), 'JobFailed'), { jobId: 1, error: { code: ErrorCode.InvalidArgument, message: /partition 2 of RDD 3/ } });
    t.match(find(sim.submit(2, b.lineage, 99, [0]), 'JobFailed'), { jobId: 2, error: { code: ErrorCode.InvalidArgument, message: /RDD 99/ } });
    t.same(sim.state.jobs, {});
  });

  t.test('never mutates the state it is given', async (t) => {
    const { b, counts } = wordCount();
    const sim = new DagSim();
    sim.submit(0, b.lineage, counts);
    const before = JSON.stringify(sim.state);
    const held = sim.state;
    sim.run(submits(sim.log)[0]);
    t.equal(JSON.stringify(held), before);
    t.not(sim.state, held);
  });
});
