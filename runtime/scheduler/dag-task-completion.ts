// TaskCompleted in the DAG core (Spark's handleTaskCompletion): map outputs are registered, each
// result partition is accepted once, accumulator updates merge once per partition, and a fetch
// failure fails the stage attempt and schedules the map stage and it for resubmission.
import { ErrorCode, assertNever } from '../../common/index.js';
import { chunkedFill, chunkedGet, chunkedSet, chunkedToArray } from './dag-chunked-array.js';
import type { AccumulatorUpdate, DagEvent, MapStatus } from './dag-events.js';
import type { DagWork } from './dag-state.js';
import { abortStage, cancelIndependentStages, cleanupJob, completeShuffleMapStage, markStageFinished } from './dag-submit.js';
import { outputIndex } from './job.js';
import { latestAttempt, type Stage } from './stage.js';

type TaskCompleted = Extract<DagEvent, { kind: 'TaskCompleted' }>;

export function onTaskCompleted(w: DagWork, e: TaskCompleted): void {
  const r = e.result;
  w.listen({
    kind: 'TaskEnd', stageId: e.stageId, stageAttempt: e.stageAttempt, partition: e.partition, reason: r.kind === 'success' ? 'success' : r.kind,
    ...(r.kind === 'failed' ? { error: r.error } : {}),
  });
  const stage = w.stages[e.stageId];
  if (stage === undefined) return; // its jobs ended; late or duplicate report
  switch (r.kind) {
    case 'success':
      if (stage.shape.type === 'result') resultSucceeded(w, stage, e.partition, r.value, r.accumulatorUpdates);
      else mapSucceeded(w, stage, e.partition, r.mapStatus, r.accumulatorUpdates);
      return;
    case 'failed':
      return; // retries are the task scheduler's; it reports TaskSetFailed when it gives up
    case 'fetchFailed':
      fetchFailed(w, stage, e.stageAttempt, r.shuffleId, r.executorId, r.message ?? `fetch of map ${r.mapPartition} of shuffle ${r.shuffleId} failed`);
      return;
    default:
      assertNever(r, 'task result');
  }
}

function withoutPending(w: DagWork, stage: Stage, partition: number): Stage {
  const s = stage.status;
  if (s.kind !== 'running' || !chunkedGet(s.pending, partition)) return stage;
  return w.update(stage.id, { status: { ...s, pending: chunkedSet(s.pending, partition, false), pendingCount: s.pendingCount - 1 } });
}

function resultSucceeded(w: DagWork, stage: Stage, partition: number, value: unknown, updates: readonly AccumulatorUpdate[] | undefined): void {
  if (stage.shape.type !== 'result') return;
  const job = w.jobs[stage.shape.jobId];
  if (job === undefined) return;
  const i = outputIndex(job.partitions, partition);
  if (i < 0 || chunkedGet(job.finished, i)) return; // a retry's or speculative copy's duplicate: the first result stands
  if (updates !== undefined && updates.length > 0) w.emit({ kind: 'MergeAccumulators', stageId: stage.id, partition, updates });
  const done = { ...job, finished: chunkedSet(job.finished, i, true), results: chunkedSet(job.results, i, value), numFinished: job.numFinished + 1 };
  w.jobs[job.jobId] = done;
  withoutPending(w, stage, partition);
  if (done.numFinished < done.partitions.length) return;
  markStageFinished(w, stage.id);
  cancelIndependentStages(w, done, `Job ${done.jobId} is finished`);
  w.emit({ kind: 'JobSucceeded', jobId: done.jobId, results: chunkedToArray(done.results) });
  cleanupJob(w, done);
  w.listen({ kind: 'JobEnd', jobId: done.jobId, result: { kind: 'JobSucceeded' } });
}

function mapSucceeded(w: DagWork, stage: Stage, partition: number, status: MapStatus | undefined, updates: readonly AccumulatorUpdate[] | undefined): void {
  if (stage.shape.type !== 'shuffleMap') return;
  const shuffleId = stage.shape.shuffleId;
  if (status === undefined) {
    abortStage(w, stage.id, `map task ${partition} of stage ${stage.id} reported success without a map status`,
      { code: ErrorCode.Internal, message: 'missing map status', retryable: false, fields: { stageId: stage.id, partition } });
    return;
  }
  const counted = w.countedMapPartitions[shuffleId] ?? chunkedFill(stage.numPartitions, false);
  if (!chunkedGet(counted, partition)) {
    w.countedMapPartitions[shuffleId] = chunkedSet(counted, partition, true);
    if (updates !== undefined && updates.length > 0) w.emit({ kind: 'MergeAccumulators', stageId: stage.id, partition, updates });
  }
  const current = withoutPending(w, stage, partition);
  // An output on an executor already reported lost is gone: leave the partition missing.
  if (w.lostExecutors[status.executorId] === undefined && w.outputs.locationOf(shuffleId, partition) === undefined) {
    w.outputs.register(shuffleId, partition, status);
    w.emit({ kind: 'RegisterMapOutput', shuffleId, mapPartition: partition, status });
  }
  if (current.status.kind === 'running' && current.status.pendingCount === 0) completeShuffleMapStage(w, stage.id);
}

function fetchFailed(w: DagWork, stage: Stage, attempt: number, shuffleId: number, executorId: string | undefined, message: string): void {
  // A stale attempt's failure says nothing about the current one (Spark ignores it too).
  if (attempt !== latestAttempt(stage)) return;
  const failedAttempts = stage.failedAttempts.includes(attempt) ? stage.failedAttempts : [...stage.failedAttempts, attempt];
  w.update(stage.id, { failedAttempts });
  const abort = failedAttempts.length >= w.config.maxConsecutiveStageAttempts;
  const wasResubmitting = Object.values(w.stages).some((s) => s.status.kind === 'resubmitting');
  if (stage.status.kind === 'running') markStageFinished(w, stage.id, message);
  if (executorId !== undefined) {
    // As Spark: a fetch failure means the executor's shuffle files are gone, all of them.
    const scope = { kind: 'executor', executorId } as const;
    w.outputs.unregister(scope);
    w.emit({ kind: 'UnregisterMapOutputs', scope });
  }
  if (abort) {
    abortStage(w, stage.id, `Stage ${stage.id} (${stage.name}) has failed the maximum allowable number of times: ` +
      `${w.config.maxConsecutiveStageAttempts}. Most recent failure reason: ${message}`);
    return;
  }
  w.update(stage.id, { status: { kind: 'resubmitting' } });
  const mapStageId = w.shuffleToStage[shuffleId];
  const mapStage = mapStageId === undefined ? undefined : w.stages[mapStageId];
  // A map stage already running or waiting is resubmitted by itself; the child then waits for it.
  if (mapStage !== undefined && mapStage.status.kind !== 'running' && mapStage.status.kind !== 'waiting') {
    w.update(mapStage.id, { status: { kind: 'resubmitting' } });
  }
  if (!wasResubmitting) w.emit({ kind: 'ScheduleResubmit', delayMs: w.config.resubmitDelayMs });
}
