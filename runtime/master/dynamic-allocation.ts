// An application's dynamic allocation settings (Spark's `spark.dynamicAllocation.*`) as plain data
// that travels in each backlog report, read from a Conf and validated with Spark's messages.
import { Conf, EngineError, ErrorCode, config } from '../../common/index.js';

export const DYN_ALLOCATION_ENABLED = config.boolean('spark.dynamicAllocation.enabled', false,
  'Scale the number of executors with the workload: the Master adds executors while tasks wait and releases idle ones.');
export const DYN_ALLOCATION_MIN_EXECUTORS = config.int('spark.dynamicAllocation.minExecutors', 0,
  'Lower bound on the executors the autoscaler keeps for an application while it runs.');
export const DYN_ALLOCATION_MAX_EXECUTORS = config.int('spark.dynamicAllocation.maxExecutors', Infinity,
  'Upper bound on the executors the autoscaler runs for an application (unbounded: capped by the cluster\'s cores).');
export const DYN_ALLOCATION_INITIAL_EXECUTORS = config.int('spark.dynamicAllocation.initialExecutors', 0,
  'Executors an application starts with; defaults to spark.dynamicAllocation.minExecutors.');
export const DYN_ALLOCATION_SCHEDULER_BACKLOG_TIMEOUT = config.duration('spark.dynamicAllocation.schedulerBacklogTimeout', 1000,
  'How long tasks must have been pending before the first executors are added.');
export const DYN_ALLOCATION_SUSTAINED_BACKLOG_TIMEOUT = config.duration('spark.dynamicAllocation.sustainedSchedulerBacklogTimeout', 1000,
  'Interval between further rounds of additions (each round doubles) while the backlog lasts; defaults to schedulerBacklogTimeout.');
export const DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT = config.duration('spark.dynamicAllocation.executorIdleTimeout', 60_000,
  'An executor no application has used for this long is released (never below minExecutors).');

/** What a driver sends with every backlog report; times in milliseconds. */
export interface DynamicAllocation {
  readonly enabled: boolean;
  readonly minExecutors: number;
  /** `Infinity` when unbounded (the Master then caps by the cluster's cores). */
  readonly maxExecutors: number;
  /** Unset means minExecutors, as in Spark. */
  readonly initialExecutors?: number;
  readonly schedulerBacklogTimeoutMs: number;
  readonly sustainedSchedulerBacklogTimeoutMs: number;
  readonly executorIdleTimeoutMs: number;
}

/** How often a driver reports its backlog (and at once whenever the backlog changes). */
export const BACKLOG_REPORT_INTERVAL_MS = 1000;
/**
 * An application that has not reported for this long counts as ended. Generous on purpose (several
 * report intervals): a driver in a long GC pause must not lose its executors.
 */
export const APPLICATION_SILENCE_TIMEOUT_MS = 10_000;

const K = {
  min: DYN_ALLOCATION_MIN_EXECUTORS.key,
  max: DYN_ALLOCATION_MAX_EXECUTORS.key,
  initial: DYN_ALLOCATION_INITIAL_EXECUTORS.key,
  backlog: DYN_ALLOCATION_SCHEDULER_BACKLOG_TIMEOUT.key,
  sustained: DYN_ALLOCATION_SUSTAINED_BACKLOG_TIMEOUT.key,
  idle: DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT.key,
} as const;

const isCount = (n: unknown): n is number => typeof n === 'number' && (Number.isSafeInteger(n) || n === Infinity);
const isDuration = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * Why these settings are unusable (Spark's ExecutorAllocationManager.validateSettings wording), or
 * undefined. Disabled settings are never checked, as in Spark. Also used on reports from the wire.
 */
export function dynamicAllocationProblem(a: DynamicAllocation): { message: string; key: string } | undefined {
  if (typeof a !== 'object' || a === null || typeof a.enabled !== 'boolean') return { message: 'dynamic allocation settings are missing', key: 'spark.dynamicAllocation.enabled' };
  if (!a.enabled) return undefined;
  if (!isCount(a.minExecutors) || !isCount(a.maxExecutors) || a.minExecutors < 0 || a.maxExecutors < 0 || a.minExecutors === Infinity) {
    return { message: `${K.min} and ${K.max} must be positive!`, key: K.min };
  }
  if (a.maxExecutors === 0) return { message: `${K.max} cannot be 0!`, key: K.max };
  if (a.minExecutors > a.maxExecutors) {
    return { message: `${K.min} (${a.minExecutors}) must be less than or equal to ${K.max} (${a.maxExecutors})!`, key: K.min };
  }
  // Spark only warns about an initial count below the minimum and ignores it; a setting that is
  // silently ignored hides a mistake, so Flint refuses it, like every other inconsistency here.
  if (a.initialExecutors !== undefined
    && (!isCount(a.initialExecutors) || a.initialExecutors < a.minExecutors || a.initialExecutors > a.maxExecutors)) {
    return {
      message: `${K.initial} (${a.initialExecutors}) must be between ${K.min} (${a.minExecutors}) and ${K.max} (${a.maxExecutors})!`,
      key: K.initial,
    };
  }
  if (!isDuration(a.schedulerBacklogTimeoutMs) || a.schedulerBacklogTimeoutMs <= 0) return { message: `${K.backlog} must be > 0!`, key: K.backlog };
  if (!isDuration(a.sustainedSchedulerBacklogTimeoutMs) || a.sustainedSchedulerBacklogTimeoutMs <= 0) {
    return { message: `${K.sustained} must be > 0!`, key: K.sustained };
  }
  if (!isDuration(a.executorIdleTimeoutMs) || a.executorIdleTimeoutMs < 0) {
    return { message: `'${a.executorIdleTimeoutMs}' in ${K.idle} is invalid. Timeout must be >= 0.`, key: K.idle };
  }
  return undefined;
}

/** Reads `spark.dynamicAllocation.*` with Spark's defaults; throws CONFIG for inconsistent values. */
export function dynamicAllocationSettings(conf: Conf): DynamicAllocation {
  const backlog = conf.get(DYN_ALLOCATION_SCHEDULER_BACKLOG_TIMEOUT);
  const settings: DynamicAllocation = {
    enabled: conf.get(DYN_ALLOCATION_ENABLED),
    minExecutors: conf.get(DYN_ALLOCATION_MIN_EXECUTORS),
    maxExecutors: conf.get(DYN_ALLOCATION_MAX_EXECUTORS),
    ...(conf.getRaw(K.initial) === undefined ? {} : { initialExecutors: conf.get(DYN_ALLOCATION_INITIAL_EXECUTORS) }),
    schedulerBacklogTimeoutMs: backlog,
    sustainedSchedulerBacklogTimeoutMs: conf.getRaw(K.sustained) === undefined ? backlog : conf.get(DYN_ALLOCATION_SUSTAINED_BACKLOG_TIMEOUT),
    executorIdleTimeoutMs: conf.get(DYN_ALLOCATION_EXECUTOR_IDLE_TIMEOUT),
  };
  const problem = dynamicAllocationProblem(settings);
  if (problem) throw new EngineError(ErrorCode.Config, problem.message, { fields: { key: problem.key } });
  return settings;
}

/** The executor count an application starts with: initialExecutors, else minExecutors. */
export function initialExecutorsOf(a: DynamicAllocation): number {
  return Math.max(a.minExecutors, a.initialExecutors ?? a.minExecutors);
}
