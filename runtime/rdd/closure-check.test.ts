// captureCheck: which free names are refused and which are allowed, across JS scoping rules.
import t from 'tap';
import { parse, type ExpressionStatement, type FunctionExpression } from 'acorn';
import { ErrorCode, isEngineError } from '../../common/index.js';
import { captureCheck } from './closure-check.js';
import { freeVariables } from './closure-scope.js';
import { parseFunction } from './closure-parse.js';

/** A function whose toString() is exactly `src` (no transpiler in between). */
const fnFrom = (src: string): Function => new Function(`return (${src}\n)`)() as Function;
/** The free names of `src`, in order. */
const free = (src: string): readonly string[] => {
  const p = parseFunction(fnFrom(src));
  return freeVariables(p.node, p.kind === 'method').free;
};
const refusedNames = (fn: Function, declared: Record<string, unknown> = {}): string | undefined => {
  try {
    captureCheck(fn, declared);
    return undefined;
  } catch (err) {
    if (isEngineError(err, ErrorCode.ClosureCapture)) return String(err.fields.variables);
    throw err;
  }
};

t.test('captureCheck refuses', async (t) => {
  t.test('an outer let variable, naming it and the fix', async (t) => {
    let factor = 3;
    factor += 1;
    const fn = (x: number) => x * factor;
    t.throws(() => captureCheck(fn, {}), { code: ErrorCode.ClosureCapture, fields: { variable: 'factor' } });
    try {
      captureCheck(fn, {});
    } catch (err) {
      t.match((err as Error).message, /`factor`/);
      t.match((err as Error).message, /rdd\.map\(\(x, \{ factor \}\) => …, \{ factor \}\)/);
    }
  });
  t.test('an outer function', async (t) => {
    function helper(x: number): number { return x + 1; }
    t.equal(refusedNames((x: number) => helper(x)), 'helper');
  });
  t.test('an imported binding that the bundle does not declare', async (t) => {
    t.equal(refusedNames((x: string) => isEngineError(x)), 'isEngineError');
    t.doesNotThrow(() => captureCheck((x: string) => isEngineError(x), {}, { moduleBindings: ['isEngineError'] }));
  });
  t.test('every undeclared variable, in order of use', async (t) => {
    t.equal(refusedNames(fnFrom('(x) => a + b(x) + a + c.d')), 'a, b, c');
  });
  t.test('a declared capture read as a free variable, saying to read it from the captures', async (t) => {
    t.throws(() => captureCheck(fnFrom('(x) => x * factor'), { factor: 2 }),
      { code: ErrorCode.ClosureCapture, message: /passed as a captured value but read as an outer variable/ });
  });
  t.test('writes to outer variables, including by destructuring assignment', async (t) => {
    t.equal(refusedNames(fnFrom('(x) => { total += x; }')), 'total');
    t.equal(refusedNames(fnFrom('(x) => { [a, { b }] = x; }')), 'a, b');
    t.equal(refusedNames(fnFrom('(x) => { for (k in x) {} }')), 'k');
  });
  t.test('`this` of the surroundings in an arrow, and `this` in a function or method', async (t) => {
    t.equal(refusedNames(fnFrom('(x) => this.k * x')), 'this');
    t.equal(refusedNames(fnFrom('function (x) { return this.k * x; }')), 'this');
    t.equal(refusedNames(({ m(x: number) { return x + (this as unknown as { k: number }).k; } }).m), 'this');
    const withSuper = { m() { return () => super.toString(); } };
    t.equal(refusedNames(withSuper.m()), 'this');
  });
  t.test('`arguments` of the surroundings in an arrow', async (t) => {
    t.equal(refusedNames(fnFrom('(x) => arguments[0]')), 'arguments');
  });
  t.test('`super` at the top of a method, and import.meta', async (t) => {
    const o = { m(x: number) { return super.toString() + x; } };
    t.equal(refusedNames(o.m), 'super');
    // import.meta cannot be compiled outside a module, so analyse parsed source directly.
    const program = parse('(function () { return import.meta.url; })', { ecmaVersion: 'latest', sourceType: 'module' });
    const node = ((program.body[0] as ExpressionStatement).expression as FunctionExpression);
    t.equal(freeVariables(node, false).importMeta, true);
  });
  t.test('a destructured capture that was not passed', async (t) => {
    t.throws(() => captureCheck((row: number, { acc }: { acc: number }) => row + acc, {}),
      { code: ErrorCode.ClosureCapture, fields: { variable: 'acc' }, message: /destructures `acc`/ });
    t.throws(() => captureCheck(fnFrom('(a, b, { k } = {}) => a + b + k'), { j: 1 }, { argCount: 2, operation: 'reduce' }),
      { code: ErrorCode.ClosureCapture, fields: { operation: 'reduce', variable: 'k' } });
  });
  t.test('eval and Function (not in the allow-list)', async (t) => {
    t.equal(refusedNames(fnFrom('(x) => eval(x)')), 'eval');
    t.equal(refusedNames(fnFrom('(x) => Function(x)')), 'Function');
    t.equal(refusedNames(fnFrom('(x) => process.env[x]')), 'process');
    t.equal(refusedNames(fnFrom('(x) => require(x)')), 'require');
  });
});

