// The task scheduler's settings: Spark's `spark.*` keys registered in the config registry, read
// from a Conf into one validated, plain TaskSchedulerSettings record that the pure core consumes.
import { Conf, EngineError, ErrorCode, config } from '../../common/index.js';
import type { SchedulingMode, PoolSpec } from './pool.js';

export const LOCALITY_WAIT = config.duration('spark.locality.wait', 3000,
  'How long a task set waits to launch at one locality level before falling back to the next (delay scheduling).');
export const LOCALITY_WAIT_PROCESS = config.duration('spark.locality.wait.process', 3000,
  'Locality wait for PROCESS_LOCAL (executor-local) tasks; defaults to spark.locality.wait.');
export const LOCALITY_WAIT_NODE = config.duration('spark.locality.wait.node', 3000,
  'Locality wait for NODE_LOCAL (host-local) tasks; defaults to spark.locality.wait.');
export const SCHEDULER_MODE = config.string('spark.scheduler.mode', 'FIFO',
  'How task sets share executors: FIFO (by job, then stage) or FAIR (pools with weight and minShare).');
export const TASK_MAX_FAILURES = config.int('spark.task.maxFailures', 4,
  'Failures of one task (partition) before its stage is aborted; failures not caused by the task do not count.');
export const TASK_CPUS = config.int('spark.task.cpus', 1, 'Cores each task occupies on its executor.');
export const EXCLUDE_ON_FAILURE = config.boolean('spark.excludeOnFailure.enabled', false,
  'Stop scheduling on executors where tasks keep failing (per task, per stage and application-wide).');
export const EXCLUDE_TIMEOUT = config.duration('spark.excludeOnFailure.timeout', 3_600_000,
  'How long an executor stays excluded application-wide, and how long a task failure is remembered for it.');
export const EXCLUDE_TASK_ATTEMPTS_PER_EXECUTOR = config.int('spark.excludeOnFailure.task.maxTaskAttemptsPerExecutor', 1,
  'Failures of one task on one executor before that task no longer runs there.');
export const EXCLUDE_TASK_ATTEMPTS_PER_NODE = config.int('spark.excludeOnFailure.task.maxTaskAttemptsPerNode', 2,
  'Failures of one task on one host before that task no longer runs on the host.');
export const EXCLUDE_STAGE_FAILED_TASKS_PER_EXECUTOR = config.int('spark.excludeOnFailure.stage.maxFailedTasksPerExecutor', 2,
  'Distinct failed tasks of one stage attempt on an executor before the executor is excluded for that stage attempt.');
export const EXCLUDE_STAGE_FAILED_EXECUTORS_PER_NODE = config.int('spark.excludeOnFailure.stage.maxFailedExecutorsPerNode', 2,
  'Executors excluded for one stage attempt on a host before the whole host is excluded for it.');
export const EXCLUDE_APP_FAILED_TASKS_PER_EXECUTOR = config.int('spark.excludeOnFailure.application.maxFailedTasksPerExecutor', 2,
  'Failed tasks (of successful stages, within the timeout) before an executor is excluded application-wide.');
export const EXCLUDE_APP_FAILED_EXECUTORS_PER_NODE = config.int('spark.excludeOnFailure.application.maxFailedExecutorsPerNode', 2,
  'Executors excluded application-wide on one host before the whole host is excluded.');
export const UNSCHEDULABLE_TASK_SET_TIMEOUT = config.duration('spark.scheduler.excludeOnFailure.unschedulableTaskSetTimeout', 120_000,
  'With dynamic allocation, how long a task set whose task is excluded everywhere waits for a new executor before aborting.');
export const SPECULATION = config.boolean('spark.speculation', false, 'Launch speculative copies of straggling tasks.');
export const SPECULATION_INTERVAL = config.duration('spark.speculation.interval', 100, 'How often to look for tasks to speculate.');
export const SPECULATION_MULTIPLIER = config.double('spark.speculation.multiplier', 1.5,
  'A task is a straggler when it has run longer than this many times the median successful duration.');
export const SPECULATION_QUANTILE = config.double('spark.speculation.quantile', 0.75,
  'Fraction of a stage\'s tasks that must have finished before speculation is considered for it.');
export const SPECULATION_MIN_RUNTIME = config.duration('spark.speculation.minTaskRuntime', 100,
  'A task runs at least this long before it can be speculated.');

/** Everything the task scheduler core decides by; plain data, validated once. */
export interface TaskSchedulerSettings {
  readonly schedulingMode: SchedulingMode;
  /** FAIR pools (Spark's fairscheduler.xml as data); unknown pool names get weight 1, minShare 0, FIFO. */
  readonly pools: readonly PoolSpec[];
  readonly localityWaitProcessMs: number;
  readonly localityWaitNodeMs: number;
  readonly maxTaskFailures: number;
  readonly taskCpus: number;
  readonly exclusion: ExclusionSettings;
  readonly speculation: SpeculationSettings;
  /** With dynamic allocation a task set excluded everywhere waits for new executors instead of aborting at once. */
  readonly dynamicAllocation: boolean;
}

