import t from 'tap';
import { LineageBuilder, narrowClosure, rddOf, type ShippedFunction } from '../rdd/index.js';
import type { TaskBinary } from '../scheduler/index.js';
import { functionIdsOf } from './binary-functions.js';
import { FunctionTable } from './function-table.js';

t.test('a map stage names its pipeline functions and its map-side combiner; a result stage its aggregator and result function', async (t) => {
  const b = new LineageBuilder();
  const src = b.parallelize([[1], [2]]);
  const keyed = b.keyBy(b.filter(src, { id: 'even' }), { id: 'key' });
  const reduced = b.reduceByKey(keyed, { id: 'sum' });
  const dep = rddOf(b.lineage, reduced).deps[0];
  if (dep.kind !== 'shuffle') throw new Error('expected a shuffle');
  const map: TaskBinary = { kind: 'shuffleMap', rddId: keyed, dependency: dep, rdds: narrowClosure(b.lineage, keyed) };
  t.same(functionIdsOf(map), ['even', 'key', 'sum']);
  const counted = b.pipe(reduced, { kind: 'foreach', fn: { id: 'print' } });
  const result: TaskBinary = { kind: 'result', rddId: counted, jobId: 0, func: { id: 'builtin:collect' }, rdds: narrowClosure(b.lineage, counted) };
  t.same(functionIdsOf(result), ['sum', 'print'], 'builtins are not listed');
});

t.test('the function table keeps a function while any job that shipped it is active', async (t) => {
  const f = { label: 'f' } as ShippedFunction;
  const table = new FunctionTable();
  table.add(0, { f });
  table.add(1, { f });
  table.release(0);
  t.same(table.pick(['f', 'g']), { functions: { f }, missing: ['g'] });
  table.release(1);
  t.same(table.pick(['f']).missing, ['f']);
});
