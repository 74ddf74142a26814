import t from 'tap';
import { compareFair, compareFifo, orderTaskSets, type Schedulable, type TaskSetEntry } from './pool.js';
import { Driver, offer, taskSet, type Launch } from './task-scheduler.fixture.js';

const s = (name: string, over: Partial<Schedulable> = {}): Schedulable =>
  ({ name, weight: 1, minShare: 0, runningTasks: 0, priority: 0, stageId: 0, ...over });

t.test('orderings', async (t) => {
  t.test('FIFO orders by priority, then stage id', async (t) => {
    const sorted = [s('c', { priority: 2, stageId: 1 }), s('b', { priority: 1, stageId: 7 }), s('a', { priority: 1, stageId: 3 })].sort(compareFifo);
    t.same(sorted.map((x) => x.name), ['a', 'b', 'c']);
  });

  t.test('FAIR puts schedulables below their minShare first, least satisfied first', async (t) => {
    const sorted = [
      s('rich', { runningTasks: 0, weight: 100 }),
      s('half', { runningTasks: 2, minShare: 4 }),
      s('starved', { runningTasks: 1, minShare: 4 }),
    ].sort(compareFair);
    t.same(sorted.map((x) => x.name), ['starved', 'half', 'rich']);
  });

  t.test('FAIR then orders by running tasks per weight, then name', async (t) => {
    const sorted = [s('b', { runningTasks: 2, weight: 2 }), s('a', { runningTasks: 1, weight: 1 }), s('c', { runningTasks: 3, weight: 1 })].sort(compareFair);
    t.same(sorted.map((x) => x.name), ['a', 'b', 'c']);
  });

  t.test('pools are ordered FAIR and their task sets by the pool\'s own mode', async (t) => {
    const e = (name: string, pool: string, priority: number, runningTasks = 0): TaskSetEntry =>
      ({ name, pool, priority, stageId: priority, weight: 1, minShare: 0, runningTasks });
    const order = orderTaskSets('FAIR', [{ name: 'busy', schedulingMode: 'FIFO', weight: 1, minShare: 0 }],
      [e('x2', 'busy', 2, 5), e('y', 'idle', 9), e('x1', 'busy', 1)]);
    t.same(order.map((x) => x.name), ['y', 'x1', 'x2']);
  });
});

function countByStage(ls: readonly Launch[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const l of ls) out[l.stageId] = (out[l.stageId] ?? 0) + 1;
  return out;
}

t.test('scheduling modes in the scheduler', async (t) => {
  t.test('FIFO serves the earliest job, then the lowest stage, taking every core it can use', async (t) => {
    const d = new Driver();
    d.submit(taskSet(5, 3, { jobId: 2 }));
    d.submit(taskSet(3, 2, { jobId: 1 }));
    d.submit(taskSet(4, 2, { jobId: 1 }));
    const ls = d.offer([offer('e1', 'h1', 3), offer('e2', 'h2', 3)], 0);
    t.same(ls.map((l) => `${l.stageId}:${l.partition}`), ['3:0', '3:1', '4:0', '4:1', '5:0', '5:1']);
  });

  t.test('FAIR shares cores between pools in proportion to weight', async (t) => {
    const d = new Driver({
      schedulingMode: 'FAIR',
      pools: [{ name: 'A', schedulingMode: 'FIFO', weight: 2, minShare: 0 }, { name: 'B', schedulingMode: 'FIFO', weight: 1, minShare: 0 }],
    });
    d.submit(taskSet(1, 100, { pool: 'A' }));
    d.submit(taskSet(2, 100, { pool: 'B' }));
    const ls: Launch[] = [];
    for (let i = 0; i < 30; i++) ls.push(...d.offer([offer(`e${i}`, 'h1')], 0));
    t.same(countByStage(ls), { 1: 20, 2: 10 });
  });

  t.test('FAIR gives a pool below its minShare the next cores regardless of weight', async (t) => {
    const d = new Driver({
      schedulingMode: 'FAIR',
      pools: [{ name: 'small', schedulingMode: 'FIFO', weight: 1, minShare: 3 }, { name: 'big', schedulingMode: 'FIFO', weight: 10, minShare: 0 }],
    });
    d.submit(taskSet(1, 100, { pool: 'big' }));
    d.submit(taskSet(2, 100, { pool: 'small' }));
    const first: Launch[] = [];
    for (let i = 0; i < 3; i++) first.push(...d.offer([offer(`e${i}`, 'h1')], 0));
    t.same(countByStage(first), { 2: 3 }, 'minShare first');
    const next: Launch[] = [];
    for (let i = 3; i < 14; i++) next.push(...d.offer([offer(`e${i}`, 'h1')], 0));
    t.same(countByStage(next), { 1: 11 }, 'then by running per weight: small runs 3 per unit of weight, big only reaches that at 30');
  });

  t.test('FAIR counts running tasks of task sets with nothing left to launch toward their pool', async (t) => {
    const d = new Driver({ schedulingMode: 'FAIR' });
    d.submit(taskSet(1, 2, { pool: 'A' }));
    d.offer([offer('e1', 'h1', 2)], 0);
    d.submit(taskSet(2, 5, { pool: 'A' }));
    d.submit(taskSet(3, 5, { pool: 'B' }));
    const ls = d.offer([offer('e2', 'h1')], 0);
    t.same(ls.map((l) => l.stageId), [3], 'pool A already runs 2 tasks');
  });

  t.test('unknown pools get weight 1 and minShare 0', async (t) => {
    const d = new Driver({ schedulingMode: 'FAIR' });
    d.submit(taskSet(1, 10, { pool: 'x' }));
    d.submit(taskSet(2, 10, { pool: 'y' }));
    const ls: Launch[] = [];
    for (let i = 0; i < 10; i++) ls.push(...d.offer([offer(`e${i}`, 'h1')], 0));
    t.same(countByStage(ls), { 1: 5, 2: 5 });
  });
});
