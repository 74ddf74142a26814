import t from 'tap';
import { Redis } from 'ioredis';
import { EpochGuard } from './fencing.js';
import { FencedStore } from './fenced-store.js';
import { masterRedisKeys } from './master-keys.js';
import { createRedisClient } from './redis-client.js';
import type { ExecutorStatus, NodeStatus } from './cluster-status.js';
import { startRedisServer } from '../../test/harness/index.js';

t.test('EpochGuard', async (t) => {
  t.test('accepts equal and newer epochs and raises the high-water mark', async (t) => {
    const g = new EpochGuard();
    g.check(1);
    g.check(1);
    g.check(5);
    t.equal(g.current, 5);
    t.ok(g.accepts(5));
    t.notOk(g.accepts(4));
  });

  t.test('refuses older epochs with STALE_EPOCH naming both epochs', async (t) => {
    const g = new EpochGuard(7, 'executor e1');
    t.throws(() => g.check(6), { code: 'STALE_EPOCH', fields: { epoch: 6, current: 7, where: 'executor e1' } });
    t.equal(g.current, 7, 'a refused epoch changes nothing');
  });

  t.test('refuses epochs that are not non-negative integers', async (t) => {
    const g = new EpochGuard();
    t.throws(() => g.check(-1), { code: 'INVALID_ARGUMENT' });
    t.throws(() => g.check(1.5), { code: 'INVALID_ARGUMENT' });
    t.throws(() => g.check(Number.NaN), { code: 'INVALID_ARGUMENT' });
    t.notOk(g.accepts(Number.NaN));
  });
});

const node = (id: string, state: NodeStatus['state'] = 'alive'): NodeStatus => ({
  id, host: `${id}.local`, cores: 8, memory: 16 << 30, state, lastHeartbeat: 1_700_000_000_000, joinedAt: 1_699_999_999_000, address: `flint.c.node.${id}`,
});
const executor = (id: string, nodeId: string, appId: string | null = null): ExecutorStatus => ({ id, nodeId, cores: 2, memory: 1 << 30, appId, address: null, launchedBy: 'node' });

t.test('FencedStore', async (t) => {
  const server = await startRedisServer();
  t.teardown(() => server.stop());
  const redis = createRedisClient(server.url);
  t.teardown(() => redis.disconnect());
  const keys = masterRedisKeys('fence');
  const store = new FencedStore(redis, 'fence');

  t.test('refuses every write when no epoch has been granted', async (t) => {
    t.equal(await store.currentEpoch(), 0);
    await t.rejects(store.putNode(1, node('a')), { code: 'STALE_EPOCH', fields: { epoch: 1, current: 0 } });
    t.same(await store.read(), { nodes: [], executors: [] });
  });

  t.test('writes with the current epoch and reads the registry back', async (t) => {
    await redis.set(keys.epoch, '3');
    await store.putNode(3, node('b'));
    await store.putNode(3, node('a', 'suspected'));
    await store.putExecutor(3, executor('e1', 'a', 'app-1'));
    await store.putExecutor(3, executor('e2', 'b'));
    t.same(await store.read(), {
      nodes: [node('a', 'suspected'), node('b')],
      executors: [executor('e1', 'a', 'app-1'), executor('e2', 'b')],
    });
    await store.putNode(3, node('a', 'lost'));
    await store.removeExecutor(3, 'e1');
    await store.removeNode(3, 'b');
    t.same(await store.read(), { nodes: [node('a', 'lost')], executors: [executor('e2', 'b')] });
  });

  t.test('refuses older and newer epochs than the current one', async (t) => {
    await redis.set(keys.epoch, '4');
    await t.rejects(store.putNode(3, node('z')), { code: 'STALE_EPOCH', fields: { epoch: 3, current: 4 } });
    await t.rejects(store.removeNode(3, 'a'), { code: 'STALE_EPOCH' });
    await t.rejects(store.putExecutor(3, executor('e9', 'a')), { code: 'STALE_EPOCH' });
    await t.rejects(store.removeExecutor(3, 'e2'), { code: 'STALE_EPOCH' });
    await t.rejects(store.replaceAll(3, { nodes: [], executors: [] }), { code: 'STALE_EPOCH' });
    await t.rejects(store.putNode(5, node('z')), { code: 'STALE_EPOCH', fields: { epoch: 5, current: 4 } });
    t.same((await store.read()).nodes.map((n) => n.id), ['a'], 'nothing was written');
  });

  t.test('replaces the whole registry atomically', async (t) => {
    await store.replaceAll(4, { nodes: [node('x'), node('y', 'left')], executors: [executor('ex', 'x')] });
    t.same(await store.read(), { nodes: [node('x'), node('y', 'left')], executors: [executor('ex', 'x')] });
    t.equal(await redis.exists(`${keys.nodePrefix}a`), 0, 'old node hashes are deleted');
    await store.replaceAll(4, { nodes: [], executors: [] });
    t.same(await store.read(), { nodes: [], executors: [] });
  });

  t.test('skips incomplete hashes when reading', async (t) => {
    await store.putNode(4, node('ok'));
    await redis.sadd(keys.nodes, 'broken');
    await redis.hset(`${keys.nodePrefix}broken`, 'id', 'broken', 'state', 'alive');
    t.same((await store.read()).nodes.map((n) => n.id), ['ok']);
  });

  t.test('reports an unreachable Redis as a retryable CONNECTION_FAILED', async (t) => {
    const dead = new Redis(server.port + 0, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    dead.on('error', () => undefined);
    await t.rejects(new FencedStore(dead, 'fence').putNode(4, node('q')), { code: 'CONNECTION_FAILED', retryable: true });
    dead.disconnect();
  });
});
