// Test kit for the DAG core: feeds events through dagStep with a MapOutputTable standing in for the
// MapOutputTracker, and completes submitted task sets as executors would. No clocks, no actors.
import type { Lineage } from '../rdd/lineage.js';
import type { DagCommand, ListenerEvent } from './dag-commands.js';
import type { DagEvent, TaskResult } from './dag-events.js';
import { MapOutputTable, type CacheView } from './dag-map-outputs.js';
import { dagStep } from './dag-scheduler-core.js';
import { dagConfig, initialDagState, type DagConfig, type DagState } from './dag-state.js';

export type SubmitTasks = Extract<DagCommand, { kind: 'SubmitTasks' }>;

export class DagSim {
  state: DagState;
  readonly outputs = new MapOutputTable();
  readonly log: DagCommand[] = [];
  cache: CacheView | undefined;

  constructor(cfg: Partial<DagConfig> = {}) {
    this.state = initialDagState(dagConfig(cfg));
  }

  send(event: DagEvent): DagCommand[] {
    const { state, commands } = dagStep(this.state, event, { mapOutputs: this.outputs, cache: this.cache });
    this.state = state;
    this.outputs.apply(commands);
    this.log.push(...commands);
    return [...commands];
  }

  submit(jobId: number, lineage: Lineage, finalRddId: number, partitions?: number[]): DagCommand[] {
    const all = () => Array.from({ length: lineage.rdds[finalRddId].numPartitions }, (_, i) => i);
    return this.send({
      kind: 'JobSubmitted', jobId, finalRddId, lineage, partitions: partitions ?? all(),
      func: { id: 'collect' }, callSite: `job ${jobId}`,
    });
  }

  complete(stageId: number, stageAttempt: number, partition: number, result: TaskResult): DagCommand[] {
    return this.send({ kind: 'TaskCompleted', stageId, stageAttempt, partition, result });
  }

  /** Succeeds every task of `set`: map tasks write on `executorOf(partition)`, result tasks return `value(partition)`. */
  run(set: SubmitTasks, executorOf: (p: number) => string = () => 'e1', value: (p: number) => unknown = (p) => `r${p}`): DagCommand[] {
    const out: DagCommand[] = [];
    for (const t of set.tasks) out.push(...this.complete(set.stageId, set.stageAttempt, t.partition, success(set, t.partition, executorOf(t.partition), value(t.partition))));
    return out;
  }
}

export function success(set: SubmitTasks, partition: number, executorId: string, value: unknown): TaskResult {
  if (set.taskBinary.kind === 'result') return { kind: 'success', value };
  const reducers = set.taskBinary.dependency.partitioner;
  const n = reducers.kind === 'hash' ? reducers.numPartitions : reducers.bounds.length + 1;
  return { kind: 'success', mapStatus: { executorId, host: hostOf(executorId), sizes: Array.from({ length: n }, () => 10) } };
}

/** Executors `eN` live on host `hN`. */
export function hostOf(executorId: string): string {
  return executorId.replace(/^e/, 'h');
}

export function submits(commands: readonly DagCommand[]): SubmitTasks[] {
  return commands.filter((c): c is SubmitTasks => c.kind === 'SubmitTasks');
}

/** The only task set in `commands`; throws when there is not exactly one. */
export function onlySubmit(commands: readonly DagCommand[]): SubmitTasks {
  const s = submits(commands);
  if (s.length !== 1) throw new Error(`expected one SubmitTasks, got ${s.length}: ${JSON.stringify(kinds(commands))}`);
  return s[0];
}

export function partitionsOf(set: SubmitTasks): number[] {
  return set.tasks.map((t) => t.partition);
}

/** Command kinds, listener events shown as `Listener:Kind`, task sets as `SubmitTasks:stage.attempt`. */
export function kinds(commands: readonly DagCommand[]): string[] {
  return commands.map((c) => {
    if (c.kind === 'ListenerEvent') return `Listener:${c.event.kind}`;
    if (c.kind === 'SubmitTasks') return `SubmitTasks:${c.stageId}.${c.stageAttempt}`;
    return c.kind;
  });
}

export function listenerEvents(commands: readonly DagCommand[]): ListenerEvent[] {
  return commands.flatMap((c) => (c.kind === 'ListenerEvent' ? [c.event] : []));
}

export function find<K extends DagCommand['kind']>(commands: readonly DagCommand[], kind: K): Extract<DagCommand, { kind: K }> | undefined {
  return commands.find((c): c is Extract<DagCommand, { kind: K }> => c.kind === kind);
}
