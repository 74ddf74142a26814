// Captured values: exact round trips of plain data, handles lifted out, the rest refused by name.
import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import {
  SHIP_AS_REF, assertShippable, decodeCaptures, encodeCaptures, type HandleRef, type ShippableHandle,
} from './closure-captures.js';

class FakeHandle implements ShippableHandle {
  constructor(readonly id: number) {}
  [SHIP_AS_REF](): HandleRef { return { kind: 'broadcast', id: this.id }; }
}

t.test('encodeCaptures round-trips plain data exactly', async (t) => {
  const shared = { s: 1 };
  const captures = {
    n: 1.5, s: 'x', b: true, nil: null, big: 2n ** 80n, small: 5n, date: new Date(7), re: /a+/gi,
    map: new Map<unknown, unknown>([['k', { v: [1, 2] }], [1, 'one']]), set: new Set(['a', 'b']),
    f64: new Float64Array([1.5, 2.5]), i32: new Int32Array([-1, 2]), u8: new Uint8Array([9]),
    nested: { arr: [1, { deep: 'yes' }], shared, again: shared }, err: new RangeError('bad'),
  };
  const back = decodeCaptures(encodeCaptures(captures), () => null);
  t.same(back, captures);
  t.ok(back.set instanceof Set);
  t.ok(back.re instanceof RegExp);
  t.ok(back.f64 instanceof Float64Array);
  t.equal(back.big, 2n ** 80n);
  t.ok(back.map instanceof Map);
});

t.test('encodeCaptures lifts handles out and decode puts proxies in their place', async (t) => {
  const enc = encodeCaptures({ lookup: new FakeHandle(3), many: [new FakeHandle(4)], deep: { h: new FakeHandle(5) } });
  t.same(enc.handles.map((h) => h.path), [['lookup'], ['many', 0], ['deep', 'h']]);
  const back = decodeCaptures(enc, (ref) => `proxy-${ref.id}`);
  t.same(back, { lookup: 'proxy-3', many: ['proxy-4'], deep: { h: 'proxy-5' } });
});

t.test('encodeCaptures refuses what cannot travel as data, naming the capture', async (t) => {
  class Point { constructor(readonly x: number) {} norm(): number { return this.x; } }
  t.throws(() => encodeCaptures({ fn: (x: number) => x }),
    { code: ErrorCode.NotSerializable, fields: { capture: 'fn' }, message: /`fn`: it is a function/ });
  t.throws(() => encodeCaptures({ cfg: { points: [new Point(1)] } }),
    { code: ErrorCode.NotSerializable, fields: { capture: 'cfg.points[0]' }, message: /instance of Point/ });
  t.throws(() => encodeCaptures({ s: Symbol('x') }), { code: ErrorCode.NotSerializable, fields: { capture: 's' } });
  t.throws(() => encodeCaptures({ m: new Map([['k', new FakeHandle(1)]]) }),
    { code: ErrorCode.NotSerializable, fields: { capture: 'm.k' } });
  t.throws(() => encodeCaptures({ w: new WeakMap() }), { code: ErrorCode.NotSerializable, message: /WeakMap/ });
  t.throws(() => encodeCaptures({ p: Promise.resolve(1) }), { code: ErrorCode.NotSerializable });
});

t.test('assertShippable refuses handles outside captures', async (t) => {
  t.doesNotThrow(() => assertShippable(new Map([['a', 1]]), 'broadcast value'));
  t.throws(() => assertShippable({ h: new FakeHandle(1) }, 'value'), { code: ErrorCode.NotSerializable, fields: { capture: 'value.h' } });
});

t.test('cyclic plain data round-trips', async (t) => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  const back = decodeCaptures(encodeCaptures({ a }), () => null) as { a: { self: unknown } };
  t.equal(back.a.self, back.a);
});