t.test('captureCheck refuses functions without usable source', async (t) => {
  t.throws(() => captureCheck(Math.sqrt, {}), { code: ErrorCode.NotSerializable, message: /native function/ });
  const bound = ((x: number, y: number) => x + y).bind(null, 1);
  t.throws(() => captureCheck(bound, {}), { code: ErrorCode.NotSerializable, message: /bound function/ });
  t.throws(() => captureCheck(class Q {}, {}), { code: ErrorCode.NotSerializable, message: /class/ });
  class P { #k = 2; m(x: number) { return x + this.#k; } }
  t.throws(() => captureCheck(new P().m, {}), { code: ErrorCode.NotSerializable, message: /private class members/ });
  t.throws(() => captureCheck(42 as unknown as Function, {}), { code: ErrorCode.InvalidArgument });
  t.throws(() => captureCheck(new Proxy((x: number) => x, {}), {}), { code: ErrorCode.NotSerializable });
  t.throws(() => captureCheck(fnFrom('function (o) { with (o) { return k; } }'), {}),
    { code: ErrorCode.NotSerializable, message: /could not be parsed/ });
});

t.test('captureCheck ships a private method that uses no other private member', async (t) => {
  class Q { #twice(x: number) { return x * 2; } get twice() { return this.#twice; } }
  const checked = captureCheck(new Q().twice, {});
  t.match(checked.parsed, { kind: 'method', expression: /^\(function \(x\)/ });
});

t.test('captureCheck allows', async (t) => {
  t.test('globals, parameters and declared captures', async (t) => {
    const fn = (row: { v: number }, { factor }: { factor: number }) =>
      Math.max(row.v, 0) * factor + Number.parseInt('1') + JSON.stringify([new Map(), new Set()]).length;
    t.doesNotThrow(() => captureCheck(fn, { factor: 2 }));
    t.doesNotThrow(() => captureCheck(fnFrom('(x, c) => x * c.factor + undefined + NaN + Infinity'), { factor: 1 }));
    t.doesNotThrow(() => captureCheck(fnFrom('(x) => new TextEncoder().encode(Buffer.from(x).toString())'), {}));
  });
  t.test('nested functions, classes, blocks, catch and loop bindings', async (t) => {
    t.same(free(`(xs) => {
      const out = [];
      for (let i = 0; i < xs.length; i++) { const v = xs[i]; out.push(v); }
      for (const [k, { v = k }] of xs) out.push(k, v);
      try { JSON.parse(xs); } catch ({ message }) { out.push(message); }
      try { go(); } catch { out.push(0); }
      function go() { return inner(); function inner() { return hoisted; } }
      var hoisted = 1;
      class C extends Array { static s = C.name; m() { return this.length + super.length; } }
      label: for (;;) { break label; }
      return out.concat(new C(), go(), ((a, ...rest) => a + rest.length)(1, 2));
    }`), ['JSON', 'Array']);
  });
  t.test('property keys, shorthand properties and member names are not references', async (t) => {
    t.same(free('(x) => ({ a: x.b, [x.c]: 1, x, m() { return y; }, get g() { return 2; } }).a'), ['y']);
    t.same(free('({ a, b: [c], ...rest }) => a + c + rest.d + e'), ['e']);
  });
  t.test('`this` and `arguments` inside nested ordinary functions and class bodies', async (t) => {
    t.same(free('(x) => { function f() { return this.k + arguments.length; } return f.call(x); }'), []);
    t.same(free('(x) => class { k = this; static { this.z = 1; } }'), []);
    t.same(free('function (x) { return arguments.length; }'), []);
  });
  t.test('parameter defaults see earlier parameters but not body variables', async (t) => {
    t.same(free('function (a, b = a) { return b; }'), []);
    t.same(free('function (a = x) { var x = 1; return a + x; }'), ['x']);
    t.same(free('(a) => { { let q = 1; } return q; }'), ['q']);
  });
  t.test('control flow: if, switch, while, do-while, throw, new.target in a function', async (t) => {
    t.same(free(`function (x) {
      if (x) { a(); } else b();
      switch (x) { case c: let d = 1; break; default: d = e; }
      while (f) { do { g--; } while (h); }
      if (!new.target) throw new Error(x);
    }`), ['a', 'b', 'c', 'e', 'f', 'g', 'h', 'Error']);
  });
  t.test('the name of a named function expression inside itself (recursion)', async (t) => {
    t.same(free('function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }'), []);
  });
  t.test('methods, async, generator and getter functions', async (t) => {
    const o = {
      m(x: number) { return x + 1; },
      async am(x: number) { await null; return x; },
      *g(x: number) { yield x; },
      async *ag(x: number) { yield x; },
    };
    for (const fn of [o.m, o.am, o.g, o.ag]) t.doesNotThrow(() => captureCheck(fn, {}));
    t.match(parseFunction(o.ag), { kind: 'method', async: true, generator: true });
    t.match(parseFunction(fnFrom('async (x) => x')), { kind: 'arrow', async: true });
    t.match(parseFunction(fnFrom('function* (x) { yield x; }')), { kind: 'function', generator: true });
    class K { static s(x: number) { return x * 2; } ['comp' + 'uted'](y: number) { return y; } }
    t.doesNotThrow(() => captureCheck(K.s, {}));
    t.match(parseFunction((K.prototype as unknown as { computed: Function }).computed), { kind: 'method' });
  });
  t.test('`this` in a method when the caller binds a receiver (allowThis)', async (t) => {
    t.doesNotThrow(() => captureCheck(fnFrom('function (a, b) { return a + b * this.k; }'), {}, { allowThis: true }));
    t.throws(() => captureCheck(fnFrom('(a) => this.k'), {}, { allowThis: true }), { code: ErrorCode.ClosureCapture });
  });
  t.test("esbuild/tsx output with keepNames' __name helper", async (t) => {
    const compiled = 'x=>{const g=__name(y=>y*2,"g");function h(z){return z}__name(h,"h");'
      + 'class C{static{__name(this,"C")}m(){return 1}}return g(x)+h(x)+new C().m()}';
    const checked = captureCheck(fnFrom(compiled), {});
    t.same(checked.helpers, ['__name']);
  });
  t.test('module bindings of the shipped bundle, reported for the executor', async (t) => {
    const checked = captureCheck(fnFrom('(x) => import_lodash.chunk(x, size)'), {},
      { moduleBindings: ['import_lodash', 'size'] });
    t.same(checked.moduleRefs, ['import_lodash', 'size']);
  });
  t.test('a line comment at the end of the source', async (t) => {
    t.doesNotThrow(() => captureCheck(fnFrom('(x) => x // trailing'), {}));
  });
});
