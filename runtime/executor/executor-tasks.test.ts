// Result tasks on a real executor runtime driven by a scripted driver actor: narrow pipelines, sources,
// user functions (sync, async, generators, accumulators, broadcasts), failures and kills.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '../../common/index.js';
import { AccumulatorRegistry } from '../rdd/accumulator.js';
import { BroadcastRegistry } from '../rdd/broadcast.js';
import { capturePackr } from '../rdd/closure-captures.js';
import { Functions, resultBinary, startHarness } from './executor-test-kit.fixture.js';
import { registerSourceKind, unregisterSourceKind } from './source-registry.js';
import { MAX_DIRECT_RESULT_BYTES, decodeTaskValue, type ExecutorRegistration } from './task-protocol.js';
import type { ExecutorIdentity } from './executor-actor.js';
import { SocketBlockClient } from '../blocks/socket-block-client.js';

t.test('executor result tasks', async (t) => {
  const h = await startHarness(t);

  t.test('answers Ping with its identity and RegisterApplication with its block endpoint', async (t) => {
    const id = await h.ask<ExecutorIdentity>(0, { kind: 'Ping' });
    t.match(id, { executorId: 'exec-a', nodeId: 'node-exec-a', pid: process.pid });
    const again = await h.ask<ExecutorRegistration>(0, { kind: 'RegisterApplication', appId: h.appId, driver: h.driverRef });
    t.match(again, { executorId: 'exec-a', nodeId: 'node-exec-a', cores: 2, blocks: { id: { executorId: 'exec-a', host: '127.0.0.1', node: 'node-exec-a' } } });
    t.ok(again.blocks.id.port > 0);
    t.equal(again.blocks.secret.byteLength, 32);
  });

  t.test('runs a map/filter/flatMap pipeline over a parallelized slice', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const nums = b.parallelize([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    const out = b.map(b.filter(b.flatMap(nums, f.ref((x: number) => [x, x * 10])), f.ref((x: number) => x % 4 === 0)), f.ref((x: number, c: { k: number }) => x + c.k, { k: 1 }));
    t.same(await h.collect(0, resultBinary(b.lineage, out), 0, f), [21, 5, 41]);
    t.same(await h.collect(0, resultBinary(b.lineage, out), 1, f), [61, 9, 81, 101]);
  });

  t.test('runs LaunchStageTasks against the StageBinary sent before them, and fails them retryably once it is dropped', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const out = b.map(b.parallelize([[1, 2], [3]]), f.ref((x: number) => x * 2));
    const binary = resultBinary(b.lineage, out);
    const stage = { stageId: 41, stageAttempt: 0 };
    const empty = { ...binary, rdds: binary.rdds.map((r) => (r.id === binary.rdds[0].id ? { ...r, compute: { kind: 'source' as const, source: { kind: 'parallelize' as const, slices: [], sliceIndex: [] } } } : r)) };
    h.tell(0, { kind: 'StageBinary', appId: h.appId, ...stage, binary: empty, functions: f.functions });
    const launch = (partition: number, values: number[]): Promise<unknown> => {
      const taskId = h.newTaskId();
      h.tell(0, {
        kind: 'LaunchStageTask',
        task: {
          appId: h.appId, driver: h.driverRef, taskId, attempt: 0, ...stage, jobId: 0, partition, epoch: h.driver.epoch,
          slices: [{ rddId: binary.rdds[0].id, slices: [{ kind: 'inline', values }], sliceIndex: [partition] }],
        },
      });
      return h.driver.finalUpdate(taskId);
    };
    t.match(await launch(1, [3]), { state: 'FINISHED' });
    const first = await launch(0, [1, 2]) as { outcome: { value: Uint8Array } };
    t.same(decodeTaskValue(first.outcome.value), [2, 4]);
    h.tell(0, { kind: 'DropStageBinaries', appId: h.appId, stages: [stage] });
    t.match(await launch(0, [1, 2]), { state: 'FAILED', outcome: { kind: 'failed', error: { code: ErrorCode.Internal, retryable: true } } });
  });

  t.test('runs generator and async user functions', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const gen = f.ref(function* twice(x: number) { yield x; yield -x; });
    const later = f.ref(async (x: number) => { await new Promise((r) => setTimeout(r, 1)); return x * 2; });
    const asyncGen = f.ref(async function* parts(x: number) { yield `${x}a`; await null; yield `${x}b`; });
    const out = b.flatMap(b.map(b.flatMap(b.parallelize([[1, 2]]), gen), later), asyncGen);
    t.same(await h.collect(0, resultBinary(b.lineage, out), 0, f), ['2a', '2b', '-2a', '-2b', '4a', '4b', '-4a', '-4b']);
  });

  t.test('runs pair and per-partition ops', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const src = b.parallelize([['a', 'bb', 'a', 'ccc'], []]);
    const keyed = b.keyBy(src, f.ref((s: string) => s.length));
    const op = (kind: string, extra: object = {}) => b.pipe(keyed, { kind, ...extra } as never);
    const collect = (id: number, p = 0) => h.collect(0, resultBinary(b.lineage, id), p, f);
    t.same(await collect(keyed), [[1, 'a'], [2, 'bb'], [1, 'a'], [3, 'ccc']]);
    t.same(await collect(b.mapValues(keyed, f.ref((s: string) => s.toUpperCase()))), [[1, 'A'], [2, 'BB'], [1, 'A'], [3, 'CCC']]);
    t.same(await collect(b.flatMapValues(keyed, f.ref((s: string) => s.split('')))), [[1, 'a'], [2, 'b'], [2, 'b'], [1, 'a'], [3, 'c'], [3, 'c'], [3, 'c']]);
    t.same(await collect(b.keys(keyed)), [1, 2, 1, 3]);
    t.same(await collect(b.values(keyed)), ['a', 'bb', 'a', 'ccc']);
    t.same(await collect(b.pipe(src, { kind: 'asKeys' })), [['a', null], ['bb', null], ['a', null], ['ccc', null]]);
    t.same(await collect(b.pipe(src, { kind: 'roundRobinKey', numPartitions: 3 })), [[0, 'a'], [1, 'bb'], [2, 'a'], [0, 'ccc']]);
    t.same(await collect(b.mapPartitions(src, f.ref((i: number, it: Iterable<string>) => [i, Array.from(it).length], {}, { argCount: 2 }), true)), [0, 4]);
    t.same(await collect(b.mapPartitions(src, f.ref(function* (it: Iterable<string>) { for (const s of it) yield s.length; }), false)), [1, 2, 1, 3]);
    const join = b.pipe(b.parallelize([[['k', [[1, 2], ['x', 'y']]], ['e', [[1], []]]]]), { kind: 'joinPairs' });
    t.same(await collect(join), [['k', [1, 'x']], ['k', [1, 'y']], ['k', [2, 'x']], ['k', [2, 'y']]]);
    const add = f.ref((a: number, x: number) => a + x, {}, { argCount: 2 });
    const lens = b.values(keyed);
    t.same(await collect(b.pipe(b.keys(keyed), { kind: 'reducePartition', fn: add })), [7]);
    t.same(await collect(b.pipe(b.keys(keyed), { kind: 'reducePartition', fn: add }), 1), [], 'reduce of an empty partition');
    t.same(await collect(b.pipe(b.keys(keyed), { kind: 'foldPartition', zero: 100, fn: add }), 1), [100]);
    t.same(await collect(b.pipe(lens, { kind: 'aggregatePartition', zero: { n: 0 }, seqOp: f.ref((a: { n: number }, s: string) => { a.n += s.length; return a; }, {}, { argCount: 2 }) })), [{ n: 7 }]);
    t.same(await collect(op('countPartition')), [4]);
    t.same(await collect(op('takePartition', { n: 2 })), [[1, 'a'], [2, 'bb']]);
    t.same(await collect(op('sampleKeys', { size: 2 })), [1, 1]);
    t.same(await collect(op('sampleKeys', { size: 10 })), [1, 2, 1, 3]);
  });

  t.test('runs foreach and saveAsTextFile for their side effects', async (t) => {
    const dir = join(t.testdir(), 'out');
    const b = h.builder();
    const f = new Functions();
    const accs = new AccumulatorRegistry();
    const seen = accs.create(0);
    const src = b.parallelize([['x', 1, [2, 'y'], { z: 3 }], []]);
    const each = b.pipe(src, { kind: 'foreach', fn: f.ref((_x: unknown, c: { seen: { add(n: number): void } }) => c.seen.add(1), { seen }) });
    const u = await h.run(0, resultBinary(b.lineage, each), 0, f);
    t.same(u.outcome?.kind === 'success' && u.outcome.accumulatorUpdates.map((x) => capturePackr.unpack(x.update)), [4]);
    const saved = b.pipe(src, { kind: 'saveAsTextFile', path: dir });
    const save = resultBinary(b.lineage, saved);
    t.same(await h.collect(0, save, 0), []);
    t.same(await h.collect(0, save, 1), []);
    const { readFileSync, readdirSync } = await import('node:fs');
    t.same(readdirSync(dir).sort(), ['part-00000', 'part-00001']);
    t.equal(readFileSync(join(dir, 'part-00000'), 'utf8'), 'x\n1\n[2,"y"]\n{"z":3}\n');
    t.equal(readFileSync(join(dir, 'part-00001'), 'utf8'), '');
  });

  t.test('unions and coalesces narrow parents', async (t) => {
    const b = h.builder();
    const one = b.parallelize([[1], [2], [3]]);
    const two = b.parallelize([['a'], ['b']]);
    const u = b.union([one, two]);
    t.same(await Promise.all([0, 1, 2, 3, 4].map((p) => h.collect(0, resultBinary(b.lineage, u), p))), [[1], [2], [3], ['a'], ['b']]);
    const c = b.coalesce(u, 2);
    t.same(await Promise.all([0, 1].map((p) => h.collect(0, resultBinary(b.lineage, c), p))), [[1, 2], [3, 'a', 'b']]);
  });

  t.test('reads text file splits with Hadoop line semantics', async (t) => {
    const path = join(t.testdir(), 'in.txt');
    writeFileSync(path, 'first line\r\nsecond\r\nthird one\nfourth');
    const b = h.builder();
    const lines = b.textFile(path, [{ path, start: 0, length: 14 }, { path, start: 14, length: 10 }, { path, start: 24, length: 13 }]);
    const parts = await Promise.all([0, 1, 2].map((p) => h.collect(0, resultBinary(b.lineage, lines), p)));
    t.same(parts, [['first line', 'second'], ['third one'], ['fourth']]);
    const missing = b.textFile('/no/such/file.txt', [{ path: '/no/such/file.txt', start: 0, length: 5 }]);
    const u = await h.run(0, resultBinary(b.lineage, missing), 0);
    t.match(u, { state: 'FAILED', outcome: { kind: 'failed', error: { code: ErrorCode.InvalidArgument, message: /\/no\/such\/file\.txt does not exist/ } } });
  });

  t.test('computes registered source kinds', async (t) => {
    registerSourceKind('test-range', (params, ctx) => {
      const { step } = params as { step: number };
      return Array.from({ length: 3 }, (_, i) => ctx.partition * 100 + i * step);
    });
    t.teardown(() => unregisterSourceKind('test-range'));
    const b = h.builder();
    const src = b.pipe(b.parallelize([[], []]), { kind: 'countPartition' });
    const node = { ...b.node(src), id: 1000, deps: [], compute: { kind: 'source' as const, source: { kind: 'registered' as const, name: 'test-range', params: { step: 5 } } } };
    const binary = { kind: 'result' as const, rddId: 1000, jobId: 0, func: { id: 'builtin:collect' }, rdds: [node] };
    t.same(await h.collect(0, binary, 1), [100, 105, 110]);
    const unknown = { ...binary, rdds: [{ ...node, compute: { kind: 'source' as const, source: { kind: 'registered' as const, name: 'nope', params: null } } }] };
    t.match(await h.run(0, unknown, 0), { state: 'FAILED', outcome: { error: { code: ErrorCode.Unsupported, message: /source kind "nope" is not registered/ } } });
  });

  t.test('reports accumulator updates with the result', async (t) => {
    const accs = new AccumulatorRegistry();
    const acc = accs.create(0);
    const b = h.builder();
    const f = new Functions();
    const out = b.map(b.parallelize([[1, 2, 3]]), f.ref((x: number, c: { acc: { add(n: number): void } }) => { c.acc.add(x); return x; }, { acc }));
    const u = await h.run(0, resultBinary(b.lineage, out), 0, f);
    t.equal(u.state, 'FINISHED');
    const updates = u.outcome?.kind === 'success' ? u.outcome.accumulatorUpdates : [];
    t.same(updates.map((x) => ({ accId: x.accId, value: capturePackr.unpack(x.update) })), [{ accId: acc.id, value: 6 }]);
    accs.mergeTaskUpdates({ stageId: 0, partition: 0 }, updates);
    t.equal(acc.value, 6);
  });

  t.test('fetches a broadcast once per executor however many tasks read it', async (t) => {
    const broadcasts = new BroadcastRegistry();
    const table = broadcasts.create(new Map([[1, 'one'], [2, 'two']]));
    h.driver.broadcasts.set(table.id, broadcasts.encodedValue(table.id));
    const b = h.builder();
    const f = new Functions();
    const out = b.map(b.parallelize([[1, 2], [2], [1]]), f.ref((x: number, c: { table: { value: Map<number, string> } }) => c.table.value.get(x), { table }));
    const before = h.driver.broadcastAsks;
    const parts = await Promise.all([0, 1, 2].map((p) => h.collect(0, resultBinary(b.lineage, out), p, f)));
    t.same(parts, [['one', 'two'], ['two'], ['one']]);
    t.equal(h.driver.broadcastAsks - before, 1);
    h.tell(0, { kind: 'RemoveBlocks', appId: h.appId, broadcastId: table.id });
    t.same(await h.collect(0, resultBinary(b.lineage, out), 2, f), ['one']);
    t.equal(h.driver.broadcastAsks - before, 2, 'fetched again after RemoveBlocks dropped it');
  });

  t.test('fails a task whose function throws, naming the function and partition', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const out = b.map(b.parallelize([[1], [2, 0]]), f.ref(function invert(x: number) { if (x === 0) throw new RangeError('zero has no inverse'); return 1 / x; }));
    const u = await h.run(0, resultBinary(b.lineage, out), 1, f);
    t.match(u, {
      state: 'FAILED', executorId: 'exec-a',
      outcome: { kind: 'failed', error: { code: ErrorCode.RemoteFailure, message: /function 'invert' \(map\) failed on partition 1 of RDD \d+: RangeError: zero has no inverse/, fields: { function: "function 'invert'", partition: 1 } } },
    });
    t.same(await h.collect(0, resultBinary(b.lineage, out), 0, f), [1], 'the executor keeps running tasks');
  });

  t.test('fails a result that is not plain data with NOT_SERIALIZABLE', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const out = b.map(b.parallelize([[1]]), f.ref((x: number) => ({ x, f: () => x })));
    t.match(await h.run(0, resultBinary(b.lineage, out), 0, f), { state: 'FAILED', outcome: { error: { code: ErrorCode.NotSerializable, message: /\[0\]\.f is a function/ } } });
  });

  t.test('fails unknown result functions and malformed tasks, and keeps serving', async (t) => {
    const b = h.builder();
    const src = b.parallelize([[1]]);
    t.match(await h.run(0, resultBinary(b.lineage, src, { id: 'builtin:sum' }), 0), { state: 'FAILED', outcome: { error: { code: ErrorCode.Unsupported, message: /unknown result function builtin:sum/ } } });
    const bad = { kind: 'result', rddId: 0 } as never;
    t.match(await h.run(0, bad, 0), { state: 'FAILED', outcome: { error: { code: ErrorCode.BadMessage } } });
    t.match(await h.run(0, resultBinary(b.lineage, src), 3), { state: 'FAILED', outcome: { error: { code: ErrorCode.BadMessage, message: /1 partitions, not partition 3/ } } });
    t.match(await h.ask(0, { kind: 'Ping' }), { executorId: 'exec-a' });
  });

  t.test('returns large results through a result block the driver fetches and removes', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const big = b.map(b.parallelize([[0]]), f.ref(() => 'z'.repeat(700_000)));
    const u = await h.run(0, resultBinary(b.lineage, big), 0, f);
    t.equal(u.state, 'FINISHED');
    const ref = u.outcome?.kind === 'success' ? u.outcome.resultBlock : undefined;
    t.ok(ref && ref.size > MAX_DIRECT_RESULT_BYTES);
    t.equal(ref!.blockId, `${h.appId}/taskresult_${u.taskId}`);
    const client = new SocketBlockClient({ secret: ref!.from.secret, retry: { maxRetries: 0, retryWaitMs: 1 } });
    t.teardown(() => client.close());
    t.same(decodeTaskValue(await client.fetchBlock(ref!.from.id, ref!.blockId)), ['z'.repeat(700_000)]);
    await h.ask(0, { kind: 'Ping' });
    h.tell(0, { kind: 'RemoveBlocks', appId: h.appId, blockId: ref!.blockId });
    await h.ask(0, { kind: 'Ping' }); // the removal ran before the ping was handled
    await t.rejects(client.fetchBlock(ref!.from.id, ref!.blockId), { code: ErrorCode.BlockNotFound });
  });

  t.test('stays responsive and interleaves tasks while they compute', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const busy = f.ref((x: number) => { let s = 0; for (let i = 0; i < 2000; i++) s += Math.sqrt(x + i); return s; });
    const heavy = b.pipe(b.map(b.parallelize([Array.from({ length: 20_000 }, (_, i) => i), Array.from({ length: 20_000 }, (_, i) => i)]), busy), { kind: 'countPartition' });
    const started = performance.now();
    const both = Promise.all([0, 1].map((p) => h.collect(0, resultBinary(b.lineage, heavy), p, f)));
    const pingAt = performance.now();
    await h.ask(0, { kind: 'Ping' });
    const pingMs = performance.now() - pingAt;
    t.same(await both, [[20_000], [20_000]]);
    const totalMs = performance.now() - started;
    t.ok(pingMs < totalMs / 3, `ping answered in ${pingMs.toFixed(1)} ms while tasks ran ${totalMs.toFixed(0)} ms`);
  });

  t.test('kills a running task on request and reports KILLED', async (t) => {
    const b = h.builder();
    const f = new Functions();
    const slow = b.map(b.parallelize([Array.from({ length: 2000 }, (_, i) => i)]), f.ref(async (x: number) => { await new Promise((r) => setTimeout(r, 2)); return x; }));
    const taskId = h.newTaskId();
    const final = h.run(0, resultBinary(b.lineage, slow), 0, f, { taskId });
    while (!h.driver.updates.some((u) => u.taskId === taskId && u.state === 'RUNNING')) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    h.tell(0, { kind: 'KillTask', appId: h.appId, taskId, reason: 'stage cancelled' });
    t.match(await final, { state: 'KILLED', outcome: { kind: 'killed', reason: 'stage cancelled' } });
    t.ok(Date.now() - started < 1000, 'stops within a record or two');
  });
});
