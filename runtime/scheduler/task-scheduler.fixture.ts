// Test driver for the task scheduler core: feeds inputs, keeps the state and every command, and
// builds task sets tersely. No clocks: each call names its time.
import type { WireError } from '../../common/index.js';
import { initialTaskScheduler, stepTaskScheduler, type TaskSchedulerState } from './task-scheduler.js';
import { taskSchedulerSettings, type TaskSchedulerSettingsInput } from './scheduler-config.js';
import type { TaskSchedulerCommand, TaskSchedulerInput } from './task-scheduler-protocol.js';
import type { FetchFailure, TaskLocation, TaskSet, WorkerOffer } from './task-set.js';

export type Launch = Extract<TaskSchedulerCommand, { kind: 'LaunchTask' }>;

/** A task set of `n` tasks (or the given preferences, one entry per task) for stage `stageId`. */
export function taskSet(
  stageId: number,
  tasks: number | readonly (readonly TaskLocation[])[],
  extra: Partial<Omit<TaskSet, 'tasks' | 'stageId'>> = {},
): TaskSet {
  const prefs = typeof tasks === 'number' ? Array.from({ length: tasks }, () => []) : tasks;
  return {
    stageId, stageAttempt: 0, jobId: stageId, priority: extra.jobId ?? stageId, pool: 'default', ...extra,
    tasks: prefs.map((preferredLocations, partition) => ({ partition, preferredLocations })),
  };
}

export const onExec = (executorId: string, host: string): TaskLocation => ({ kind: 'executor', executorId, host });
export const onHost = (host: string): TaskLocation => ({ kind: 'host', host });
export const offer = (executorId: string, host: string, freeCores = 1): WorkerOffer => ({ executorId, host, freeCores });
export const boom = (message = 'boom'): WireError => ({ code: 'INTERNAL', message, retryable: false, fields: {} });

export class Driver {
  state: TaskSchedulerState;
  readonly log: TaskSchedulerCommand[] = [];

  constructor(settings: TaskSchedulerSettingsInput = {}) {
    this.state = initialTaskScheduler(taskSchedulerSettings(settings));
  }

  step(input: TaskSchedulerInput): TaskSchedulerCommand[] {
    const r = stepTaskScheduler(this.state, input);
    this.state = r.state;
    this.log.push(...r.commands);
    return [...r.commands];
  }

  submit(ts: TaskSet, now = 0): TaskSchedulerCommand[] { return this.step({ kind: 'TaskSetSubmitted', taskSet: ts, now }); }
  executor(executorId: string, host: string, cores = 1): TaskSchedulerCommand[] { return this.step({ kind: 'ExecutorAdded', executorId, host, cores }); }
  lose(executorId: string, now: number, causedByApp = false): TaskSchedulerCommand[] {
    return this.step({ kind: 'ExecutorRemoved', executorId, reason: 'worker lost', causedByApp, now });
  }
  offer(offers: readonly WorkerOffer[], now: number): Launch[] { return launches(this.step({ kind: 'ResourceOffers', offers, now })); }
  offerAll(offers: readonly WorkerOffer[], now: number): TaskSchedulerCommand[] { return this.step({ kind: 'ResourceOffers', offers, now }); }
  finish(taskId: number, now: number, result: unknown = `r${taskId}`): TaskSchedulerCommand[] {
    return this.step({ kind: 'TaskStatusUpdate', taskId, state: 'FINISHED', result, now });
  }
  fail(taskId: number, now: number, error: WireError = boom(), fetchFailed?: FetchFailure): TaskSchedulerCommand[] {
    return this.step({ kind: 'TaskStatusUpdate', taskId, state: 'FAILED', error, fetchFailed, now });
  }
  killed(taskId: number, now: number): TaskSchedulerCommand[] { return this.step({ kind: 'TaskStatusUpdate', taskId, state: 'KILLED', now }); }
  tick(now: number): TaskSchedulerCommand[] { return this.step({ kind: 'Tick', now }); }
}

export function launches(commands: readonly TaskSchedulerCommand[]): Launch[] {
  return commands.filter((c): c is Launch => c.kind === 'LaunchTask');
}

export function ofKind<K extends TaskSchedulerCommand['kind']>(commands: readonly TaskSchedulerCommand[], kind: K): Extract<TaskSchedulerCommand, { kind: K }>[] {
  return commands.filter((c): c is Extract<TaskSchedulerCommand, { kind: K }> => c.kind === kind);
}

/** "partition@executor/locality" per launch, for compact assertions. */
export const where = (ls: readonly Launch[]): string[] => ls.map((l) => `${l.partition}@${l.executorId}/${l.locality}`);
