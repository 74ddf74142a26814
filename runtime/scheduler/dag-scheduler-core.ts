// The DAG scheduler's pure core: (state, event, view) → { state, commands }. One closed union of
// events in, commands out; the actor shell runs the commands, feeds results back and owns the timers.
import { ErrorCode, assertNever, isEngineError, toWireError, type WireError } from '../../common/index.js';
import { mergeLineage, rddOf } from '../rdd/lineage.js';
import { chunkedFill } from './dag-chunked-array.js';
import type { DagCommand } from './dag-commands.js';
import type { DagEvent } from './dag-events.js';
import type { DagView } from './dag-map-outputs.js';
import { DagWork, type DagState } from './dag-state.js';
import { createResultStage, registerJobOnStages } from './dag-stage-graph.js';
import { abortStage, failJob, submitStage } from './dag-submit.js';
import { onTaskCompleted } from './dag-task-completion.js';
import type { Stage } from './stage.js';

export interface DagTransition {
  readonly state: DagState;
  readonly commands: readonly DagCommand[];
}

/** Applies one event. Never mutates `state`; reads outputs and cache locations through `view`. */
export function dagStep(state: DagState, event: DagEvent, view: DagView): DagTransition {
  const w = new DagWork(state, view);
  switch (event.kind) {
    case 'JobSubmitted':
      onJobSubmitted(w, event);
      break;
    case 'TaskCompleted':
      onTaskCompleted(w, event);
      break;
    case 'TaskSetFailed':
      onTaskSetFailed(w, event);
      break;
    case 'ExecutorLost':
      onExecutorLost(w, event);
      break;
    case 'StageCancelled':
      onStageCancelled(w, event.stageId, event.reason);
      break;
    case 'JobCancelled':
      cancelJob(w, event.jobId, `Job ${event.jobId} cancelled${event.reason === undefined ? '' : `: ${event.reason}`}`);
      break;
    case 'ResubmitFailedStages':
      onResubmitFailedStages(w);
      break;
    default:
      assertNever(event, 'DAG event');
  }
  return { state: w.done(), commands: w.commands };
}

function refuse(w: DagWork, jobId: number, callSite: string, error: WireError): void {
  w.listen({ kind: 'JobStart', jobId, stageIds: [], callSite });
  w.emit({ kind: 'JobFailed', jobId, error });
  w.listen({ kind: 'JobEnd', jobId, result: { kind: 'JobFailed', error } });
}

function onJobSubmitted(w: DagWork, e: Extract<DagEvent, { kind: 'JobSubmitted' }>): void {
  const invalid = (message: string): WireError => ({ code: ErrorCode.InvalidArgument, message, retryable: false, fields: { jobId: e.jobId, rddId: e.finalRddId } });
  if (w.jobs[e.jobId] !== undefined) return refuse(w, e.jobId, e.callSite, invalid(`job ${e.jobId} is already running`));
  try {
    w.lineage = mergeLineage(w.lineage, e.lineage);
    rddOf(w.lineage, e.finalRddId);
  } catch (err) {
    if (!isEngineError(err)) throw err;
    return refuse(w, e.jobId, e.callSite, toWireError(err));
  }
  const n = rddOf(w.lineage, e.finalRddId).numPartitions;
  const bad = e.partitions.find((p) => !Number.isInteger(p) || p < 0 || p >= n);
  if (bad !== undefined) return refuse(w, e.jobId, e.callSite, invalid(`job ${e.jobId} asks for partition ${bad} of RDD ${e.finalRddId}, which has ${n}`));
  if (e.partitions.length === 0) {
    w.listen({ kind: 'JobStart', jobId: e.jobId, stageIds: [], callSite: e.callSite });
    w.emit({ kind: 'JobSucceeded', jobId: e.jobId, results: [] });
    w.listen({ kind: 'JobEnd', jobId: e.jobId, result: { kind: 'JobSucceeded' } });
    return;
  }
  const finalStage = createResultStage(w, e.finalRddId, e.partitions, e.func, e.jobId);
  const stageIds = registerJobOnStages(w, finalStage.id, e.jobId);
  w.jobs[e.jobId] = {
    jobId: e.jobId, finalStageId: finalStage.id, finalRddId: e.finalRddId, partitions: e.partitions, func: e.func, callSite: e.callSite,
    stageIds, finished: chunkedFill(e.partitions.length, false), numFinished: 0, results: chunkedFill<unknown>(e.partitions.length, undefined),
  };
  w.listen({ kind: 'JobStart', jobId: e.jobId, stageIds, callSite: e.callSite });
  submitStage(w, finalStage.id);
}

function onTaskSetFailed(w: DagWork, e: Extract<DagEvent, { kind: 'TaskSetFailed' }>): void {
  const stage = w.stages[e.stageId];
  // Only the running attempt's failure aborts; an older attempt is a zombie.
  if (stage === undefined || stage.status.kind !== 'running' || stage.status.attempt !== e.stageAttempt) return;
  const reason = e.message.replace(/^Job aborted due to stage failure: /, '');
  abortStage(w, e.stageId, reason, e.error);
}

/**
 * Unregisters the executor's (or host's) shuffle outputs and resubmits map stages that lost some while a
 * consumer is waiting or running; a running map stage re-runs its lost partitions when its attempt ends.
 */
function onExecutorLost(w: DagWork, e: Extract<DagEvent, { kind: 'ExecutorLost' }>): void {
  if (w.lostExecutors[e.executorId] !== undefined && !e.hostLost) return;
  w.lostExecutors[e.executorId] = true;
  const scope = e.hostLost ? { kind: 'host', host: e.host } as const : { kind: 'executor', executorId: e.executorId } as const;
  const before = Object.values(w.stages).filter((s) => s.shape.type === 'shuffleMap').map((s) => [s, availableCount(w, s)] as const);
  w.outputs.unregister(scope);
  w.emit({ kind: 'UnregisterMapOutputs', scope });
  for (const [s, had] of before) {
    if (s.status.kind !== 'created' && s.status.kind !== 'succeeded') continue;
    if (availableCount(w, s) === had) continue;
    const consumed = Object.values(w.stages).some((c) => c.parents.includes(s.id) && (c.status.kind === 'running' || c.status.kind === 'waiting'));
    if (consumed) submitStage(w, s.id);
  }
}

function availableCount(w: DagWork, s: Stage): number {
  if (s.shape.type !== 'shuffleMap') return 0;
  let n = 0;
  for (let p = 0; p < s.numPartitions; p++) if (w.outputs.locationOf(s.shape.shuffleId, p) !== undefined) n++;
  return n;
}

function onStageCancelled(w: DagWork, stageId: number, reason: string | undefined): void {
  const stage = w.stages[stageId];
  if (stage === undefined) return;
  for (const jobId of stage.jobIds) {
    cancelJob(w, jobId, `Job ${jobId} cancelled because Stage ${stageId} was cancelled${reason === undefined ? '' : `: ${reason}`}`);
  }
}

function cancelJob(w: DagWork, jobId: number, message: string): void {
  const job = w.jobs[jobId];
  if (job === undefined) return;
  failJob(w, job, { code: ErrorCode.JobCancelled, message, retryable: false, fields: { jobId } });
}

/** Resubmits the stages failed by fetch failures, earliest job first (Spark's resubmitFailedStages). */
function onResubmitFailedStages(w: DagWork): void {
  const failed = Object.values(w.stages)
    .filter((s) => s.status.kind === 'resubmitting')
    .sort((a, b) => a.firstJobId - b.firstJobId || a.id - b.id);
  for (const s of failed) submitStage(w, s.id, true);
}

