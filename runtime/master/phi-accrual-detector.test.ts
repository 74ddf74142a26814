import t from 'tap';
import {
  PhiAccrualDetector, phiOf, phiAccrualSettings, phiMean, phiStdDeviation, recordHeartbeat, emptyPhiState,
} from './phi-accrual-detector.js';

t.test('phiOf', async (t) => {
  t.test('gives the realistic values of Akka’s table for mean 1000 ms, std 100 ms', async (t) => {
    const table: Array<[number, number]> = [[0, 0], [500, 0.1], [1000, 0.3], [1200, 1.6], [1400, 4.7], [1600, 10.8], [1700, 15.3]];
    for (const [diff, expected] of table) {
      t.ok(Math.abs(phiOf(diff, 1000, 100) - expected) <= 0.1, `phi(${diff}) ≈ ${expected} (got ${phiOf(diff, 1000, 100)})`);
    }
  });
  t.test('is lower for a larger standard deviation', async (t) => {
    t.ok(phiOf(1100, 1000, 500) < phiOf(1100, 1000, 100));
  });
  t.test('grows with the delay', async (t) => {
    let last = -1;
    for (let d = 0; d <= 3000; d += 50) {
      const p = phiOf(d, 1000, 200);
      t.ok(p >= last, `monotonic at ${d}`);
      last = p;
    }
  });
});

t.test('PhiAccrualDetector', async (t) => {
  t.test('reports phi 0 and available before the first heartbeat', async (t) => {
    const fd = new PhiAccrualDetector();
    t.equal(fd.phi(12_345), 0);
    t.ok(fd.isAvailable(12_345));
    t.notOk(fd.isMonitoring());
  });

  t.test('uses the first-heartbeat estimate when only one heartbeat was seen', async (t) => {
    const fd = new PhiAccrualDetector({ firstHeartbeatEstimateMs: 1000, minStdDeviationMs: 10 });
    fd.heartbeat(0);
    t.ok(fd.isMonitoring());
    t.ok(Math.abs(fd.phi(1000) - 0.3) <= 0.2, `phi(1000)=${fd.phi(1000)}`);
    t.ok(Math.abs(fd.phi(2000) - 4.5) <= 0.3, `phi(2000)=${fd.phi(2000)}`);
    t.ok(fd.phi(3000) > 15);
  });

  t.test('stays available through a series of regular heartbeats', async (t) => {
    const fd = new PhiAccrualDetector();
    for (let at = 0; at <= 10_000; at += 1000) {
      fd.heartbeat(at);
      t.ok(fd.isAvailable(at + 500), `available at ${at + 500}`);
    }
  });

  t.test('becomes unavailable when heartbeats stop, and the threshold decides when', async (t) => {
    const fd = new PhiAccrualDetector({ threshold: 8, minStdDeviationMs: 100 });
    for (let at = 0; at <= 20_000; at += 1000) fd.heartbeat(at);
    // Mean 1000, std at the 100 ms floor: phi crosses 8 about 5.2 std past the mean.
    t.ok(fd.isAvailable(20_000 + 1400));
    t.notOk(fd.isAvailable(20_000 + 1600));
    t.ok(fd.phi(20_000 + 1600) >= 8);
  });

  t.test('tolerates the acceptable heartbeat pause', async (t) => {
    const strict = new PhiAccrualDetector();
    const lenient = new PhiAccrualDetector({ acceptableHeartbeatPauseMs: 3000 });
    for (let at = 0; at <= 10_000; at += 1000) { strict.heartbeat(at); lenient.heartbeat(at); }
    t.notOk(strict.isAvailable(10_000 + 3500));
    t.ok(lenient.isAvailable(10_000 + 3500));
    t.notOk(lenient.isAvailable(10_000 + 6000));
  });

  t.test('does not sample the first interval after a failure', async (t) => {
    const fd = new PhiAccrualDetector();
    for (let at = 0; at <= 5000; at += 1000) fd.heartbeat(at);
    const before = fd.state().intervals.length;
    fd.heartbeat(60_000); // after a long outage: phi was far over the threshold
    t.equal(fd.state().intervals.length, before);
    t.equal(fd.state().lastHeartbeatMs, 60_000);
    t.ok(fd.isAvailable(60_500), 'available again right after the heartbeat');
  });

  t.test('keeps at most maxSampleSize intervals and their running sums', async (t) => {
    const settings = phiAccrualSettings({ maxSampleSize: 3 });
    let s = emptyPhiState;
    for (const at of [0, 100, 300, 600, 1000]) s = recordHeartbeat(s, settings, at);
    t.same(s.intervals, [200, 300, 400]);
    t.equal(phiMean(s), 300);
    t.equal(s.intervalSum, 900);
    t.equal(s.squaredIntervalSum, 200 * 200 + 300 * 300 + 400 * 400);
    t.ok(Math.abs(phiStdDeviation(s) - Math.sqrt(20_000 / 3)) < 1e-9);
  });

  t.test('never lets time run backwards', async (t) => {
    const fd = new PhiAccrualDetector();
    fd.heartbeat(1000);
    fd.heartbeat(900);
    t.equal(fd.state().lastHeartbeatMs, 1000);
    t.equal(fd.phi(500), fd.phi(1000));
  });

  t.test('rejects invalid settings', async (t) => {
    t.throws(() => new PhiAccrualDetector({ threshold: 0 }), RangeError);
    t.throws(() => new PhiAccrualDetector({ maxSampleSize: 0 }), RangeError);
    t.throws(() => new PhiAccrualDetector({ minStdDeviationMs: 0 }), RangeError);
    t.throws(() => new PhiAccrualDetector({ acceptableHeartbeatPauseMs: -1 }), RangeError);
    t.throws(() => new PhiAccrualDetector({ firstHeartbeatEstimateMs: 0 }), RangeError);
  });
});
