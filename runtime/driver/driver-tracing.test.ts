// Spans of a job run by the driver: job under the caller's active span, stages under the job, tasks
// under their stage, and each task's traceparent in its TaskDescription.
import t from 'tap';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { failure, defaultOutcome, startHarness, track, twoStageJob, until, oneStageJob } from './driver-test-kit.fixture.js';

const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

t.test('a job, its stages and its tasks are spans in the caller\'s trace', async (t) => {
  const h = await startHarness({ executors: [{ id: 'e1', node: 'n1', cores: 2 }] });
  const caller = trace.getTracer('test').startSpan('caller');
  const job = track(context.with(trace.setSpan(context.active(), caller), () => h.driver.runJob(twoStageJob())));
  await until(() => job.state() !== 'pending');
  caller.end();
  const spans = exporter.getFinishedSpans();
  const jobSpan = spans.find((s) => s.name === 'job 0')!;
  t.ok(jobSpan, 'the job has a span');
  t.equal(jobSpan.parentSpanContext?.spanId, caller.spanContext().spanId, 'under the span active when runJob was called');
  t.match(jobSpan.attributes, { 'flint.app.id': 'app-test', 'flint.job.id': 0, 'flint.job.call_site': 'collect at two-stage.ts:1' });
  const stages = spans.filter((s) => s.name.startsWith('stage '));
  t.equal(stages.length, 2);
  t.ok(stages.every((s) => s.parentSpanContext?.spanId === jobSpan.spanContext().spanId), 'stages are children of the job');
  const tasks = spans.filter((s) => s.name.startsWith('task '));
  t.equal(tasks.length, 6);
  const stageIds = new Set(stages.map((s) => s.spanContext().spanId));
  t.ok(tasks.every((s) => stageIds.has(s.parentSpanContext?.spanId ?? '')), 'tasks are children of their stage');
  t.ok(tasks.every((s) => s.spanContext().traceId === caller.spanContext().traceId), 'all in the caller\'s trace');
  for (const task of h.executors[0].launched) {
    const span = tasks.find((s) => s.attributes['flint.task.id'] === task.taskId)!;
    t.equal(task.traceparent, `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`, `task ${task.taskId} carries its span's traceparent`);
  }
  await h.shutdown();
});

t.test('a failed job ends its spans with an error status', async (t) => {
  exporter.reset();
  const h = await startHarness({
    executors: [{ id: 'e1', node: 'n1', cores: 1 }],
    conf: { 'spark.task.maxFailures': '1' },
    script: (task, e) => (task.partition === 0 ? failure('bad record') : defaultOutcome(task, e)),
  });
  const job = track(h.driver.runJob(oneStageJob([[1], [2]])));
  await until(() => job.state() === 'rejected');
  const spans = exporter.getFinishedSpans();
  t.match(spans.find((s) => s.name === 'job 0')?.status, { code: 2, message: /Task 0 in stage 0\.0 failed 1 times/ });
  t.match(spans.find((s) => s.name === 'task 0')?.status, { code: 2, message: 'bad record' });
  await h.shutdown();
});
