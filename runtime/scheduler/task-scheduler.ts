// The task scheduler as a pure core (Spark's TaskSchedulerImpl): (state, input) → { state, commands }.
// Deterministic, no I/O, no clock (times come in the inputs). The state is threaded linearly: a step
// takes ownership of the state it is given and returns it updated in place, because copying a
// 10,000-task set per launch would make a stage O(n²); callers keep only the returned state.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import { taskSchedulerSettings, type TaskSchedulerSettings } from './scheduler-config.js';
import type { TaskSchedulerCommand, TaskSchedulerInput } from './task-scheduler-protocol.js';
import type { TaskSet, TaskState, WorkerOffer } from './task-set.js';
import { taskSetId } from './task-set.js';
import { orderTaskSets, type TaskSetEntry } from './pool.js';
import { newExecutorHealth, expireExclusions, forgetExecutor, isExecutorExcluded, recordSuccessfulTaskSet, type ExecutorHealth } from './executor-health.js';
import {
  chooseTask, newTaskSetManager, pendingCount, recordLaunch, refreshLocality, zombify,
  type Liveness, type TaskAttempt, type TaskSetManager,
} from './task-set-manager.js';
import { checkExcludedEverywhere, handleFailure, handleSuccess, markPartitionCompleted, type TaskEndReason } from './task-set-outcome.js';
import { checkSpeculatableTasks } from './task-speculation-check.js';

export interface TaskSchedulerState {
  readonly settings: TaskSchedulerSettings;
  nextTaskId: number;
  /** Live executors and their hosts. */
  readonly executors: Map<string, string>;
  readonly hostToExecutors: Map<string, Set<string>>;
  readonly liveness: Liveness;
  /** Task set managers by "stage.attempt", in submission order, until they finish. */
  readonly managers: Map<string, TaskSetManager>;
  readonly byStage: Map<number, TaskSetManager[]>;
  /** Running copies by task id; an update for any other id is ignored. */
  readonly attempts: Map<number, TaskAttempt>;
  readonly executorAttempts: Map<string, Set<TaskAttempt>>;
  readonly health: ExecutorHealth;
  lastSpeculationCheck: number;
  /** Latest time any input carried, for inputs that carry none. */
  lastNow: number;
  lastBacklog: { pendingTasks: number; runningTasks: number };
}

export interface TaskSchedulerStep {
  readonly state: TaskSchedulerState;
  readonly commands: readonly TaskSchedulerCommand[];
}

/** An empty scheduler; `firstTaskId` lets a restarted driver keep task ids unique. */
export function initialTaskScheduler(settings: TaskSchedulerSettings = taskSchedulerSettings(), firstTaskId = 0): TaskSchedulerState {
  const executors = new Map<string, string>();
  const hostToExecutors = new Map<string, Set<string>>();
  return {
    settings, nextTaskId: firstTaskId, executors, hostToExecutors,
    liveness: {
      isExecutorAlive: (id) => executors.has(id),
      hasExecutorsOnHost: (host) => (hostToExecutors.get(host)?.size ?? 0) > 0,
    },
    managers: new Map(), byStage: new Map(), attempts: new Map(), executorAttempts: new Map(),
    health: newExecutorHealth(), lastSpeculationCheck: -Infinity, lastNow: 0, lastBacklog: { pendingTasks: 0, runningTasks: 0 },
  };
}

