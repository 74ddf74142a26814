import t from 'tap';
import { Conf, registeredConfigs } from '../../common/index.js';
import { taskSchedulerSettings, taskSchedulerSettingsFromConf } from './scheduler-config.js';

t.test('task scheduler settings', async (t) => {
  t.test('defaults are Spark\'s', async (t) => {
    const s = taskSchedulerSettingsFromConf(new Conf());
    t.match(s, {
      schedulingMode: 'FIFO', localityWaitProcessMs: 3000, localityWaitNodeMs: 3000, maxTaskFailures: 4, taskCpus: 1, dynamicAllocation: false,
      exclusion: { enabled: false, timeoutMs: 3_600_000, maxTaskAttemptsPerExecutor: 1, maxTaskAttemptsPerNode: 2, maxFailedTasksPerExecutorStage: 2, maxFailedTasksPerExecutorApp: 2 },
      speculation: { enabled: false, intervalMs: 100, multiplier: 1.5, quantile: 0.75, minTaskRuntimeMs: 100 },
    });
  });

  t.test('reads Spark\'s keys; per-level locality waits fall back to spark.locality.wait', async (t) => {
    const s = taskSchedulerSettingsFromConf(new Conf([
      ['spark.locality.wait', '1s'], ['spark.locality.wait.node', '0'], ['spark.scheduler.mode', 'fair'],
      ['spark.task.maxFailures', '8'], ['spark.speculation', 'true'], ['spark.speculation.quantile', '0.5'],
      ['spark.excludeOnFailure.enabled', 'true'], ['spark.excludeOnFailure.timeout', '5m'], ['spark.dynamicAllocation.enabled', 'true'],
    ]));
    t.match(s, {
      schedulingMode: 'FAIR', localityWaitProcessMs: 1000, localityWaitNodeMs: 0, maxTaskFailures: 8, dynamicAllocation: true,
      speculation: { enabled: true, quantile: 0.5 }, exclusion: { enabled: true, timeoutMs: 300_000 },
    });
  });

  t.test('registers its keys with docs', async (t) => {
    const keys = new Map(registeredConfigs().map((e) => [e.key, e]));
    for (const key of ['spark.locality.wait', 'spark.scheduler.mode', 'spark.task.maxFailures', 'spark.speculation.multiplier', 'spark.excludeOnFailure.stage.maxFailedTasksPerExecutor']) {
      t.ok(keys.get(key)?.doc, key);
    }
  });

  t.test('refuses bad values, naming the key', async (t) => {
    t.throws(() => taskSchedulerSettingsFromConf(new Conf([['spark.scheduler.mode', 'LIFO']])), { code: 'CONFIG', message: /spark\.scheduler\.mode=LIFO/ });
    t.throws(() => taskSchedulerSettingsFromConf(new Conf([['spark.task.maxFailures', 'many']])), { code: 'CONFIG', message: /spark\.task\.maxFailures=many/ });
    t.throws(() => taskSchedulerSettings({ maxTaskFailures: 0 }), { code: 'CONFIG', message: /spark\.task\.maxFailures=0 must be at least 1/ });
    t.throws(() => taskSchedulerSettings({ speculation: { quantile: 1.5 } }), { code: 'CONFIG', message: /quantile=1\.5 must be in \(0, 1\]/ });
    t.throws(() => taskSchedulerSettings({ pools: [{ name: 'p', schedulingMode: 'FIFO', weight: 0, minShare: 0 }] }), { code: 'CONFIG', message: /pool p/ });
  });
});
