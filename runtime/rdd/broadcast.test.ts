// Broadcast variables: driver handles, executor fetch-once cache, unpersist and destroy, and a task
// that reads a broadcast and adds to an accumulator through prepareTaskEnv.
import t from 'tap';
import { ErrorCode } from '../../common/index.js';
import { AccumulatorRegistry } from './accumulator.js';
import { TaskAccumulators } from './accumulator-task.js';
import { BroadcastRegistry, decodeBroadcastValue, type BroadcastLifecycle } from './broadcast.js';
import { BroadcastCache, BroadcastProxy, type BroadcastFetcher } from './broadcast-cache.js';
import { prepareTaskEnv } from './function-task-env.js';
import { reviveFunction } from './function-revive.js';
import { shipFunction } from './function-ship.js';

/** A fetcher reading the driver registry, counting fetches. */
function fetcherFor(reg: BroadcastRegistry): BroadcastFetcher & { fetches: number[] } {
  const fetches: number[] = [];
  return {
    fetches,
    fetch: async (id) => { fetches.push(id); await null; return decodeBroadcastValue(reg.encodedValue(id)); },
  };
}

t.test('a task reads a broadcast map and adds to an accumulator', async (t) => {
  const reg = new BroadcastRegistry();
  const lookup = reg.create(new Map([['a', 1], ['b', 2]]));
  t.same(lookup.value, new Map([['a', 1], ['b', 2]]), 'the driver reads the value directly');
  const accs = new AccumulatorRegistry();
  const misses = accs.create(0);
  type Caps = { lookup: { value: Map<string, number> }; misses: { add(n: number): void } };
  const shipped = shipFunction((k: string, { lookup, misses }: Caps) => {
    const v = lookup.value.get(k);
    if (v === undefined) misses.add(1);
    return v ?? 0;
  }, { lookup, misses });
  const cache = new BroadcastCache(fetcherFor(reg));
  const taskAccs = new TaskAccumulators();
  const fn = reviveFunction(shipped, await prepareTaskEnv([shipped], { accumulators: taskAccs, broadcasts: cache }));
  t.same(['a', 'b', 'z', 'y'].map((k) => fn(k)), [1, 2, 0, 0]);
  accs.mergeTaskUpdates({ stageId: 0, partition: 0 }, taskAccs.updates());
  t.equal(misses.value, 2);
});

t.test('an executor fetches each broadcast once, however many tasks use it at once', async (t) => {
  const reg = new BroadcastRegistry();
  const b = reg.create({ table: [1, 2, 3] });
  const fetcher = fetcherFor(reg);
  const cache = new BroadcastCache(fetcher);
  const shipped = shipFunction((i: number, c: { b: { value: { table: number[] } } }) => c.b.value.table[i], { b });
  const envs = await Promise.all([1, 2, 3].map(() =>
    prepareTaskEnv([shipped], { accumulators: new TaskAccumulators(), broadcasts: cache })));
  t.same(envs.map((env) => reviveFunction(shipped, env)(2)), [3, 3, 3]);
  t.same(fetcher.fetches, [b.id]);
  t.equal(cache.has(b.id), true);
  t.equal(cache.size, 1);
  t.same(cache.peek(b.id), { table: [1, 2, 3] });
});

t.test('unpersist drops executor copies; the next task fetches again', async (t) => {
  const calls: string[] = [];
  const lifecycle: BroadcastLifecycle = {
    unpersist: async (id) => { calls.push(`unpersist ${id}`); cache.evict(id); },
    destroy: async (id) => { calls.push(`destroy ${id}`); cache.evict(id); },
  };
  const reg = new BroadcastRegistry(lifecycle);
  const fetcher = fetcherFor(reg);
  const cache = new BroadcastCache(fetcher);
  const b = reg.create([1]);
  await cache.get(b.id);
  const proxy = new BroadcastProxy(b.id, cache.peek(b.id));
  await b.unpersist();
  t.equal(cache.has(b.id), false);
  t.same(proxy.value, [1], 'a running task keeps the value it started with');
  await cache.get(b.id);
  t.same(fetcher.fetches, [b.id, b.id]);
  t.same(b.value, [1], 'the driver keeps the value after unpersist');
  await b.destroy();
  await b.destroy();
  t.same(calls, ['unpersist 0', 'destroy 0'], 'destroy is idempotent');
  t.equal(b.destroyed, true);
  t.match(String(b), /destroyed/);
});

t.test('a destroyed broadcast can be neither read, captured, unpersisted nor fetched', async (t) => {
  const reg = new BroadcastRegistry();
  const b = reg.create('x');
  t.match(String(b), /Broadcast<id=0>/);
  await b.destroy();
  t.throws(() => b.value, { code: ErrorCode.InvalidArgument, message: /destroyed/ });
  t.throws(() => shipFunction((x: string, c: { b: { value: string } }) => x + c.b.value, { b }), { code: ErrorCode.InvalidArgument });
  await t.rejects(b.unpersist(), { code: ErrorCode.InvalidArgument });
  t.throws(() => reg.encodedValue(b.id), { code: ErrorCode.InvalidArgument });
  await t.rejects(new BroadcastCache(fetcherFor(reg)).get(b.id), { code: ErrorCode.InvalidArgument });
});

t.test('broadcast values must be plain data', async (t) => {
  const reg = new BroadcastRegistry();
  t.throws(() => reg.create({ parse: (s: string) => s }), { code: ErrorCode.NotSerializable, fields: { capture: 'broadcast 0 value.parse' } });
});

t.test('an eviction during an in-flight fetch is not undone by the fetch', async (t) => {
  let release: (v: unknown) => void = () => {};
  const cache = new BroadcastCache({ fetch: () => new Promise((resolve) => { release = resolve; }) });
  const pending = cache.get(5);
  cache.evict(5);
  release('late');
  t.equal(await pending, 'late');
  t.equal(cache.has(5), false);
  t.throws(() => cache.peek(5), { code: ErrorCode.Internal });
});

t.test('a failed fetch is not cached and can be retried', async (t) => {
  let fail = true;
  const cache = new BroadcastCache({ fetch: async () => { if (fail) throw new Error('down'); return 1; } });
  await t.rejects(cache.get(1), /down/);
  fail = false;
  t.equal(await cache.get(1), 1);
});

t.test('prepareTaskEnv passes globals and cache through and refuses unprepared broadcasts', async (t) => {
  const env = await prepareTaskEnv([], { accumulators: new TaskAccumulators(), broadcasts: new BroadcastCache({ fetch: async () => 0 }), globals: { lib: 1 } });
  t.same(env.globals, { lib: 1 });
  t.throws(() => env.resolveHandle?.({ kind: 'broadcast', id: 9 }), { code: ErrorCode.Internal });
});