/** Applies one input. Throws INVALID_ARGUMENT only for a malformed task set. */
export function stepTaskScheduler(state: TaskSchedulerState, input: TaskSchedulerInput): TaskSchedulerStep {
  const out: TaskSchedulerCommand[] = [];
  if ('now' in input && input.now > state.lastNow) state.lastNow = input.now;
  switch (input.kind) {
    case 'TaskSetSubmitted': submit(state, input.taskSet, input.now, out); break;
    case 'TaskSetCancelled': cancel(state, input.stageId, input.reason ?? `Stage ${input.stageId} was cancelled`, out); break;
    case 'ExecutorAdded': addExecutor(state, input.executorId, input.host); break;
    case 'ExecutorRemoved': removeExecutor(state, input.executorId, input.reason, input.causedByApp ?? false, input.now, out); break;
    case 'ResourceOffers': resourceOffers(state, input.offers, input.now, out); break;
    case 'TaskStatusUpdate': statusUpdate(state, input, out); break;
    case 'Tick': tick(state, input.now, out); break;
    default: assertNever(input, 'task scheduler input');
  }
  emitBacklog(state, out);
  return { state, commands: out };
}

function submit(s: TaskSchedulerState, taskSet: TaskSet, now: number, out: TaskSchedulerCommand[]): void {
  const id = taskSetId(taskSet.stageId, taskSet.stageAttempt);
  if (s.managers.has(id)) return; // a retried submission
  if (taskSet.tasks.length === 0) {
    throw new EngineError(ErrorCode.InvalidArgument, `task set ${id} has no tasks`, { fields: { stageId: taskSet.stageId } });
  }
  const seen = new Set<number>();
  for (const t of taskSet.tasks) {
    if (seen.has(t.partition)) {
      throw new EngineError(ErrorCode.InvalidArgument, `task set ${id} lists partition ${t.partition} twice`, { fields: { stageId: taskSet.stageId, partition: t.partition } });
    }
    seen.add(t.partition);
  }
  // A stage has one active attempt: earlier ones stop launching (their running copies may still win).
  const siblings = s.byStage.get(taskSet.stageId) ?? [];
  for (const old of siblings) zombify(old, 'superseded');
  const manager = newTaskSetManager(taskSet, s.settings, s.liveness, now);
  s.managers.set(id, manager);
  s.byStage.set(taskSet.stageId, [...siblings, manager]);
  for (const old of siblings) maybeFinish(s, old, now, out);
}

function cancel(s: TaskSchedulerState, stageId: number, reason: string, out: TaskSchedulerCommand[]): void {
  for (const m of s.byStage.get(stageId) ?? []) {
    zombify(m, 'cancelled');
    for (const rec of m.parts) {
      if (rec.state !== 'running') continue;
      for (const copy of rec.copies) out.push({ kind: 'KillTask', taskId: copy.taskId, executorId: copy.executorId, reason });
    }
    maybeFinish(s, m, s.lastNow, out);
  }
}

function addExecutor(s: TaskSchedulerState, executorId: string, host: string): void {
  if (s.executors.get(executorId) === host) return;
  const previousHost = s.executors.get(executorId);
  if (previousHost !== undefined) s.hostToExecutors.get(previousHost)?.delete(executorId);
  s.executors.set(executorId, host);
  let onHost = s.hostToExecutors.get(host);
  if (onHost === undefined) s.hostToExecutors.set(host, (onHost = new Set()));
  onHost.add(executorId);
  for (const m of s.managers.values()) refreshLocality(m, s.settings, s.liveness);
}

function removeExecutor(s: TaskSchedulerState, executorId: string, reason: string, causedByApp: boolean, now: number, out: TaskSchedulerCommand[]): void {
  const host = s.executors.get(executorId);
  if (host !== undefined) {
    s.executors.delete(executorId);
    const onHost = s.hostToExecutors.get(host);
    onHost?.delete(executorId);
    if (onHost?.size === 0) s.hostToExecutors.delete(host);
    forgetExecutor(s.health, executorId);
    for (const m of s.managers.values()) refreshLocality(m, s.settings, s.liveness);
  }
  const running = s.executorAttempts.get(executorId);
  if (running === undefined) return;
  const lost: TaskEndReason = { kind: 'executor-lost', executorId, causedByApp, reason };
  // Latest launch first, so the earliest re-queued task ends up on top of the pending stacks.
  for (const attempt of [...running].reverse()) endAttempt(s, attempt, lost, now, out);
}

