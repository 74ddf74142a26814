import t from 'tap';
import { aimMet, formatTable, ratioOf, toJsonLine, type Figure } from './report.js';

const tell: Figure = {
  metric: 'tell_throughput_16B', label: 'tell throughput, 16 B body', unit: 'msg/s',
  ours: 80_000, theirs: 100_000, better: 'higher', aim: { ratio: 0.8 },
};
const ask: Figure = {
  metric: 'ask_latency_p50', label: 'ask round trip p50, 16 B', unit: 'µs',
  ours: 130, theirs: 100, better: 'lower', aim: { ratio: 1.2 },
};

t.test('ratioOf and aimMet', async (t) => {
  t.test('a higher-is-better figure meets its aim at or above the ratio', async (t) => {
    t.equal(ratioOf(tell), 0.8);
    t.equal(aimMet(tell), true);
    t.equal(aimMet({ ...tell, ours: 79_000 }), false);
  });
  t.test('a lower-is-better figure meets its aim at or below the ratio', async (t) => {
    t.equal(aimMet(ask), false);
    t.equal(aimMet({ ...ask, ours: 120 }), true);
  });
  t.test('a missing side gives no ratio and no verdict', async (t) => {
    t.equal(ratioOf({ ...tell, ours: null }), null);
    t.equal(aimMet({ ...tell, ours: null }), undefined);
    t.equal(aimMet({ ...ask, aim: undefined }), undefined);
  });
});

t.test('toJsonLine', async (t) => {
  t.test('has exactly the project-wide keys, in order, with the raw nats.js peer', async (t) => {
    const line = toJsonLine('actors', ask);
    t.same(Object.keys(line), ['bench', 'metric', 'unit', 'ours', 'peer', 'theirs', 'ratio', 'better']);
    t.same(line, { bench: 'actors', metric: 'ask_latency_p50', unit: 'µs', ours: 130, peer: 'nats.js raw', theirs: 100, ratio: 1.3, better: 'lower' });
  });
  t.test('writes null for a side no trial measured', async (t) => {
    const line = toJsonLine('actors', { ...tell, ours: null });
    t.equal(line.ours, null);
    t.equal(line.ratio, null);
  });
});

t.test('formatTable', async (t) => {
  t.test('prints one row per figure with its ratio and verdict, then the notes', async (t) => {
    const text = formatTable([tell, { ...ask, note: 'actors: 1/5 trials lost messages' }]);
    const lines = text.trimEnd().split('\n');
    t.equal(lines.length, 5);
    t.match(lines[2], /^tell throughput, 16 B body\s+80,000 msg\/s\s+100,000 msg\/s\s+0\.80\s+≥ 0\.8\s+yes$/);
    t.match(lines[3], /^ask round trip p50, 16 B\s+130 µs\s+100 µs\s+1\.30\s+≤ 1\.2\s+NO$/);
    t.match(lines[4], /lost messages/);
  });
});
