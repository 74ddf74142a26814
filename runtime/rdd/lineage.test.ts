import t from 'tap';
import { Packr } from 'msgpackr';
import { ErrorCode } from '../../common/index.js';
import { LineageBuilder } from './lineage-builder.js';
import { lineageOf, mergeLineage, parentPartitions, rddOf, validateLineage, type Lineage, type RddNode } from './lineage.js';

const fn = (id: string) => ({ id });
const packr = new Packr({ moreTypes: true });

/** Every operation of the RDD API once, so the round trips cover every kind of node. */
function everyKind(): Lineage {
  const b = new LineageBuilder();
  const nums = b.parallelize([[1, 2], [3, 4], [5]]);
  const lines = b.textFile('/data/in.txt', [{ path: '/data/in.txt', start: 0, length: 10 }, { path: '/data/in.txt', start: 10, length: 7 }]);
  const words = b.flatMap(lines, fn('split'));
  const pairs = b.map(b.filter(words, fn('nonEmpty')), fn('pairWithOne'));
  const counts = b.reduceByKey(pairs, fn('add'), { numPartitions: 4 });
  const grouped = b.groupByKey(b.keyBy(nums, fn('parity')));
  const agg = b.aggregateByKey(b.keyBy(nums, fn('parity')), { n: 0 }, fn('seq'), fn('comb'));
  const joined = b.join(counts, b.mapValues(grouped, fn('size')));
  const cg = b.cogroup([agg, grouped, counts]);
  const sorted = b.sortByKey(b.flatMapValues(cg, fn('explode')), ['m', 't'], false);
  const u = b.union([b.distinct(nums), b.values(sorted), b.keys(joined), b.mapPartitions(nums, fn('sum'), true)]);
  b.persist(b.coalesce(b.repartition(u, 5), 2), 'MEMORY_AND_DISK');
  return lineageOf(Object.values(b.lineage.rdds));
}

t.test('lineage', async (t) => {
  t.test('round-trips every node kind through JSON and msgpack unchanged', async (t) => {
    const lineage = everyKind();
    t.same(JSON.parse(JSON.stringify(lineage)), lineage);
    t.same(packr.unpack(packr.pack(lineage)), lineage);
    validateLineage(JSON.parse(JSON.stringify(lineage)) as Lineage);
  });

  t.test('names nodes after Spark classes', async (t) => {
    const names = new Set(Object.values(everyKind().rdds).map((n) => n.name));
    t.same([...names].sort(), ['CoGroupedRDD', 'CoalescedRDD', 'HadoopRDD', 'MapPartitionsRDD', 'ParallelCollectionRDD', 'ShuffledRDD', 'UnionRDD']);
  });

  t.test('maps child partitions to parent partitions through narrow mappings', async (t) => {
    t.same(parentPartitions('one-to-one', 3), [3]);
    const range = { kind: 'range', inStart: 0, outStart: 2, length: 3 } as const;
    t.same([0, 2, 4, 5].map((p) => parentPartitions(range, p)), [[], [0], [2], []]);
    t.same(parentPartitions({ kind: 'coalesce', groups: [[0, 1], [2]] }, 1), [2]);
  });

  t.test('coalesces into contiguous groups covering every parent partition', async (t) => {
    const b = new LineageBuilder();
    const c = b.coalesce(b.parallelize([[1], [2], [3], [4], [5]]), 2);
    const dep = b.node(c).deps[0];
    t.same(dep.kind === 'narrow' && dep.mapping !== 'one-to-one' && dep.mapping.kind === 'coalesce' ? dep.mapping.groups : null, [[0, 1], [2, 3, 4]]);
    t.throws(() => b.coalesce(c, 0), { code: ErrorCode.InvalidArgument });
  });

  t.test('refuses lineages the schedulers cannot trust, naming the RDD', async (t) => {
    const src: RddNode = { id: 0, name: 'ParallelCollectionRDD', numPartitions: 2, deps: [], compute: { kind: 'source', source: { kind: 'parallelize', slices: [] } } };
    const map = (over: Partial<RddNode>): RddNode => ({ id: 1, name: 'MapPartitionsRDD', numPartitions: 2, deps: [{ kind: 'narrow', rddId: 0, mapping: 'one-to-one' }], compute: { kind: 'pipeline', ops: [{ kind: 'keys' }] }, ...over });
    t.throws(() => lineageOf([map({})]), { code: ErrorCode.InvalidArgument, message: /RDD 1 .*RDD 0/ });
    t.throws(() => lineageOf([src, map({ numPartitions: 3 })]), { code: ErrorCode.InvalidArgument, message: /one-to-one/ });
    t.throws(() => lineageOf([src, map({ id: 0 })]), { code: ErrorCode.InvalidArgument, message: /twice/ });
    t.throws(() => lineageOf([src, map({ deps: [{ kind: 'shuffle', shuffleId: 0, rddId: 0, partitioner: { kind: 'hash', numPartitions: 3 } }], compute: { kind: 'shuffleRead' } })]), {
      code: ErrorCode.InvalidArgument, message: /partitions into 3/,
    });
    t.throws(() => lineageOf([src, map({ preferredLocations: [[]] })]), { code: ErrorCode.InvalidArgument, message: /preferred-location/ });
    t.throws(() => rddOf({ rdds: {} }, 7), { code: ErrorCode.InvalidArgument, message: /RDD 7/ });
  });

  t.test('merges lineages of several jobs and refuses conflicting ids', async (t) => {
    const b = new LineageBuilder();
    const a = b.parallelize([[1]]);
    const first = b.lineage;
    b.map(a, fn('f'));
    const merged = mergeLineage(first, b.lineage);
    t.same(Object.keys(merged.rdds), ['0', '1']);
    const other: Lineage = { rdds: { 0: { ...rddOf(first, 0), numPartitions: 9 } } };
    t.throws(() => mergeLineage(first, other), { code: ErrorCode.InvalidArgument });
  });
});
