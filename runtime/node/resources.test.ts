import t from 'tap';
import { detectResources, osProbe, sampleLoad, type ResourceProbe } from './resources.js';

const GiB = 1024 ** 3;

function probe(over: Partial<ResourceProbe> = {}): ResourceProbe {
  return {
    hostname: () => 'worker-7',
    availableParallelism: () => 16,
    totalmem: () => 64 * GiB,
    constrainedMemory: () => undefined,
    freemem: () => 10 * GiB,
    loadavg: () => [1.5, 1, 0.5],
    memoryUsage: () => ({ rss: 123, heapUsed: 45 }),
    ...over,
  };
}

t.test('detectResources', async (t) => {
  t.test('reads host, cores and memory from the OS by default', async (t) => {
    t.same(detectResources({}, probe()), { host: 'worker-7', cores: 16, memoryBytes: 64 * GiB });
  });
  t.test('caps memory at a cgroup limit and ignores an unlimited one', async (t) => {
    t.equal(detectResources({}, probe({ constrainedMemory: () => 4 * GiB })).memoryBytes, 4 * GiB);
    t.equal(detectResources({}, probe({ constrainedMemory: () => 2 ** 64 })).memoryBytes, 64 * GiB);
    t.equal(detectResources({}, probe({ constrainedMemory: () => 0 })).memoryBytes, 64 * GiB);
  });
  t.test('lets --cores and --memory override the OS', async (t) => {
    t.same(detectResources({ cores: '4', memory: '4g', host: 'h1' }, probe()), { host: 'h1', cores: 4, memoryBytes: 4 * GiB });
    t.same(detectResources({ cores: 2, memory: 512 * 1024 ** 2 }, probe()), { host: 'worker-7', cores: 2, memoryBytes: 512 * 1024 ** 2 });
    t.equal(detectResources({ memory: '1536m' }, probe()).memoryBytes, 1536 * 1024 ** 2);
  });
  t.test('rejects zero, negative and garbage --cores naming the flag', async (t) => {
    for (const bad of ['0', '-2', '1.5', 'many', '', 0, -1, 2.5, Number.NaN]) {
      t.throws(() => detectResources({ cores: bad }, probe()), { code: 'CONFIG', fields: { flag: '--cores' }, message: /^--cores / }, `cores ${String(bad)}`);
    }
  });
  t.test('rejects zero, negative and garbage --memory naming the flag', async (t) => {
    for (const bad of ['0', '0g', '-1g', 'lots', '4x', '', 0, -5, 1.5]) {
      t.throws(() => detectResources({ memory: bad }, probe()), { code: 'CONFIG', fields: { flag: '--memory' }, message: /^--memory / }, `memory ${String(bad)}`);
    }
  });
  t.test('rejects a blank --host', async (t) => {
    t.throws(() => detectResources({ host: ' ' }, probe()), { code: 'CONFIG', fields: { flag: '--host' } });
  });
  t.test('works against the real OS', async (t) => {
    const r = detectResources();
    t.ok(r.cores >= 1);
    t.ok(r.memoryBytes > 0);
    t.type(r.host, 'string');
  });
});

t.test('sampleLoad', async (t) => {
  t.test('reports free memory, load average and process memory', async (t) => {
    t.same(sampleLoad(probe()), { freeMemoryBytes: 10 * GiB, totalMemoryBytes: 64 * GiB, loadAverage: [1.5, 1, 0.5], rssBytes: 123, heapUsedBytes: 45 });
  });
  t.test('fills missing load averages with zeros', async (t) => {
    t.same(sampleLoad(probe({ loadavg: () => [] })).loadAverage, [0, 0, 0]);
  });
  t.test('samples the real process', async (t) => {
    const s = sampleLoad(osProbe);
    t.ok(s.rssBytes > 0);
    t.ok(s.freeMemoryBytes > 0 && s.freeMemoryBytes <= osProbe.totalmem());
    t.equal(s.loadAverage.length, 3);
  });
});
