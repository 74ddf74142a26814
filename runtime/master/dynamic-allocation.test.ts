import t from 'tap';
import { Conf } from '../../common/index.js';
import { dynamicAllocationProblem, dynamicAllocationSettings, initialExecutorsOf, type DynamicAllocation } from './dynamic-allocation.js';

const conf = (entries: Record<string, string>) => new Conf(Object.entries(entries));
const enabled = (more: Record<string, string> = {}) => conf({ 'spark.dynamicAllocation.enabled': 'true', ...more });

t.test('dynamicAllocationSettings', async (t) => {
  t.test('reads Spark\'s defaults', async (t) => {
    t.same(dynamicAllocationSettings(new Conf()), {
      enabled: false, minExecutors: 0, maxExecutors: Infinity,
      schedulerBacklogTimeoutMs: 1000, sustainedSchedulerBacklogTimeoutMs: 1000, executorIdleTimeoutMs: 60_000,
    });
  });

  t.test('reads every key, durations with units', async (t) => {
    t.same(dynamicAllocationSettings(enabled({
      'spark.dynamicAllocation.minExecutors': '1', 'spark.dynamicAllocation.maxExecutors': '4', 'spark.dynamicAllocation.initialExecutors': '2',
      'spark.dynamicAllocation.schedulerBacklogTimeout': '500ms', 'spark.dynamicAllocation.sustainedSchedulerBacklogTimeout': '2s',
      'spark.dynamicAllocation.executorIdleTimeout': '1m',
    })), {
      enabled: true, minExecutors: 1, maxExecutors: 4, initialExecutors: 2,
      schedulerBacklogTimeoutMs: 500, sustainedSchedulerBacklogTimeoutMs: 2000, executorIdleTimeoutMs: 60_000,
    });
  });

  t.test('the sustained timeout defaults to the backlog timeout', async (t) => {
    const s = dynamicAllocationSettings(enabled({ 'spark.dynamicAllocation.schedulerBacklogTimeout': '3s' }));
    t.equal(s.sustainedSchedulerBacklogTimeoutMs, 3000);
  });

  t.test('refuses inconsistent bounds with Spark\'s messages', async (t) => {
    t.throws(() => dynamicAllocationSettings(enabled({ 'spark.dynamicAllocation.minExecutors': '5', 'spark.dynamicAllocation.maxExecutors': '4' })), {
      code: 'CONFIG', message: 'spark.dynamicAllocation.minExecutors (5) must be less than or equal to spark.dynamicAllocation.maxExecutors (4)!',
      fields: { key: 'spark.dynamicAllocation.minExecutors' },
    });
    t.throws(() => dynamicAllocationSettings(enabled({ 'spark.dynamicAllocation.maxExecutors': '0' })), {
      code: 'CONFIG', message: 'spark.dynamicAllocation.maxExecutors cannot be 0!',
    });
    t.throws(() => dynamicAllocationSettings(enabled({ 'spark.dynamicAllocation.minExecutors': '-1' })), {
      code: 'CONFIG', message: 'spark.dynamicAllocation.minExecutors and spark.dynamicAllocation.maxExecutors must be positive!',
    });
    t.throws(() => dynamicAllocationSettings(enabled({ 'spark.dynamicAllocation.schedulerBacklogTimeout': '0s' })), {
      code: 'CONFIG', message: 'spark.dynamicAllocation.schedulerBacklogTimeout must be > 0!',
    });
    t.throws(() => dynamicAllocationSettings(enabled({ 'spark.dynamicAllocation.maxExecutors': 'lots' })), { code: 'CONFIG' });
  });

  t.test('refuses an initial count outside min..max', async (t) => {
    for (const initial of ['0', '5']) {
      t.throws(() => dynamicAllocationSettings(enabled({
        'spark.dynamicAllocation.minExecutors': '1', 'spark.dynamicAllocation.maxExecutors': '4', 'spark.dynamicAllocation.initialExecutors': initial,
      })), {
        code: 'CONFIG', fields: { key: 'spark.dynamicAllocation.initialExecutors' },
        message: `spark.dynamicAllocation.initialExecutors (${initial}) must be between spark.dynamicAllocation.minExecutors (1) and spark.dynamicAllocation.maxExecutors (4)!`,
      });
    }
  });

  t.test('does not validate disabled settings, as Spark does not', async (t) => {
    const s = dynamicAllocationSettings(conf({ 'spark.dynamicAllocation.minExecutors': '5', 'spark.dynamicAllocation.maxExecutors': '4' }));
    t.equal(s.enabled, false);
  });
});

t.test('dynamicAllocationProblem checks settings from the wire', async (t) => {
  const ok: DynamicAllocation = {
    enabled: true, minExecutors: 1, maxExecutors: 4, schedulerBacklogTimeoutMs: 1, sustainedSchedulerBacklogTimeoutMs: 1, executorIdleTimeoutMs: 0,
  };
  t.equal(dynamicAllocationProblem(ok), undefined);
  t.match(dynamicAllocationProblem({ ...ok, minExecutors: 1.5 })?.message, /must be positive/);
  t.match(dynamicAllocationProblem({ ...ok, executorIdleTimeoutMs: -1 })?.message, /'-1' in spark.dynamicAllocation.executorIdleTimeout is invalid/);
  t.match(dynamicAllocationProblem({ ...ok, sustainedSchedulerBacklogTimeoutMs: Number.NaN })?.message, /sustainedSchedulerBacklogTimeout must be > 0/);
  t.match(dynamicAllocationProblem(null as unknown as DynamicAllocation)?.message, /missing/);
});

t.test('initialExecutorsOf is initialExecutors, else minExecutors', async (t) => {
  const base: DynamicAllocation = {
    enabled: true, minExecutors: 2, maxExecutors: 8, schedulerBacklogTimeoutMs: 1, sustainedSchedulerBacklogTimeoutMs: 1, executorIdleTimeoutMs: 1,
  };
  t.equal(initialExecutorsOf(base), 2);
  t.equal(initialExecutorsOf({ ...base, initialExecutors: 5 }), 5);
});
