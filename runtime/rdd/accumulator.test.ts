// Accumulators end to end without a cluster: driver create → captured by a shipped function →
// executor proxies fold adds per task → updates merged on the driver once per (stage, partition).
import t from 'tap';
import { Packr } from 'msgpackr';
import { ErrorCode } from '../../common/index.js';
import { AccumulatorRegistry, type AccumulatorUpdate, type TaskKey } from './accumulator.js';
import type { AccumulatorParam } from './accumulator-param.js';
import { TaskAccumulators } from './accumulator-task.js';
import { reviveFunction } from './function-revive.js';
import { shipFunction, type ShippedFunction } from './function-ship.js';

const packr = new Packr();
const wire = <T>(v: T): T => packr.unpack(packr.pack(v)) as T;

/** Runs `shipped` over one partition as an executor would and returns the task's updates. */
function runTask(shipped: ShippedFunction, rows: readonly unknown[]): AccumulatorUpdate[] {
  const accs = new TaskAccumulators();
  const fn = reviveFunction(wire(shipped), { resolveHandle: (ref) => accs.proxy(ref) });
  for (const row of rows) fn(row);
  return wire(accs.updates());
}

t.test('a number accumulator counts each partition once across retries and speculation', async (t) => {
  const reg = new AccumulatorRegistry();
  const acc = reg.create(0);
  const shipped = shipFunction((row: number, { acc }: { acc: { add(v: number): void } }) => { acc.add(row); return row; },
    { acc });
  const p0: TaskKey = { stageId: 1, partition: 0 };
  const p1: TaskKey = { stageId: 1, partition: 1 };
  t.equal(reg.mergeTaskUpdates(p0, runTask(shipped, [1, 2, 3])), true);
  t.equal(reg.mergeTaskUpdates(p0, runTask(shipped, [1, 2, 3])), false, 'a retried attempt is not counted');
  t.equal(reg.mergeTaskUpdates(p1, runTask(shipped, [10])), true);
  t.equal(reg.mergeTaskUpdates(p1, runTask(shipped, [10])), false, 'a speculative copy is not counted');
  t.equal(acc.value, 16);
  t.equal(reg.wasMerged(p1), true);
  t.equal(reg.wasMerged({ stageId: 2, partition: 0 }), false);
  t.equal(reg.mergeTaskUpdates({ stageId: 2, partition: 0 }, runTask(shipped, [100])), true, 'a new stage (a new action) counts');
  t.equal(acc.value, 116);
  acc.add(4);
  t.equal(acc.value, 120, 'the driver can add too');
  t.match(String(acc), /Accumulator<id=0, value=120>/);
});

t.test('a bigint accumulator sums bigints', async (t) => {
  const reg = new AccumulatorRegistry();
  const big = reg.create(0n);
  const shipped = shipFunction((row: bigint, c: { big: { add(v: bigint): void } }) => c.big.add(row * 2n ** 64n), { big });
  reg.mergeTaskUpdates({ stageId: 0, partition: 0 }, runTask(shipped, [1n, 2n]));
  t.equal(big.value, 3n * 2n ** 64n);
});

t.test('a custom AccumulatorParam class (API.md MetricsAccumulator) ships by source', async (t) => {
  type Metrics = { count: number; sum: number };
  class MetricsAccumulator implements AccumulatorParam<Metrics> {
    zero(): Metrics { return { count: 0, sum: 0 }; }
    addInPlace(a: Metrics, b: Metrics): Metrics { a.count += b.count; a.sum += b.sum; return a; }
  }
  const reg = new AccumulatorRegistry();
  const acc = reg.create({ count: 0, sum: 0 }, new MetricsAccumulator());
  const shipped = shipFunction((row: { value: number }, { acc }: { acc: { add(v: Metrics): void } }) => {
    acc.add({ count: 1, sum: row.value });
    return row;
  }, { acc });
  reg.mergeTaskUpdates({ stageId: 3, partition: 0 }, runTask(shipped, [{ value: 2 }, { value: 5 }]));
  reg.mergeTaskUpdates({ stageId: 3, partition: 0 }, runTask(shipped, [{ value: 2 }, { value: 5 }]));
  reg.mergeTaskUpdates({ stageId: 3, partition: 1 }, runTask(shipped, [{ value: 1 }]));
  t.same(acc.value, { count: 3, sum: 8 });
});

