// ship → (msgpackr wire) → revive → call: user functions with their captures, compiled once per hash.
import t from 'tap';
import { Packr } from 'msgpackr';
import { ErrorCode } from '../../common/index.js';
import { SHIP_AS_REF, type HandleRef } from './closure-captures.js';
import { FunctionCache } from './function-cache.js';
import { reviveFunction } from './function-revive.js';
import { shipFunction, type ShippedFunction } from './function-ship.js';

const fnFrom = (src: string): Function => new Function(`return (${src}\n)`)() as Function;
// Control messages travel with the default Packr: a ShippedFunction must survive it.
const wire = (s: ShippedFunction): ShippedFunction => { const p = new Packr(); return p.unpack(p.pack(s)) as ShippedFunction; };

t.test('a map function with captures round-trips and runs on the executor', async (t) => {
  const shipped = wire(shipFunction((x: number, { factor, names }: { factor: number; names: Set<string> }) =>
    x * factor + names.size, { factor: 10, names: new Set(['a', 'b']) }));
  t.match(shipped, { kind: 'arrow', async: false, argCount: 1 });
  t.match(shipped.hash, /^[0-9a-f]{64}$/);
  const f = reviveFunction(shipped, { cache: new FunctionCache() });
  t.equal(f(4), 42);
});

t.test('captures land after the operation arguments, whatever the caller passes', async (t) => {
  const reduce = reviveFunction(wire(shipFunction(fnFrom('(a, b, c) => a + b + c.k'), { k: 100 }, { argCount: 2 })));
  t.equal(reduce(1, 2), 103);
  t.equal(reduce(1, 2, 'ignored extra'), 103);
});

t.test('methods, async and generator functions revive with their kind', async (t) => {
  const o = {
    scale(x: number, c: { k: number }) { return x * c.k; },
    async later(x: number) { await null; return x + 1; },
    *twice(x: number) { yield x; yield x; },
  };
  t.equal(reviveFunction(wire(shipFunction(o.scale, { k: 3 })))(2), 6);
  t.equal(await reviveFunction(wire(shipFunction(o.later)))(1), 2);
  t.same([...(reviveFunction(wire(shipFunction(o.twice)))(5) as Iterable<number>)], [5, 5]);
});

t.test("esbuild's __name helper is provided on the executor", async (t) => {
  const compiled = 'x=>{const g=__name(y=>y*2,"g");function h(z){return z}__name(h,"h");'
    + 'class C{static{__name(this,"C")}m(){return 1}}return [g(x)+h(x)+new C().m(), g.name, C.name]}';
  t.same(reviveFunction(wire(shipFunction(fnFrom(compiled))))(5), [16, 'g', 'C']);
});

t.test('module bindings of the bundle come from the executor', async (t) => {
  const shipped = wire(shipFunction(fnFrom('(x) => lib.double(x)'), {}, { moduleBindings: ['lib'] }));
  t.same(shipped.moduleRefs, ['lib']);
  t.equal(reviveFunction(shipped, { globals: { lib: { double: (x: number) => 2 * x } } })(4), 8);
  t.throws(() => reviveFunction(shipped, { globals: {} }), { code: ErrorCode.ClosureCapture, fields: { variables: 'lib' } });
});

t.test('each revive gets fresh captures; a task may mutate its own copy', async (t) => {
  const shipped = shipFunction(fnFrom('(x, c) => { c.seen.push(x); return c.seen.length; }'), { seen: [] });
  const task1 = reviveFunction(shipped);
  t.equal(task1(1), 1);
  t.equal(task1(2), 2);
  t.equal(reviveFunction(shipped)(3), 1);
});

t.test('the compile cache holds one entry per source hash', async (t) => {
  const cache = new FunctionCache(2);
  const a1 = shipFunction(fnFrom('(x, c) => x + c.k'), { k: 1 });
  const a2 = shipFunction(fnFrom('(x, c) => x + c.k'), { k: 2 });
  t.equal(a1.hash, a2.hash);
  t.equal(reviveFunction(a1, { cache })(1), 2);
  t.equal(reviveFunction(a2, { cache })(1), 3);
  t.equal(cache.size, 1);
  reviveFunction(shipFunction(fnFrom('(x) => x - 1')), { cache });
  reviveFunction(shipFunction(fnFrom('(x) => x - 2')), { cache });
  t.equal(cache.size, 2, 'bounded: the least recently used source is dropped');
  cache.clear();
  t.equal(cache.size, 0);
});

t.test('the executor refuses a tampered or unchecked source', async (t) => {
  const ok = shipFunction(fnFrom('(x) => x'));
  t.throws(() => reviveFunction({ ...ok, source: '(x) => process.exit(1)' }, { cache: new FunctionCache() }),
    { code: ErrorCode.BadMessage });
  const sneaky = { ...ok, source: '((x) => process)' };
  const { sourceHash } = await import('./function-ship.js');
  t.throws(() => reviveFunction({ ...sneaky, hash: sourceHash(sneaky.source, []) }, { cache: new FunctionCache() }),
    { code: ErrorCode.ClosureCapture, fields: { variables: 'process' } });
  const notAFunction = { ...ok, source: '(1), (x) => x' };
  t.throws(() => reviveFunction({ ...notAFunction, hash: sourceHash(notAFunction.source, []) }), { code: ErrorCode.BadMessage });
});

t.test('handles are resolved to executor proxies', async (t) => {
  const handle = { [SHIP_AS_REF]: (): HandleRef => ({ kind: 'accumulator', id: 7 }) };
  const shipped = wire(shipFunction(fnFrom('(x, { acc }) => acc(x)'), { acc: handle }));
  const calls: number[] = [];
  const f = reviveFunction(shipped, { resolveHandle: (ref) => (x: number) => calls.push(ref.id * 100 + x) });
  f(1);
  t.same(calls, [701]);
  t.throws(() => reviveFunction(shipped), { code: ErrorCode.Internal, message: /no handle resolver/ });
});

t.test('shipFunction refuses bad captures and bad functions before anything ships', async (t) => {
  t.throws(() => shipFunction(fnFrom('(x, { f }) => f(x)'), { f: (y: number) => y }),
    { code: ErrorCode.NotSerializable, fields: { capture: 'f' } });
  t.throws(() => shipFunction(fnFrom('(x) => x + y')), { code: ErrorCode.ClosureCapture, fields: { variable: 'y' } });
});