function resourceOffers(s: TaskSchedulerState, offers: readonly WorkerOffer[], now: number, out: TaskSchedulerCommand[]): void {
  const { settings } = s;
  expireExclusions(s.health, now, out);
  for (const o of offers) if (!s.executors.has(o.executorId)) addExecutor(s, o.executorId, o.host);
  const usable: WorkerOffer[] = [];
  const cpus: number[] = [];
  let free = 0;
  for (const o of offers) {
    if (o.freeCores < settings.taskCpus) continue;
    if (settings.exclusion.enabled && isExecutorExcluded(s.health, o.executorId, o.host)) continue;
    usable.push(o);
    cpus.push(o.freeCores);
    free += o.freeCores;
  }
  for (const m of sortedTaskSets(s)) {
    let launchedAny = false;
    const offered = free >= settings.taskCpus;
    for (const level of m.delay.levels) {
      let launched: boolean;
      do {
        launched = false;
        for (let i = 0; i < usable.length && free >= settings.taskCpus; i++) {
          if (cpus[i] < settings.taskCpus) continue;
          const o = usable[i];
          const chosen = chooseTask(m, settings, o.executorId, o.host, level, now);
          if (chosen === undefined) continue;
          const attempt = recordLaunch(m, chosen, s.nextTaskId++, o.executorId, o.host, now);
          track(s, attempt);
          cpus[i] -= settings.taskCpus;
          free -= settings.taskCpus;
          launched = launchedAny = true;
          out.push({
            kind: 'LaunchTask', taskId: attempt.taskId, attempt: attempt.attempt, stageId: m.taskSet.stageId,
            stageAttempt: m.taskSet.stageAttempt, partition: m.taskSet.tasks[chosen.index].partition,
            executorId: o.executorId, host: o.host, locality: chosen.locality, speculative: chosen.speculative,
          });
        }
      } while (launched && free >= settings.taskCpus);
    }
    // Only a task set that was offered cores and could use none of them may be stuck for good.
    if (offered && !launchedAny) checkExcludedEverywhere(m, settings, s.hostToExecutors, now, out);
  }
}

/** Active task sets with work to launch, in FIFO or FAIR order (every task set's running copies count for its pool). */
function sortedTaskSets(s: TaskSchedulerState): TaskSetManager[] {
  let withWork = 0;
  let only: TaskSetManager | undefined;
  for (const m of s.managers.values()) if (pendingCount(m) > 0) { withWork++; only = m; }
  if (withWork <= 1) return only === undefined ? [] : [only];
  const entries: (TaskSetEntry & { readonly manager: TaskSetManager })[] = [];
  for (const m of s.managers.values()) {
    const { priority, stageId, pool } = m.taskSet;
    entries.push({ manager: m, name: m.name, weight: 1, minShare: 0, runningTasks: m.runningAttempts, priority, stageId, pool });
  }
  const ordered: TaskSetManager[] = [];
  for (const e of orderTaskSets(s.settings.schedulingMode, s.settings.pools, entries)) if (pendingCount(e.manager) > 0) ordered.push(e.manager);
  return ordered;
}

function track(s: TaskSchedulerState, attempt: TaskAttempt): void {
  s.attempts.set(attempt.taskId, attempt);
  let onExec = s.executorAttempts.get(attempt.executorId);
  if (onExec === undefined) s.executorAttempts.set(attempt.executorId, (onExec = new Set()));
  onExec.add(attempt);
}

function untrack(s: TaskSchedulerState, attempt: TaskAttempt): void {
  s.attempts.delete(attempt.taskId);
  const onExec = s.executorAttempts.get(attempt.executorId);
  onExec?.delete(attempt);
  if (onExec?.size === 0) s.executorAttempts.delete(attempt.executorId);
}