export interface ExclusionSettings {
  readonly enabled: boolean;
  readonly timeoutMs: number;
  readonly maxTaskAttemptsPerExecutor: number;
  readonly maxTaskAttemptsPerNode: number;
  readonly maxFailedTasksPerExecutorStage: number;
  readonly maxFailedExecutorsPerNodeStage: number;
  readonly maxFailedTasksPerExecutorApp: number;
  readonly maxFailedExecutorsPerNodeApp: number;
  readonly unschedulableTaskSetTimeoutMs: number;
}

export interface SpeculationSettings {
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly multiplier: number;
  readonly quantile: number;
  readonly minTaskRuntimeMs: number;
}

export type TaskSchedulerSettingsInput = Partial<Omit<TaskSchedulerSettings, 'exclusion' | 'speculation'>> & {
  readonly exclusion?: Partial<ExclusionSettings>;
  readonly speculation?: Partial<SpeculationSettings>;
};

/** Settings from Spark's defaults overridden by `partial`; throws CONFIG for inconsistent values. */
export function taskSchedulerSettings(partial: TaskSchedulerSettingsInput = {}): TaskSchedulerSettings {
  const settings: TaskSchedulerSettings = {
    schedulingMode: partial.schedulingMode ?? 'FIFO',
    pools: partial.pools ?? [],
    localityWaitProcessMs: partial.localityWaitProcessMs ?? LOCALITY_WAIT.default,
    localityWaitNodeMs: partial.localityWaitNodeMs ?? LOCALITY_WAIT.default,
    maxTaskFailures: partial.maxTaskFailures ?? TASK_MAX_FAILURES.default,
    taskCpus: partial.taskCpus ?? TASK_CPUS.default,
    dynamicAllocation: partial.dynamicAllocation ?? false,
    exclusion: {
      enabled: EXCLUDE_ON_FAILURE.default,
      timeoutMs: EXCLUDE_TIMEOUT.default,
      maxTaskAttemptsPerExecutor: EXCLUDE_TASK_ATTEMPTS_PER_EXECUTOR.default,
      maxTaskAttemptsPerNode: EXCLUDE_TASK_ATTEMPTS_PER_NODE.default,
      maxFailedTasksPerExecutorStage: EXCLUDE_STAGE_FAILED_TASKS_PER_EXECUTOR.default,
      maxFailedExecutorsPerNodeStage: EXCLUDE_STAGE_FAILED_EXECUTORS_PER_NODE.default,
      maxFailedTasksPerExecutorApp: EXCLUDE_APP_FAILED_TASKS_PER_EXECUTOR.default,
      maxFailedExecutorsPerNodeApp: EXCLUDE_APP_FAILED_EXECUTORS_PER_NODE.default,
      unschedulableTaskSetTimeoutMs: UNSCHEDULABLE_TASK_SET_TIMEOUT.default,
      ...partial.exclusion,
    },
    speculation: {
      enabled: SPECULATION.default,
      intervalMs: SPECULATION_INTERVAL.default,
      multiplier: SPECULATION_MULTIPLIER.default,
      quantile: SPECULATION_QUANTILE.default,
      minTaskRuntimeMs: SPECULATION_MIN_RUNTIME.default,
      ...partial.speculation,
    },
  };
  validate(settings);
  return settings;
}

