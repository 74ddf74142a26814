// Stage submission and job teardown of the DAG core (Spark's submitStage, submitMissingTasks,
// markStageAsFinished, failJobAndIndependentStages, cleanupStateForJobAndIndependentStages).
import { ErrorCode, type WireError } from '../../common/index.js';
import { rddOf, type Lineage, type RddNode } from '../rdd/lineage.js';
import { lineageFor, narrowClosure } from '../rdd/lineage-graph.js';
import { chunkedFlags, chunkedGet } from './dag-chunked-array.js';
import type { TaskBinary } from './dag-commands.js';
import type { DagWork } from './dag-state.js';
import { isStageAvailable, missingMapPartitions, missingParentStages, preferredLocations } from './dag-stage-graph.js';
import type { ActiveJob } from './job.js';
import { isScheduled, type Stage } from './stage.js';

/** The earliest active job that needs the stage. */
function activeJobFor(w: DagWork, stage: Stage): ActiveJob | undefined {
  for (const id of stage.jobIds) if (w.jobs[id] !== undefined) return w.jobs[id];
  return undefined;
}

/**
 * Runs the stage if its parents' outputs are all available, else submits the missing parents and
 * waits. `requeue` lets a waiting or resubmitting stage through (it is being taken off that set).
 */
export function submitStage(w: DagWork, stageId: number, requeue = false): void {
  const stage = w.stages[stageId];
  if (stage === undefined) return;
  const job = activeJobFor(w, stage);
  if (job === undefined) return;
  if (isScheduled(stage) && !(requeue && stage.status.kind !== 'running')) return;
  const missing = missingParentStages(w, stage);
  if (missing.length === 0) {
    submitMissingTasks(w, stage.id, job);
    return;
  }
  w.update(stage.id, { status: { kind: 'waiting' } });
  for (const parent of missing) submitStage(w, parent.id);
}

function submitMissingTasks(w: DagWork, stageId: number, job: ActiveJob): void {
  const stage = w.stage(stageId);
  const shape = stage.shape;
  const partitions = shape.type === 'shuffleMap'
    ? missingMapPartitions(w, stage)
    : shape.partitions.filter((_, i) => { const job = w.jobs[shape.jobId]; return job !== undefined && !chunkedGet(job.finished, i); });
  const attempt = stage.nextAttempt;
  w.update(stageId, { nextAttempt: attempt + 1 });
  w.listen({ kind: 'StageSubmitted', stageId, attempt, name: stage.name, numTasks: partitions.length, parentIds: stage.parents, jobIds: stage.jobIds });
  if (partitions.length === 0) {
    // Everything was computed meanwhile: finish at once, as Spark does.
    markStageFinished(w, stageId);
    submitWaitingChildStages(w, stageId);
    return;
  }
  const pending = chunkedFlags(stage.numPartitions, partitions);
  w.update(stageId, { status: { kind: 'running', attempt, pending, pendingCount: partitions.length } });
  const rdds = narrowClosure(w.lineage, stage.rddId);
  const taskBinary: TaskBinary = shape.type === 'shuffleMap'
    ? { kind: 'shuffleMap', rddId: stage.rddId, dependency: shape.dependency, rdds }
    : { kind: 'result', rddId: stage.rddId, jobId: shape.jobId, func: shape.func, rdds };
  w.emit({
    kind: 'SubmitTasks', jobId: job.jobId, priority: job.jobId, stageId, stageAttempt: attempt, taskBinary,
    tasks: partitions.map((partition) => ({ partition, preferredLocations: preferredLocations(w, stage.rddId, partition) })),
  });
}

