import t from 'tap';
import { LineageBuilder, narrowClosure } from '../rdd/index.js';
import type { TaskBinary } from '../scheduler/index.js';
import { withTaskSlices } from '../executor/stage-binaries.js';
import { pruneSlices, taskSlices, withoutSlices } from './slice-pruning.js';

const resultBinary = (b: LineageBuilder, rddId: number): TaskBinary => ({
  kind: 'result', rddId, jobId: 0, func: { id: 'builtin:collect' }, rdds: narrowClosure(b.lineage, rddId),
});

const slicesOf = (binary: TaskBinary, rddId: number): unknown =>
  binary.rdds.find((r) => r.id === rddId)?.compute;

t.test('a one-to-one pipeline keeps only its own slice', async (t) => {
  const b = new LineageBuilder();
  const src = b.parallelize([[1], [2], [3]]);
  const bin = resultBinary(b, b.map(src, { id: 'f' }));
  const pruned = pruneSlices(bin, 1);
  t.same(slicesOf(pruned, src), { kind: 'source', source: { kind: 'parallelize', slices: [{ kind: 'inline', values: [2] }], sliceIndex: [1] } });
  t.equal(bin.rdds[0].compute.kind === 'source' && bin.rdds[0].compute.source.kind === 'parallelize' && bin.rdds[0].compute.source.slices[0].kind, 'inline', 'the stored binary is not changed');
});

t.test('a coalesced partition keeps every slice of its group; a union maps through its ranges', async (t) => {
  const b = new LineageBuilder();
  const src = b.parallelize([[1], [2], [3], [4]]);
  const coalesced = b.coalesce(src, 2);
  const p1 = pruneSlices(resultBinary(b, coalesced), 1);
  t.same(slicesOf(p1, src), { kind: 'source', source: { kind: 'parallelize', slices: [{ kind: 'inline', values: [3] }, { kind: 'inline', values: [4] }], sliceIndex: [2, 3] } });

  const other = b.parallelize([['a'], ['b']]);
  const union = b.union([src, other]);
  const p4 = pruneSlices(resultBinary(b, union), 4);
  t.same(slicesOf(p4, other), { kind: 'source', source: { kind: 'parallelize', slices: [{ kind: 'inline', values: ['a'] }], sliceIndex: [0] } });
  t.same(slicesOf(p4, src), { kind: 'source', source: { kind: 'parallelize', slices: [], sliceIndex: [] } }, 'partition 4 reads nothing of the first source');
});

t.test('a binary without a parallelized source, or with a single slice, is returned as is', async (t) => {
  const b = new LineageBuilder();
  const file = b.textFile('/data/x.txt', [{ path: '/data/x.txt', start: 0, length: 10 }]);
  const bin = resultBinary(b, b.map(file, { id: 'f' }));
  t.equal(pruneSlices(bin, 0), bin);
  const one = resultBinary(b, b.parallelize([[1]]));
  t.equal(pruneSlices(one, 0), one);
});

t.test('a stage binary without slices plus a task\'s slices is the task\'s pruned binary', async (t) => {
  const b = new LineageBuilder();
  const src = b.parallelize([[1], [2], [3], [4]]);
  const other = b.parallelize([['a'], ['b']]);
  const one = b.parallelize([[9]]);
  const bin = resultBinary(b, b.union([b.coalesce(src, 2), other, one]));
  const shipped = withoutSlices(bin);
  t.same(slicesOf(shipped, src), { kind: 'source', source: { kind: 'parallelize', slices: [], sliceIndex: [] } }, 'no task data in the stage binary');
  t.same(slicesOf(shipped, one), slicesOf(bin, one), 'a single slice stays');
  for (let p = 0; p < 5; p++) t.same(withTaskSlices(shipped, taskSlices(bin, p)), pruneSlices(bin, p), `partition ${p}`);
  t.same(taskSlices(bin, 4), [], 'the single-slice partition carries no slices');
});