/** Reads the registered keys from `conf` (per-level locality waits fall back to spark.locality.wait). */
export function taskSchedulerSettingsFromConf(conf: Conf, pools: readonly PoolSpec[] = []): TaskSchedulerSettings {
  const wait = conf.get(LOCALITY_WAIT);
  const mode = conf.get(SCHEDULER_MODE).trim().toUpperCase();
  if (mode !== 'FIFO' && mode !== 'FAIR') {
    throw configError(SCHEDULER_MODE.key, `${SCHEDULER_MODE.key}=${mode} is not FIFO or FAIR`);
  }
  return taskSchedulerSettings({
    schedulingMode: mode,
    pools,
    localityWaitProcessMs: conf.getRaw(LOCALITY_WAIT_PROCESS.key) === undefined ? wait : conf.get(LOCALITY_WAIT_PROCESS),
    localityWaitNodeMs: conf.getRaw(LOCALITY_WAIT_NODE.key) === undefined ? wait : conf.get(LOCALITY_WAIT_NODE),
    maxTaskFailures: conf.get(TASK_MAX_FAILURES),
    taskCpus: conf.get(TASK_CPUS),
    // Owned by the autoscaler's registry entry; read raw so this module does not register it twice.
    dynamicAllocation: conf.getRaw('spark.dynamicAllocation.enabled')?.trim().toLowerCase() === 'true',
    exclusion: {
      enabled: conf.get(EXCLUDE_ON_FAILURE),
      timeoutMs: conf.get(EXCLUDE_TIMEOUT),
      maxTaskAttemptsPerExecutor: conf.get(EXCLUDE_TASK_ATTEMPTS_PER_EXECUTOR),
      maxTaskAttemptsPerNode: conf.get(EXCLUDE_TASK_ATTEMPTS_PER_NODE),
      maxFailedTasksPerExecutorStage: conf.get(EXCLUDE_STAGE_FAILED_TASKS_PER_EXECUTOR),
      maxFailedExecutorsPerNodeStage: conf.get(EXCLUDE_STAGE_FAILED_EXECUTORS_PER_NODE),
      maxFailedTasksPerExecutorApp: conf.get(EXCLUDE_APP_FAILED_TASKS_PER_EXECUTOR),
      maxFailedExecutorsPerNodeApp: conf.get(EXCLUDE_APP_FAILED_EXECUTORS_PER_NODE),
      unschedulableTaskSetTimeoutMs: conf.get(UNSCHEDULABLE_TASK_SET_TIMEOUT),
    },
    speculation: {
      enabled: conf.get(SPECULATION),
      intervalMs: conf.get(SPECULATION_INTERVAL),
      multiplier: conf.get(SPECULATION_MULTIPLIER),
      quantile: conf.get(SPECULATION_QUANTILE),
      minTaskRuntimeMs: conf.get(SPECULATION_MIN_RUNTIME),
    },
  });
}

function configError(key: string, message: string): EngineError {
  return new EngineError(ErrorCode.Config, message, { fields: { key } });
}

function atLeast(key: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) throw configError(key, `${key}=${value} must be at least ${min}`);
}

function validate(s: TaskSchedulerSettings): void {
  atLeast(TASK_MAX_FAILURES.key, s.maxTaskFailures, 1);
  atLeast(TASK_CPUS.key, s.taskCpus, 1);
  atLeast(LOCALITY_WAIT_PROCESS.key, s.localityWaitProcessMs, 0);
  atLeast(LOCALITY_WAIT_NODE.key, s.localityWaitNodeMs, 0);
  atLeast(SPECULATION_MULTIPLIER.key, s.speculation.multiplier, 0);
  atLeast(SPECULATION_INTERVAL.key, s.speculation.intervalMs, 0);
  if (!(s.speculation.quantile > 0 && s.speculation.quantile <= 1)) {
    throw configError(SPECULATION_QUANTILE.key, `${SPECULATION_QUANTILE.key}=${s.speculation.quantile} must be in (0, 1]`);
  }
  for (const pool of s.pools) {
    if (!(pool.weight > 0)) throw configError('pool.weight', `pool ${pool.name}: weight ${pool.weight} must be positive`);
    atLeast('pool.minShare', pool.minShare, 0);
  }
  const x = s.exclusion;
  if (!x.enabled) return;
  atLeast(EXCLUDE_TIMEOUT.key, x.timeoutMs, 1);
  atLeast(EXCLUDE_TASK_ATTEMPTS_PER_EXECUTOR.key, x.maxTaskAttemptsPerExecutor, 1);
  atLeast(EXCLUDE_TASK_ATTEMPTS_PER_NODE.key, x.maxTaskAttemptsPerNode, 1);
  atLeast(EXCLUDE_STAGE_FAILED_TASKS_PER_EXECUTOR.key, x.maxFailedTasksPerExecutorStage, 1);
  atLeast(EXCLUDE_STAGE_FAILED_EXECUTORS_PER_NODE.key, x.maxFailedExecutorsPerNodeStage, 1);
  atLeast(EXCLUDE_APP_FAILED_TASKS_PER_EXECUTOR.key, x.maxFailedTasksPerExecutorApp, 1);
  atLeast(EXCLUDE_APP_FAILED_EXECUTORS_PER_NODE.key, x.maxFailedExecutorsPerNodeApp, 1);
  // Spark's HealthTracker.validateExcludeOnFailureConfs: otherwise one bad host could exclude a task
  // everywhere before it has failed maxFailures times, and the job would hang instead of failing.
  if (x.maxTaskAttemptsPerNode >= s.maxTaskFailures) {
    throw configError(EXCLUDE_TASK_ATTEMPTS_PER_NODE.key,
      `${EXCLUDE_TASK_ATTEMPTS_PER_NODE.key} ( = ${x.maxTaskAttemptsPerNode}) was >= ${TASK_MAX_FAILURES.key} ` +
      `( = ${s.maxTaskFailures}). Though excludeOnFailure is enabled, with this configuration Flint will not be ` +
      `robust to one bad node. Decrease ${EXCLUDE_TASK_ATTEMPTS_PER_NODE.key}, increase ${TASK_MAX_FAILURES.key}, ` +
      `or disable excludeOnFailure with ${EXCLUDE_ON_FAILURE.key}`);
  }
}