t.test("a custom param's own fields are its receiver on the executor", async (t) => {
  class SetUnion implements AccumulatorParam<Set<string>> {
    constructor(readonly limit: number) {}
    zero(): Set<string> { return new Set(); }
    addInPlace(a: Set<string>, b: Set<string>): Set<string> {
      for (const v of b) if (a.size < this.limit) a.add(v);
      return a;
    }
  }
  const reg = new AccumulatorRegistry();
  const seen = reg.create(new Set<string>(), new SetUnion(3));
  const shipped = shipFunction((w: string, { seen }: { seen: { add(v: Set<string>): void } }) => seen.add(new Set([w])), { seen });
  reg.mergeTaskUpdates({ stageId: 0, partition: 0 }, runTask(shipped, ['a', 'b', 'a']));
  reg.mergeTaskUpdates({ stageId: 0, partition: 1 }, runTask(shipped, ['c', 'd', 'e']));
  t.ok(seen.value instanceof Set, 'set-valued updates keep their type on the wire');
  t.same([...seen.value], ['a', 'b', 'c']);
});

t.test('an object-literal param works', async (t) => {
  const reg = new AccumulatorRegistry();
  const longest = reg.create('', { zero: () => '', addInPlace: (a: string, b: string) => (b.length > a.length ? b : a) });
  const shipped = shipFunction((w: string, c: { longest: { add(v: string): void } }) => c.longest.add(w), { longest });
  reg.mergeTaskUpdates({ stageId: 0, partition: 0 }, runTask(shipped, ['ab', 'abcd', 'a']));
  t.equal(longest.value, 'abcd');
});

t.test('creating an accumulator refuses params and values that cannot ship', async (t) => {
  const reg = new AccumulatorRegistry();
  t.throws(() => reg.create({ n: 0 }), { code: ErrorCode.InvalidArgument, message: /no default AccumulatorParam/ });
  const weight = 2;
  t.throws(() => reg.create(0, { zero: () => 0, addInPlace: (a: number, b: number) => a + b * weight }),
    { code: ErrorCode.ClosureCapture, fields: { variable: 'weight', operation: 'AccumulatorParam.addInPlace' } });
  t.throws(() => reg.create(0, { zero: () => 0 } as unknown as AccumulatorParam<number>), { code: ErrorCode.InvalidArgument });
  class Holder { constructor(readonly v: number) {} }
  t.throws(() => reg.create(new Holder(1), { zero: () => new Holder(0), addInPlace: (a: Holder) => a }),
    { code: ErrorCode.NotSerializable });
  t.throws(() => reg.create(0, Object.assign(Object.create({ zero: () => 0, addInPlace: (a: number) => a }), { f: () => 1 })),
    { code: ErrorCode.NotSerializable, fields: { capture: 'f' } });
});

t.test('on an executor an accumulator is write-only and reports only when added to', async (t) => {
  const reg = new AccumulatorRegistry();
  const a = reg.create(0);
  const b = reg.create(0);
  const accs = new TaskAccumulators();
  const read = reviveFunction(shipFunction((x: number, { a }: { a: { value: number } }) => a.value + x, { a, b }),
    { resolveHandle: (ref) => accs.proxy(ref) });
  t.throws(() => read(1), { code: ErrorCode.Unsupported, message: /only on the driver/ });
  t.same(accs.updates(), []);
  // `read` resolved both captured handles already: the same proxy comes back for the same id.
  t.equal(accs.proxy({ kind: 'accumulator', id: a.id }), accs.proxy({ kind: 'accumulator', id: a.id }),
    'one proxy per accumulator per task');
  t.equal(reg.mergeTaskUpdates({ stageId: 0, partition: 0 }, [{ accId: 99, update: packr.pack(1) }]), true, 'unknown ids are ignored');
});

t.test('a task-local value that cannot ship fails the task with NOT_SERIALIZABLE', async (t) => {
  const reg = new AccumulatorRegistry();
  const acc = reg.create<unknown>(null, { zero: () => null, addInPlace: (_a: unknown, b: unknown) => b });
  const accs = new TaskAccumulators();
  const fn = reviveFunction(shipFunction((x: number, { acc }: { acc: { add(v: unknown): void } }) => acc.add(new (class Opaque {})()), { acc }),
    { resolveHandle: (ref) => accs.proxy(ref) });
  fn(1);
  t.throws(() => accs.updates(), { code: ErrorCode.NotSerializable, message: /Opaque/ });
});
