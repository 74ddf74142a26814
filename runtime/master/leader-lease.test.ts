import t, { type Test } from 'tap';
import type { Redis } from 'ioredis';
import { ManualClock } from '../../common/index.js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { LeaderLease, type LeaseLostReason } from './leader-lease.js';
import { JetStreamEpochStore } from './durable-epoch.js';
import { FencedStore } from './fenced-store.js';
import { masterRedisKeys } from './master-keys.js';
import { createRedisClient } from './redis-client.js';
import type { NodeStatus } from './cluster-status.js';
import { startNatsServer, startRedisServer, waitFor, type RedisServer } from '../../test/harness/index.js';

// Short terms so each scenario takes about a second; waits are deadline-bounded polls, never sleeps.
const TTL = 600;
const RENEW = 150;
const POLL = 100;

interface Candidate {
  readonly lease: LeaderLease;
  readonly redis: Redis;
  readonly elected: number[];
  readonly lost: LeaseLostReason[];
}

t.test('LeaderLease', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.stop());
  const nc: NatsConnection = await connect({ servers: nats.url });
  t.teardown(() => nc.close());
  let clusterSeq = 0;

  /** A fresh Redis and cluster name per scenario; candidates are stopped in teardown. */
  async function scenario(t: Test): Promise<{ server: RedisServer; cluster: string; candidate: (id: string) => Promise<Candidate> }> {
    const server = await startRedisServer();
    const cluster = `lease${++clusterSeq}`;
    const made: Candidate[] = [];
    t.teardown(async () => {
      for (const c of made) {
        await c.lease.stop();
        c.redis.disconnect();
      }
      await server.stop();
    });
    return {
      server,
      cluster,
      async candidate(id: string): Promise<Candidate> {
        const redis = createRedisClient(server.url, { commandTimeoutMs: 500 });
        const epochs = await JetStreamEpochStore.open(nc, cluster, id);
        const lease = new LeaderLease({ redis, epochs, cluster, candidateId: id, ttlMs: TTL, renewIntervalMs: RENEW, pollIntervalMs: POLL });
        const c: Candidate = { lease, redis, elected: [], lost: [] };
        lease.onElected((e) => c.elected.push(e));
        lease.onLost((r) => c.lost.push(r));
        made.push(c);
        return c;
      },
    };
  }

  const leaders = (cs: readonly Candidate[]): Candidate[] => cs.filter((c) => c.lease.isLeader());

  t.test('two candidates elect exactly one leader, which keeps its lease', async (t) => {
    const s = await scenario(t);
    const a = await s.candidate('a');
    const b = await s.candidate('b');
    a.lease.start();
    b.lease.start();
    await waitFor('a leader', () => leaders([a, b]).length === 1, 5000);
    const leader = leaders([a, b])[0];
    const epoch = leader.lease.epoch();
    t.ok(epoch !== undefined && epoch >= 1);
    t.same(leader.elected, [epoch]);
    // Over three TTLs the leader renews and the standby never wins.
    const until = Date.now() + 3 * TTL;
    await waitFor('three TTLs to pass', () => {
      if (leaders([a, b]).length !== 1 || !leader.lease.isLeader()) throw new Error('leadership changed');
      return Date.now() >= until;
    }, 10_000).catch(() => t.fail('leadership must stay with one candidate'));
    t.equal(leaders([a, b]).length, 1);
    t.same([...a.elected, ...b.elected], [epoch], 'one election in all');
    t.same([...a.lost, ...b.lost], []);
    t.equal(await s.candidate('probe').then((p) => p.redis.get(masterRedisKeys(s.cluster).leader)), leader.lease.candidateId);
  });

  t.test('a stopped leader releases its key and the standby takes over with a higher epoch', async (t) => {
    const s = await scenario(t);
    const a = await s.candidate('a');
    a.lease.start();
    await waitFor('a elected', () => a.lease.isLeader(), 5000);
    const b = await s.candidate('b');
    b.lease.start();
    const first = a.lease.epoch() ?? 0;
    const stoppedAt = Date.now();
    await a.lease.stop();
    t.notOk(a.lease.isLeader());
    await waitFor('b elected', () => b.lease.isLeader(), 5000);
    t.ok(Date.now() - stoppedAt < TTL, 'a released key is taken within a poll, not a TTL');
    t.ok((b.lease.epoch() ?? 0) > first);
    t.same(a.lost, [], 'a voluntary stop is not a loss');
  });

  t.test('a leader that stops renewing is replaced within about a TTL, and its writes are fenced', async (t) => {
    const s = await scenario(t);
    const a = await s.candidate('a');
    a.lease.start();
    await waitFor('a elected', () => a.lease.isLeader(), 5000);
    const epochA = a.lease.epoch() ?? 0;
    // The zombie keeps a working connection for its writes while its lease connection dies.
    const zombieRedis = createRedisClient(s.server.url);
    t.teardown(() => zombieRedis.disconnect());
    const zombieStore = new FencedStore(zombieRedis, s.cluster);
    const n1: NodeStatus = { id: 'n1', host: 'h1', cores: 4, memory: 1024, state: 'alive', lastHeartbeat: 1, joinedAt: 1, address: 'flint.x.node.n1' };
    await zombieStore.putNode(epochA, n1);

    const b = await s.candidate('b');
    b.lease.start();
    const killedAt = Date.now();
    a.redis.disconnect(); // no more renewals, no release: as after kill -9
    await waitFor('b elected', () => b.lease.isLeader(), 5000);
    const took = Date.now() - killedAt;
    t.ok(took <= 2 * TTL, `takeover in ${took} ms`);
    const epochB = b.lease.epoch() ?? 0;
    t.ok(epochB > epochA);
    await waitFor('a steps down', () => !a.lease.isLeader() && a.lost.length > 0, 5000);
    t.same(a.lost, ['expired']);

    const storeB = new FencedStore(b.redis, s.cluster);
    t.same((await storeB.read()).nodes, [n1], 'the new leader reads the node list the old one stored');
    await t.rejects(zombieStore.putNode(epochA, { ...n1, state: 'lost' }), { code: 'STALE_EPOCH', fields: { epoch: epochA, current: epochB } });
    await t.rejects(zombieStore.removeNode(epochA, 'n1'), { code: 'STALE_EPOCH' });
    await storeB.putNode(epochB, { ...n1, lastHeartbeat: 2 });
    t.same((await storeB.read()).nodes, [{ ...n1, lastHeartbeat: 2 }]);
  });

  t.test('epochs stay monotonic after Redis loses its data (FLUSHALL)', async (t) => {
    const s = await scenario(t);
    const a = await s.candidate('a');
    const b = await s.candidate('b');
    const seen: number[] = [];
    // Three terms: a, then b after a stops, then a fresh candidate.
    a.lease.start();
    await waitFor('a elected', () => a.lease.isLeader(), 5000);
    seen.push(a.lease.epoch() ?? 0);
    b.lease.start();
    await a.lease.stop();
    await waitFor('b elected', () => b.lease.isLeader(), 5000);
    seen.push(b.lease.epoch() ?? 0);
    const highest = Math.max(...seen);
    const probe = await s.candidate('probe');
    await probe.redis.flushall();
    t.equal(await probe.redis.get(masterRedisKeys(s.cluster).epoch), null, 'Redis forgot the epoch');
    // b's next renewal finds its key gone and steps down; someone is elected again.
    await waitFor('b loses', () => b.lost.length > 0, 5000);
    t.same(b.lost, ['not-owner']);
    await waitFor('b re-elected', () => b.lease.isLeader(), 5000);
    const after = b.lease.epoch() ?? 0;
    t.ok(after > highest, `epoch ${after} after the flush exceeds ${highest} before it`);
    t.equal(Number(await probe.redis.get(masterRedisKeys(s.cluster).epoch)), after, 'Redis epoch rebuilt from the durable one');
    t.same(seen.concat(after), [...seen, after].sort((x, y) => x - y), 'strictly increasing');
  });

  t.test('a leader whose key is taken over loses at its next renewal', async (t) => {
    const s = await scenario(t);
    const a = await s.candidate('a');
    a.lease.start();
    await waitFor('a elected', () => a.lease.isLeader(), 5000);
    const probe = await s.candidate('probe');
    await probe.redis.set(masterRedisKeys(s.cluster).leader, 'intruder', 'PX', 60_000);
    await waitFor('a loses', () => a.lost.length > 0, 5000);
    t.same(a.lost, ['not-owner']);
    t.notOk(a.lease.isLeader());
    t.equal(a.lease.epoch(), undefined);
  });

  t.test('a leader steps down within a TTL when Redis becomes unreachable', async (t) => {
    const s = await scenario(t);
    const a = await s.candidate('a');
    a.lease.start();
    await waitFor('a elected', () => a.lease.isLeader(), 5000);
    const killedAt = Date.now();
    await s.server.kill();
    await waitFor('a loses', () => a.lost.length > 0, 5000);
    const took = Date.now() - killedAt;
    t.same(a.lost, ['expired']);
    t.ok(took <= 2 * TTL, `stepped down after ${took} ms`);
    // When Redis comes back (empty), a is elected again with a higher epoch.
    const before = a.elected[0];
    await s.server.restart();
    await waitFor('a re-elected', () => a.lease.isLeader(), 10_000);
    t.ok((a.lease.epoch() ?? 0) > before);
  });

  t.test('refuses a renew interval that is not below the TTL', async (t) => {
    const redis = createRedisClient('redis://127.0.0.1:1', { connectTimeoutMs: 100 });
    t.teardown(() => redis.disconnect());
    const epochs = { read: async () => ({ epoch: 0, revision: 0 }), write: async () => true };
    t.throws(() => new LeaderLease({ redis, epochs, cluster: 'c', candidateId: 'x', ttlMs: 1000, renewIntervalMs: 1000 }), { code: 'CONFIG' });
  });
});

