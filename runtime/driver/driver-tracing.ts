// OpenTelemetry spans of the driver (tracer 'flint.driver'): a job span under the caller's active
// context, a span per stage attempt under the job that submitted it, and a span per task attempt
// under its stage whose W3C traceparent travels in the TaskDescription. With no SDK registered every
// call is a cheap no-op and no traceparent is produced.
import type { TaskAttemptInfo } from './listener-bus.js';
import { ROOT_CONTEXT, SpanStatusCode, isSpanContextValid, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';

/** What a task span records: the attempt as the listener bus describes it. */
export type TaskSpanInfo = TaskAttemptInfo;

export class DriverTracing {
  private readonly tracer: Tracer = trace.getTracer('flint.driver');
  private readonly jobs = new Map<number, Span>();
  private readonly stages = new Map<string, Span>();
  private readonly tasks = new Map<number, Span>();

  constructor(private readonly appId: string) {}

  startJob(jobId: number, callSite: string, parent: Context): void {
    this.jobs.set(jobId, this.tracer.startSpan(`job ${jobId}`, {
      attributes: { 'flint.app.id': this.appId, 'flint.job.id': jobId, 'flint.job.call_site': callSite },
    }, parent));
  }

  endJob(jobId: number, error?: string): void {
    const span = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    if (span !== undefined) finish(span, error);
  }

  /** A stage attempt's span, under the earliest of its jobs that still has a span. */
  startStage(stageId: number, attempt: number, name: string, jobIds: readonly number[], numTasks: number): void {
    const job = jobIds.map((id) => this.jobs.get(id)).find((s) => s !== undefined);
    const parent = job === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, job);
    this.stages.set(`${stageId}.${attempt}`, this.tracer.startSpan(`stage ${stageId}.${attempt}`, {
      attributes: { 'flint.stage.id': stageId, 'flint.stage.attempt': attempt, 'flint.stage.name': name, 'flint.stage.tasks': numTasks },
    }, parent));
  }

  endStage(stageId: number, attempt: number, failureReason?: string): void {
    const key = `${stageId}.${attempt}`;
    const span = this.stages.get(key);
    this.stages.delete(key);
    if (span !== undefined) finish(span, failureReason);
  }

  /** Starts a task attempt's span; returns its traceparent for the executor, when tracing is on. */
  startTask(t: TaskSpanInfo): string | undefined {
    const stage = this.stages.get(`${t.stageId}.${t.stageAttempt}`);
    // A stage span that neither records nor has a valid context came from the no-op tracer (an SDK
    // gives even unsampled spans a valid context): its tasks' spans would be no-ops too.
    if (stage !== undefined && !stage.isRecording() && !isSpanContextValid(stage.spanContext())) return undefined;
    const parent = stage === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, stage);
    const span = this.tracer.startSpan(`task ${t.taskId}`, {
      attributes: {
        'flint.task.id': t.taskId, 'flint.stage.id': t.stageId, 'flint.stage.attempt': t.stageAttempt, 'flint.task.partition': t.partition,
        'flint.task.attempt': t.attempt, 'flint.executor.id': t.executorId, 'flint.node.id': t.host,
        'flint.task.speculative': t.speculative, 'flint.task.locality': t.locality,
      },
    }, parent);
    this.tasks.set(t.taskId, span);
    return traceparentOf(span);
  }

  endTask(taskId: number, reason: string, error?: string): void {
    const span = this.tasks.get(taskId);
    this.tasks.delete(taskId);
    if (span === undefined) return;
    span.setAttribute('flint.task.end_reason', reason);
    finish(span, error);
  }

  /** Ends every open span (the driver stopped): tasks, then stages, then jobs. */
  endAll(reason: string): void {
    for (const id of [...this.tasks.keys()]) this.endTask(id, 'stopped', reason);
    for (const span of this.stages.values()) finish(span, reason);
    this.stages.clear();
    for (const id of [...this.jobs.keys()]) this.endJob(id, reason);
  }
}

function finish(span: Span, error: string | undefined): void {
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  span.end();
}

/** W3C traceparent (`00-<trace>-<span>-<flags>`) of a span, or undefined for a non-recording no-op span. */
export function traceparentOf(span: Span): string | undefined {
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}
