// Pending-task indexes of one task set by where each task would like to run (Spark's PendingTasksByLocality).
// A task is listed under every preference it has and in `all`; lists are stacks, lowest index on top.
// Removal is lazy: a task launched from one list stays in the others until a later scan finds it
// already running or done and drops it, which keeps each launch O(1) amortised.
import type { TaskLocation } from './task-set.js';

export interface PendingLists {
  readonly forExecutor: Map<string, number[]>;
  readonly forHost: Map<string, number[]>;
  readonly noPrefs: number[];
  readonly all: number[];
}

export function newPendingLists(): PendingLists {
  return { forExecutor: new Map(), forHost: new Map(), noPrefs: [], all: [] };
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else list.push(index);
}

/** Lists task `index` under its preferences (an executor preference also counts for its host). */
export function addPendingTask(lists: PendingLists, index: number, locations: readonly TaskLocation[]): void {
  for (const loc of locations) {
    if (loc.kind === 'executor') push(lists.forExecutor, loc.executorId, index);
    push(lists.forHost, loc.host, index);
  }
  if (locations.length === 0) lists.noPrefs.push(index);
  lists.all.push(index);
}

/**
 * Pops the first task of `list` that may run here and still needs a copy (Spark's dequeueTaskFromList).
 * Tasks that `excludedHere` are skipped but kept; tasks that no longer need a copy are dropped.
 */
export function dequeueFrom(
  list: number[] | undefined,
  excludedHere: (index: number) => boolean,
  needsCopy: (index: number) => boolean,
): number | undefined {
  if (list === undefined) return undefined;
  for (let offset = list.length - 1; offset >= 0; offset--) {
    const index = list[offset];
    if (excludedHere(index)) continue;
    if (offset === list.length - 1) list.pop();
    else list.splice(offset, 1);
    if (needsCopy(index)) return index;
  }
  return undefined;
}

/** True when `list` still holds a task needing a copy; drops the ones that do not from the top. */
export function hasTaskNeeding(list: number[], needsCopy: (index: number) => boolean): boolean {
  for (let offset = list.length - 1; offset >= 0; offset--) {
    if (needsCopy(list[offset])) return true;
    list.pop();
  }
  return false;
}

/** True when any list of `map` still holds a task needing a copy; empty lists are removed. */
export function anyListHasTaskNeeding(map: Map<string, number[]>, needsCopy: (index: number) => boolean): boolean {
  for (const [key, list] of map) {
    if (hasTaskNeeding(list, needsCopy)) return true;
    map.delete(key);
  }
  return false;
}