/** Just enough of Redis for the lease's commands; `hang` makes every command never answer. */
class HangingRedis {
  hang = false;
  holder: string | null = null;
  epoch = 0;
  set(_key: string, value: string): Promise<'OK' | null> {
    if (this.hang) return new Promise(() => undefined);
    if (this.holder !== null) return Promise.resolve(null);
    this.holder = value;
    return Promise.resolve('OK');
  }
  eval(script: string, _numKeys: number, ...args: string[]): Promise<unknown> {
    if (this.hang) return new Promise(() => undefined);
    if (script.includes('INCR')) {
      if (this.holder !== args[2]) return Promise.resolve(null);
      this.epoch = Math.max(this.epoch + 1, Number(args[3]));
      return Promise.resolve(this.epoch);
    }
    if (script.includes('PEXPIRE')) return Promise.resolve(this.holder === args[2] ? 1 : 0);
    if (this.holder !== args[1]) return Promise.resolve(0); // compare-and-delete
    this.holder = null;
    return Promise.resolve(1);
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('LeaderLease on a manual clock', async (t) => {
  t.test('steps down exactly at last renewal + ttl - drift when Redis stops answering', async (t) => {
    const clock = new ManualClock(0);
    const redis = new HangingRedis();
    let stored = { epoch: 41, revision: 7 };
    const epochs = {
      read: async () => stored,
      write: async (epoch: number, revision: number) => {
        if (revision !== stored.revision) return false;
        stored = { epoch, revision: revision + 1 };
        return true;
      },
    };
    const lease = new LeaderLease({ redis: redis as unknown as Redis, epochs, cluster: 'mc', candidateId: 'a', clock });
    const lost: string[] = [];
    lease.onLost((r) => lost.push(r));
    lease.start();
    for (let i = 0; i < 5; i++) await flush();
    t.ok(lease.isLeader());
    t.equal(lease.epoch(), 42, 'durable 41 + 1 beats Redis INCR 1');
    t.same(stored, { epoch: 42, revision: 8 });
    for (let ms = 0; ms < 2000; ms += 100) { clock.advance(100); await flush(); }
    redis.hang = true; // the renewal sent at t=2000 succeeded; the next ones never answer
    const deadline = 2000 + 3000 - 32; // ttl 3000, drift 1 % + 2 ms
    while (clock.now() < deadline - 1) { clock.advance(1); await flush(); }
    t.same(lost, []);
    t.ok(lease.isLeader());
    clock.advance(1);
    await flush();
    t.same(lost, ['expired']);
    t.notOk(lease.isLeader());
    redis.hang = false;
    await lease.stop();
  });

  t.test('gives the key back when the durable epoch cannot be recorded, and wins once it can', async (t) => {
    const clock = new ManualClock(0);
    const redis = new HangingRedis();
    let down = true;
    const epochs = {
      read: async () => {
        if (down) throw new Error('jetstream unavailable');
        return { epoch: 0, revision: 0 };
      },
      write: async () => true,
    };
    const lease = new LeaderLease({ redis: redis as unknown as Redis, epochs, cluster: 'mc', candidateId: 'a', clock, ttlMs: 900, renewIntervalMs: 300 });
    const elected: number[] = [];
    lease.onElected((e) => elected.push(e));
    lease.start();
    for (let i = 0; i < 5; i++) await flush();
    t.notOk(lease.isLeader());
    t.equal(redis.holder, null, 'the key was released at once, not left to expire');
    down = false;
    clock.advance(300);
    for (let i = 0; i < 5; i++) await flush();
    t.ok(lease.isLeader());
    t.same(elected, [1]);
    await lease.stop();
    t.equal(redis.holder, null, 'stop releases the key');
  });

  t.test('retries the grant when the durable epoch moved, ending above it', async (t) => {
    const clock = new ManualClock(0);
    const redis = new HangingRedis();
    let stored = { epoch: 3, revision: 1 };
    let interfere = true;
    const epochs = {
      read: async () => stored,
      write: async (epoch: number, revision: number) => {
        if (interfere) { // a stale grant lands between our read and our write
          interfere = false;
          stored = { epoch: 50, revision: 2 };
        }
        if (revision !== stored.revision) return false;
        stored = { epoch, revision: revision + 1 };
        return true;
      },
    };
    const lease = new LeaderLease({ redis: redis as unknown as Redis, epochs, cluster: 'mc', candidateId: 'a', clock });
    lease.onElected(() => { throw new Error('a broken listener must not break the lease'); });
    lease.start();
    for (let i = 0; i < 8; i++) await flush();
    t.ok(lease.isLeader());
    t.equal(lease.epoch(), 51);
    t.same(stored, { epoch: 51, revision: 3 });
    await lease.stop();
  });
});