function statusUpdate(s: TaskSchedulerState, u: Extract<TaskSchedulerInput, { kind: 'TaskStatusUpdate' }>, out: TaskSchedulerCommand[]): void {
  const attempt = s.attempts.get(u.taskId);
  if (attempt === undefined) return; // unknown, or already ended: updates are idempotent
  const state: TaskState = u.state;
  switch (state) {
    case 'RUNNING': return;
    case 'FINISHED': {
      untrack(s, attempt);
      const m = attempt.manager;
      const partition = handleSuccess(m, attempt, u.now, out);
      if (partition !== undefined) {
        const { stageId, stageAttempt } = m.taskSet;
        out.push({
          kind: 'TaskSucceeded', stageId, stageAttempt, partition, taskId: attempt.taskId, executorId: attempt.executorId, host: attempt.host,
          result: u.result, durationMs: u.now - attempt.launchTime,
        });
        for (const other of s.byStage.get(stageId) ?? []) {
          if (other !== m) { markPartitionCompleted(other, partition, attempt.taskId, out); maybeFinish(s, other, u.now, out); }
        }
      }
      maybeFinish(s, m, u.now, out);
      return;
    }
    case 'FAILED':
      endAttempt(s, attempt, u.fetchFailed !== undefined
        ? { kind: 'fetch-failed', fetchFailed: u.fetchFailed, error: u.error }
        : { kind: 'exception', error: u.error }, u.now, out);
      return;
    case 'KILLED': endAttempt(s, attempt, { kind: 'killed', reason: u.error?.message ?? 'killed' }, u.now, out); return;
    case 'LOST':
      endAttempt(s, attempt, { kind: 'executor-lost', executorId: attempt.executorId, causedByApp: false, reason: u.error?.message ?? 'task lost' }, u.now, out);
      return;
    default: assertNever(state, 'task state');
  }
}

function endAttempt(s: TaskSchedulerState, attempt: TaskAttempt, reason: TaskEndReason, now: number, out: TaskSchedulerCommand[]): void {
  untrack(s, attempt);
  handleFailure(attempt.manager, s.settings, attempt, reason, now, out);
  maybeFinish(s, attempt.manager, now, out);
}

/** A zombie with no copy running is done; a successful one's failures then count application-wide. */
function maybeFinish(s: TaskSchedulerState, m: TaskSetManager, now: number, out: TaskSchedulerCommand[]): void {
  if (m.status.phase !== 'zombie' || m.runningAttempts > 0 || !s.managers.has(m.id)) return;
  s.managers.delete(m.id);
  const siblings = (s.byStage.get(m.taskSet.stageId) ?? []).filter((x) => x !== m);
  if (siblings.length > 0) s.byStage.set(m.taskSet.stageId, siblings);
  else s.byStage.delete(m.taskSet.stageId);
  if (m.status.reason === 'succeeded' && m.excludelist !== undefined) {
    recordSuccessfulTaskSet(s.health, s.settings.exclusion, m.id, m.excludelist, now, out);
  }
}

function tick(s: TaskSchedulerState, now: number, out: TaskSchedulerCommand[]): void {
  expireExclusions(s.health, now, out);
  const spec = s.settings.speculation;
  if (spec.enabled && now - s.lastSpeculationCheck >= spec.intervalMs) {
    s.lastSpeculationCheck = now;
    checkSpeculatableTasks(s.attempts.values(), spec, now);
  }
  for (const m of s.managers.values()) {
    if (m.unschedulableSince !== undefined) checkExcludedEverywhere(m, s.settings, s.hostToExecutors, now, out);
  }
}

function emitBacklog(s: TaskSchedulerState, out: TaskSchedulerCommand[]): void {
  let pendingTasks = 0;
  for (const m of s.managers.values()) pendingTasks += pendingCount(m);
  const runningTasks = s.attempts.size;
  if (pendingTasks === s.lastBacklog.pendingTasks && runningTasks === s.lastBacklog.runningTasks) return;
  s.lastBacklog = { pendingTasks, runningTasks };
  out.push({ kind: 'BacklogChanged', pendingTasks, runningTasks });
}
