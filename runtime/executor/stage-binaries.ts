// The stage binaries an executor holds (StageBinary messages), per application and stage attempt, so a
// LaunchStageTask carries only its own fields and slices. Entries go on DropStageBinaries or when the
// application ends; the driver sends a binary before the first task of its stage on each executor.
import type { RddNode } from '../rdd/index.js';
import type { ShippedFunction } from '../rdd/function-ship.js';
import type { TaskBinary } from '../scheduler/dag-commands.js';
import type { StageTaskDescription, TaskDescription, TaskSlices } from './task-protocol.js';

interface StageBinaryEntry {
  readonly binary: TaskBinary;
  readonly functions: Readonly<Record<string, ShippedFunction>>;
}

const stageKey = (appId: string, stageId: number, stageAttempt: number): string => `${appId}\0${stageId}.${stageAttempt}`;

export class StageBinaries {
  private readonly entries = new Map<string, StageBinaryEntry>();

  put(appId: string, stageId: number, stageAttempt: number, binary: TaskBinary, functions: Readonly<Record<string, ShippedFunction>>): void {
    this.entries.set(stageKey(appId, stageId, stageAttempt), { binary, functions });
  }

  drop(appId: string, stages: readonly { readonly stageId: number; readonly stageAttempt: number }[]): void {
    for (const s of stages) this.entries.delete(stageKey(appId, s.stageId, s.stageAttempt));
  }

  dropApp(appId: string): void {
    const prefix = `${appId}\0`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The full description of `task`, or undefined when its stage binary is not here. */
  describe(task: StageTaskDescription): TaskDescription | undefined {
    const entry = this.entries.get(stageKey(task.appId, task.stageId, task.stageAttempt));
    if (entry === undefined) return undefined;
    // Completed in place (the message is this task's own, decoded for it): an object rest copy costs
    // more than the rest of the lookup. `slices` stays on it, unread.
    return Object.assign(task, { binary: withTaskSlices(entry.binary, task.slices), functions: entry.functions });
  }
}

/** `binary` with the parallelized sources named in `slices` holding those slices (as the driver's pruneSlices leaves them). */
export function withTaskSlices(binary: TaskBinary, slices: readonly TaskSlices[]): TaskBinary {
  if (slices.length === 0) return binary;
  const byRdd = new Map(slices.map((s) => [s.rddId, s]));
  const rdds = binary.rdds.map((rdd): RddNode => {
    const s = byRdd.get(rdd.id);
    return s === undefined ? rdd : { ...rdd, compute: { kind: 'source', source: { kind: 'parallelize', slices: s.slices, sliceIndex: s.sliceIndex } } };
  });
  return { ...binary, rdds };
}
