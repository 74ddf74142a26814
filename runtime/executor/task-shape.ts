// A LaunchTask arrives from the wire as untrusted data: check the fields the executor relies on
// before running it, so a malformed task fails as BAD_MESSAGE instead of as a TypeError deep inside.
import type { TaskDescription } from './task-protocol.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isIndex = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * 'no driver' when the task names no driver to report to; another description of what is wrong
 * when it cannot run; undefined when it is well formed.
 */
export function taskShapeProblem(task: TaskDescription): string | undefined {
  const t = task as unknown;
  if (!isObject(t) || !isObject(t.driver) || typeof t.driver.node !== 'string' || typeof t.driver.path !== 'string'
    || typeof t.appId !== 'string' || typeof t.taskId !== 'number') {
    return 'no driver';
  }
  if (!isIndex(t.partition)) return `task ${t.taskId}: partition ${String(t.partition)} is not a partition index`;
  if (typeof t.epoch !== 'number') return `task ${t.taskId}: no map output epoch`;
  if (t.functions !== undefined && !isObject(t.functions)) return `task ${t.taskId}: functions are not a record`;
  const b = t.binary;
  if (!isObject(b) || (b.kind !== 'shuffleMap' && b.kind !== 'result')) return `task ${t.taskId}: no task binary of a known kind`;
  if (!Array.isArray(b.rdds) || !b.rdds.every((n) => isObject(n) && typeof n.id === 'number' && isObject(n.compute) && Array.isArray(n.deps))) {
    return `task ${t.taskId}: the task binary's RDD nodes are malformed`;
  }
  if (typeof b.rddId !== 'number') return `task ${t.taskId}: the task binary names no RDD`;
  if (b.kind === 'shuffleMap' && (!isObject(b.dependency) || typeof b.dependency.shuffleId !== 'number' || !isObject(b.dependency.partitioner))) {
    return `task ${t.taskId}: the shuffle map task has no shuffle dependency`;
  }
  if (b.kind === 'result' && (!isObject(b.func) || typeof b.func.id !== 'string')) return `task ${t.taskId}: the result task has no function`;
  return undefined;
}
