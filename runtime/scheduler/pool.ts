// Scheduling order of task sets (Spark's Pool with FIFOSchedulingAlgorithm and FairSchedulingAlgorithm).
// FIFO: by priority (job id), then stage id. FAIR: the root orders pools, each pool orders its task
// sets by its own mode; a schedulable running fewer tasks than its minShare comes first (least
// minShare-satisfied first), then the one with the fewest running tasks per unit of weight, then by name.
import { assertNever } from '../../common/index.js';

export type SchedulingMode = 'FIFO' | 'FAIR';

/** A FAIR pool as Spark's fairscheduler.xml declares one. */
export interface PoolSpec {
  readonly name: string;
  readonly schedulingMode: SchedulingMode;
  readonly weight: number;
  readonly minShare: number;
}

/** Pool given to task sets whose pool was never declared (as Spark's default pool). */
export function defaultPoolSpec(name: string): PoolSpec {
  return { name, schedulingMode: 'FIFO', weight: 1, minShare: 0 };
}

/** What the orderings look at. */
export interface Schedulable {
  readonly name: string;
  readonly weight: number;
  readonly minShare: number;
  readonly runningTasks: number;
  readonly priority: number;
  readonly stageId: number;
}

/** Spark's FIFOSchedulingAlgorithm as a comparator. */
export function compareFifo(a: Schedulable, b: Schedulable): number {
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  if (a.stageId !== b.stageId) return a.stageId < b.stageId ? -1 : 1;
  return 0;
}

/** Spark's FairSchedulingAlgorithm as a comparator. */
export function compareFair(a: Schedulable, b: Schedulable): number {
  const aNeedy = a.runningTasks < a.minShare;
  const bNeedy = b.runningTasks < b.minShare;
  if (aNeedy && !bNeedy) return -1;
  if (!aNeedy && bNeedy) return 1;
  const cmp = aNeedy && bNeedy
    ? a.runningTasks / Math.max(a.minShare, 1) - b.runningTasks / Math.max(b.minShare, 1)
    : a.runningTasks / a.weight - b.runningTasks / b.weight;
  if (cmp !== 0) return cmp < 0 ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function comparatorFor(mode: SchedulingMode): (a: Schedulable, b: Schedulable) => number {
  switch (mode) {
    case 'FIFO': return compareFifo;
    case 'FAIR': return compareFair;
    default: return assertNever(mode, 'scheduling mode');
  }
}

/** A task set as the pools see it. */
export interface TaskSetEntry extends Schedulable {
  readonly pool: string;
}

/**
 * Task sets in launch order (Spark's rootPool.getSortedTaskSetQueue). In FIFO mode pools are
 * ignored; in FAIR mode pools are ordered by the FAIR comparator over the sum of their running tasks.
 */
export function orderTaskSets<T extends TaskSetEntry>(mode: SchedulingMode, pools: readonly PoolSpec[], taskSets: readonly T[]): T[] {
  if (mode === 'FIFO') return [...taskSets].sort(compareFifo);
  const byPool = new Map<string, T[]>();
  for (const ts of taskSets) {
    const members = byPool.get(ts.pool);
    if (members === undefined) byPool.set(ts.pool, [ts]);
    else members.push(ts);
  }
  const specs = new Map(pools.map((p) => [p.name, p]));
  const poolEntries = [...byPool].map(([name, members]) => {
    const spec = specs.get(name) ?? defaultPoolSpec(name);
    let running = 0;
    for (const m of members) running += m.runningTasks;
    const entry: Schedulable = { name, weight: spec.weight, minShare: spec.minShare, runningTasks: running, priority: 0, stageId: 0 };
    return { entry, spec, members };
  });
  poolEntries.sort((a, b) => compareFair(a.entry, b.entry));
  const out: T[] = [];
  for (const { spec, members } of poolEntries) out.push(...members.sort(comparatorFor(spec.schedulingMode)));
  return out;
}