/** Ends the running attempt: Succeeded (clearing failed attempts) or, with a reason, left for the caller to place. */
export function markStageFinished(w: DagWork, stageId: number, failureReason?: string): void {
  const stage = w.stage(stageId);
  const attempt = stage.status.kind === 'running' ? stage.status.attempt : stage.nextAttempt - 1;
  if (failureReason === undefined) {
    w.update(stageId, { status: { kind: 'succeeded', attempt }, failedAttempts: [] });
    w.listen({ kind: 'StageCompleted', stageId, attempt });
  } else {
    w.update(stageId, { status: { kind: 'created' } });
    w.listen({ kind: 'StageCompleted', stageId, attempt, failureReason });
  }
}

/** Submits the waiting stages that read `parentId`'s outputs, earliest job first. */
export function submitWaitingChildStages(w: DagWork, parentId: number): void {
  const children = Object.values(w.stages)
    .filter((s) => s.status.kind === 'waiting' && s.parents.includes(parentId))
    .sort((a, b) => a.firstJobId - b.firstJobId || a.id - b.id);
  for (const c of children) submitStage(w, c.id, true);
}

/** A map stage's last pending partition is done: resubmit what went missing meanwhile, or release its children. */
export function completeShuffleMapStage(w: DagWork, stageId: number): void {
  markStageFinished(w, stageId);
  if (!isStageAvailable(w, w.stage(stageId))) submitStage(w, stageId);
  else submitWaitingChildStages(w, stageId);
}

/** Fails every active job that needs the stage (Spark's abortStage). */
export function abortStage(w: DagWork, stageId: number, reason: string, cause?: WireError): void {
  const stage = w.stages[stageId];
  if (stage === undefined) return;
  for (const jobId of stage.jobIds) {
    const job = w.jobs[jobId];
    if (job === undefined) continue;
    const error: WireError = {
      code: ErrorCode.JobAborted, message: `Job ${jobId} aborted due to stage failure: ${reason}`, retryable: false,
      fields: { jobId, stageId, ...(cause === undefined ? {} : { causeCode: cause.code }) },
    };
    failJob(w, job, error, cause);
  }
}

/** Fails `job`: cancels the running stages only it needs, tells the caller, cleans up. */
export function failJob(w: DagWork, job: ActiveJob, error: WireError, cause?: WireError): void {
  cancelIndependentStages(w, job, error.message);
  w.emit(cause === undefined ? { kind: 'JobFailed', jobId: job.jobId, error } : { kind: 'JobFailed', jobId: job.jobId, error, cause });
  cleanupJob(w, job);
  w.listen({ kind: 'JobEnd', jobId: job.jobId, result: { kind: 'JobFailed', error } });
}

/** Kills the running stages no other active job needs (the job failed, or finished without them). */
export function cancelIndependentStages(w: DagWork, job: ActiveJob, reason: string): void {
  for (const id of job.stageIds) {
    const s = w.stages[id];
    if (s === undefined || s.status.kind !== 'running' || s.jobIds.some((j) => j !== job.jobId)) continue;
    w.emit({ kind: 'CancelTasks', stageId: id, reason });
    markStageFinished(w, id, reason);
  }
}

/** Forgets the job, the stages only it needed, and lineage no remaining job reaches. */
export function cleanupJob(w: DagWork, job: ActiveJob): void {
  for (const id of job.stageIds) {
    const s = w.stages[id];
    if (s === undefined) continue;
    const jobIds = s.jobIds.filter((j) => j !== job.jobId);
    if (jobIds.length > 0) {
      w.update(id, { jobIds });
      continue;
    }
    delete w.stages[id];
    if (s.shape.type === 'shuffleMap' && w.shuffleToStage[s.shape.shuffleId] === id) delete w.shuffleToStage[s.shape.shuffleId];
  }
  delete w.jobs[job.jobId];
  const rdds: Record<number, RddNode> = {};
  for (const j of Object.values(w.jobs)) Object.assign(rdds, lineageFor(w.lineage, j.finalRddId).rdds);
  w.lineage = { rdds } satisfies Lineage;
}

/** The RDD partition count of the job's final RDD (for validation). */
export function rddPartitions(w: DagWork, rddId: number): number {
  return rddOf(w.lineage, rddId).numPartitions;
}
