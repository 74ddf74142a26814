import t from 'tap';
import { LineageBuilder } from './lineage-builder.js';
import { lineageFor, narrowAncestors, narrowClosure, shuffleDependencies, topologicalOrder } from './lineage-graph.js';

const fn = (id: string) => ({ id });

/** parallelize → map → reduceByKey ┐ join ← groupByKey ← map ← (same parallelize). */
function diamond() {
  const b = new LineageBuilder();
  const src = b.parallelize([[1], [2], [3]]);
  const left = b.reduceByKey(b.map(src, fn('kv')), fn('add'));
  const right = b.groupByKey(b.map(src, fn('kv2')));
  const joined = b.join(left, right);
  return { b, src, left, right, joined };
}

t.test('lineage graph', async (t) => {
  t.test('finds narrow ancestors without crossing shuffles', async (t) => {
    const { b, src, left, joined } = diamond();
    t.same(narrowAncestors(b.lineage, left), []);
    t.same(narrowAncestors(b.lineage, joined), [joined - 1]);
    t.same(narrowAncestors(b.lineage, src + 1), [src]);
    t.same(narrowClosure(b.lineage, src + 1).map((n) => n.id), [src, src + 1]);
  });

  t.test('lists the shuffle dependencies a stage reads, by shuffle id', async (t) => {
    const { b, left, joined } = diamond();
    t.same(shuffleDependencies(b.lineage, left).map((d) => d.shuffleId), [0]);
    t.same(shuffleDependencies(b.lineage, joined).map((d) => [d.shuffleId, d.rddId]), [[2, left], [3, left + 2]]);
  });

  t.test('orders RDDs after all their parents', async (t) => {
    const { b, joined } = diamond();
    const order = topologicalOrder(b.lineage, joined);
    t.equal(order.length, Object.keys(b.lineage.rdds).length);
    for (const id of order) for (const d of b.node(id).deps) t.ok(order.indexOf(d.rddId) < order.indexOf(id), `${d.rddId} before ${id}`);
    t.same(topologicalOrder(b.lineage), order);
  });

  t.test('cuts the sub-lineage one RDD needs', async (t) => {
    const { b, src, left } = diamond();
    t.same(Object.keys(lineageFor(b.lineage, left).rdds).map(Number), [src, src + 1, left]);
  });

  t.test('walks a lineage 10,000 narrow steps deep', async (t) => {
    const b = new LineageBuilder();
    let id = b.parallelize([[1]]);
    for (let i = 0; i < 10_000; i++) id = b.map(id, fn('inc'));
    t.equal(narrowAncestors(b.lineage, id).length, 10_000);
    t.equal(topologicalOrder(b.lineage, id).length, 10_001);
  });
});
