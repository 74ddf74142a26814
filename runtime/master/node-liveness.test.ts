import t from 'tap';
import { NodeLiveness, livenessSettings } from './node-liveness.js';

function beatEvery(l: NodeLiveness, id: string, from: number, to: number, every = 1000): void {
  for (let at = from; at <= to; at += every) l.heartbeat(id, at);
}

t.test('NodeLiveness', async (t) => {
  t.test('keeps regularly beating nodes alive and emits nothing', async (t) => {
    const l = new NodeLiveness();
    l.register('a', 0);
    l.register('b', 0);
    for (let at = 1000; at <= 30_000; at += 1000) {
      l.heartbeat('a', at);
      l.heartbeat('b', at);
      t.same(l.tick(at + 500), []);
    }
    t.equal(l.status('a'), 'alive');
  });

  t.test('suspects a silent node by phi before the hard timeout, then loses it at the timeout', async (t) => {
    const l = new NodeLiveness();
    l.register('a', 0);
    beatEvery(l, 'a', 1000, 20_000);
    t.same(l.tick(21_500), []);
    const suspected = l.tick(23_000);
    t.equal(suspected.length, 1);
    t.match(suspected[0], { kind: 'NodeSuspected', id: 'a', silentForMs: 3000 });
    t.equal(l.status('a'), 'suspected');
    t.same(l.tick(24_999), [], 'nothing new while still suspected and under the timeout');
    t.same(l.tick(25_000), [{ kind: 'NodeLost', id: 'a', silentForMs: 5000 }]);
    t.equal(l.status('a'), 'lost');
    t.same(l.tick(60_000), [], 'Lost is reported once');
  });

  t.test('loses a node at the hard timeout even when phi is still low', async (t) => {
    // A huge acceptable pause keeps phi low; the 5 s timeout must still win (kill -9 within ≤ 5 s).
    const l = new NodeLiveness({ phi: { acceptableHeartbeatPauseMs: 60_000 } });
    l.register('a', 0);
    beatEvery(l, 'a', 1000, 10_000);
    t.ok((l.phi('a', 14_999) ?? 99) < 1);
    t.same(l.tick(14_999), []);
    t.same(l.tick(15_000), [{ kind: 'NodeLost', id: 'a', silentForMs: 5000 }]);
  });

  t.test('recovers a suspected node on its next heartbeat', async (t) => {
    const l = new NodeLiveness();
    l.register('a', 0);
    beatEvery(l, 'a', 1000, 10_000);
    t.equal(l.tick(13_500).length, 1);
    t.same(l.heartbeat('a', 13_600), [{ kind: 'NodeRecovered', id: 'a' }]);
    t.equal(l.status('a'), 'alive');
    t.same(l.tick(14_000), []);
  });

  t.test('treats a heartbeat that arrives after the timeout as too late', async (t) => {
    const l = new NodeLiveness();
    l.register('a', 0);
    t.same(l.heartbeat('a', 7000), [{ kind: 'NodeLost', id: 'a', silentForMs: 7000 }]);
    t.equal(l.status('a'), 'lost');
    t.same(l.heartbeat('a', 7100), [], 'heartbeats of a lost node are ignored');
  });

  t.test('ignores heartbeats from unknown nodes and re-registers lost ones', async (t) => {
    const l = new NodeLiveness();
    t.same(l.heartbeat('ghost', 10), []);
    t.equal(l.status('ghost'), undefined);
    l.register('a', 0);
    l.tick(6000);
    t.equal(l.status('a'), 'lost');
    l.register('a', 6500);
    t.equal(l.status('a'), 'alive');
    t.same(l.tick(7000), []);
    l.remove('a');
    t.equal(l.status('a'), undefined);
  });

  t.test('registration is idempotent for a live node', async (t) => {
    const l = new NodeLiveness();
    l.register('a', 0);
    l.register('a', 4000);
    t.same(l.tick(5000), [{ kind: 'NodeLost', id: 'a', silentForMs: 5000 }]);
  });

  t.test('reports the next hard deadline for scheduling ticks', async (t) => {
    const l = new NodeLiveness({ heartbeatTimeoutMs: 3000 });
    t.equal(l.nextDeadline(), undefined);
    l.register('a', 100);
    l.register('b', 50);
    t.equal(l.nextDeadline(), 3050);
    l.heartbeat('b', 1000);
    t.equal(l.nextDeadline(), 3100);
    l.tick(3100);
    t.equal(l.nextDeadline(), 4000);
  });

  t.test('rejects a timeout not longer than the interval', async (t) => {
    t.throws(() => livenessSettings({ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 1000 }), RangeError);
    t.throws(() => livenessSettings({ heartbeatIntervalMs: 0 }), RangeError);
  });
});
