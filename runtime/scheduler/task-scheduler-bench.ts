// Micro-benchmark of the task scheduler core alone (no actors, no NATS): how many task launches
// per second the decisions cost. Run: `npm run build && node dist/runtime/scheduler/task-scheduler-bench.js [--json]`.
import { initialTaskScheduler, stepTaskScheduler, type TaskSchedulerState } from './task-scheduler.js';
import { taskSchedulerSettings, type TaskSchedulerSettingsInput } from './scheduler-config.js';
import type { TaskSchedulerCommand } from './task-scheduler-protocol.js';
import type { TaskLocation, TaskSet, WorkerOffer } from './task-set.js';

export interface BenchResult {
  readonly name: string;
  readonly tasks: number;
  /** First run in a fresh process (cold JIT) for the first case; later cases share the warmed code. */
  readonly firstMs: number;
  /** Best wall time of the warmed runs. */
  readonly ms: number;
  /** Best CPU time of the warmed runs. */
  readonly cpuMs: number;
  /** Launches (each with its FINISHED update) per second of wall time, best warmed run. */
  readonly tasksPerSecond: number;
  /** The same per second of CPU time. */
  readonly tasksPerCpuSecond: number;
}

function makeTaskSet(stageId: number, n: number, prefs: (i: number) => readonly TaskLocation[] = () => []): TaskSet {
  return {
    stageId, stageAttempt: 0, jobId: stageId, priority: stageId, pool: `pool${stageId % 4}`,
    tasks: Array.from({ length: n }, (_, partition) => ({ partition, preferredLocations: prefs(partition) })),
  };
}

export interface RunResult {
  readonly launches: number;
  /** Wall time. */
  readonly ms: number;
  /** CPU time of the process: robust when other work shares the machine. */
  readonly cpuMs: number;
}

/**
 * Runs task sets to completion: each round offers every executor's free cores, then finishes every
 * launched task (a status update each), as a driver whose executors run empty tasks would.
 */
export function runToCompletion(
  taskSets: readonly TaskSet[], executors: number, coresPerExecutor: number, settings: TaskSchedulerSettingsInput = {},
): RunResult {
  let state: TaskSchedulerState = initialTaskScheduler(taskSchedulerSettings(settings));
  const free = new Map<string, number>();
  for (let e = 0; e < executors; e++) free.set(`exec-${e}`, coresPerExecutor);
  const hostOf = (id: string): string => `host-${Number(id.slice(5)) % 3}`;
  let launches = 0;
  let now = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const taskSet of taskSets) state = stepTaskScheduler(state, { kind: 'TaskSetSubmitted', taskSet, now }).state;
  for (;;) {
    const offers: WorkerOffer[] = [];
    for (const [executorId, freeCores] of free) if (freeCores > 0) offers.push({ executorId, host: hostOf(executorId), freeCores });
    const step = stepTaskScheduler(state, { kind: 'ResourceOffers', offers, now });
    state = step.state;
    const launched = step.commands.filter((c): c is Extract<TaskSchedulerCommand, { kind: 'LaunchTask' }> => c.kind === 'LaunchTask');
    if (launched.length === 0 && state.attempts.size === 0) break;
    now += 1;
    for (const l of launched) {
      launches++;
      free.set(l.executorId, (free.get(l.executorId) ?? 0) - 1);
    }
    for (const l of launched) {
      state = stepTaskScheduler(state, { kind: 'TaskStatusUpdate', taskId: l.taskId, state: 'FINISHED', result: null, now }).state;
      free.set(l.executorId, (free.get(l.executorId) ?? 0) + 1);
    }
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { launches, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

function measure(name: string, run: () => RunResult, warmups = 10, repeats = 10): BenchResult {
  const first = run();
  for (let i = 1; i < warmups; i++) run();
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < repeats; i++) {
    const r = run();
    best = Math.min(best, r.ms);
    bestCpu = Math.min(bestCpu, r.cpuMs);
  }
  const n = first.launches;
  return {
    name, tasks: n, firstMs: round(first.ms), ms: round(best), cpuMs: round(bestCpu),
    tasksPerSecond: Math.round(n / (best / 1000)), tasksPerCpuSecond: Math.round(n / (Math.max(bestCpu, 0.001) / 1000)),
  };
}

/** The benchmark cases; each reports its best of several runs. */
export function runSchedulerBench(): BenchResult[] {
  const prefer = (i: number): readonly TaskLocation[] => [{ kind: 'executor', executorId: `exec-${i % 8}`, host: `host-${(i % 8) % 3}` }];
  return [
    measure('10k empty tasks, 2 executors × 4 cores (launch + finish)', () => runToCompletion([makeTaskSet(1, 10_000)], 2, 4)),
    measure('same, with exclusion and speculation enabled', () =>
      runToCompletion([makeTaskSet(1, 10_000)], 2, 4, { exclusion: { enabled: true }, speculation: { enabled: true } })),
    measure('10k tasks, one offer of 10k cores (launch + finish)', () => runToCompletion([makeTaskSet(1, 10_000)], 1, 10_000)),
    measure('10k tasks preferring 8 executors, 8 × 4 cores', () => runToCompletion([makeTaskSet(1, 10_000, prefer)], 8, 4)),
    measure('20 task sets × 500 tasks, FAIR pools, 8 × 4 cores', () =>
      runToCompletion(Array.from({ length: 20 }, (_, s) => makeTaskSet(s + 1, 500)), 8, 4, { schedulingMode: 'FAIR' })),
  ];
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '\0');
if (isMain) {
  const results = runSchedulerBench();
  if (process.argv.includes('--json')) for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const r of results) {
      process.stdout.write(`${r.name.padEnd(58)} ${String(r.tasks).padStart(6)} tasks  first ${r.firstMs.toFixed(1).padStart(7)} ms  ` +
        `best ${r.ms.toFixed(1).padStart(7)} ms (cpu ${r.cpuMs.toFixed(1).padStart(6)} ms) ` +
        `${r.tasksPerSecond.toLocaleString('en-US').padStart(10)} tasks/s (${r.tasksPerCpuSecond.toLocaleString('en-US')} per cpu-s)\n`);
    }
  }
}
