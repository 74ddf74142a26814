// Runs one task attempt to its final state: revive the user functions (fetching the broadcasts they
// capture), compute the partition, then write the shuffle (map task) or encode the result (result
// task; through a block when too large for a control message). Every failure ends as data — FAILED
// with a WireError (and `fetchFailed` for unreadable shuffle input) or KILLED — never as a throw.
import { EngineError, ErrorCode, toWireError, type Logger } from '../../common/index.js';
import { blockName, taskResultBlockId } from '../blocks/block-id.js';
import { StorageLevels } from '../blocks/storage-level.js';
import { TaskAccumulators } from '../rdd/accumulator-task.js';
import type { BroadcastCache } from '../rdd/broadcast-cache.js';
import type { TaskState } from '../scheduler/task-set.js';
import type { ExecutorServices } from './executor-services.js';
import { PartitionComputer } from './partition-compute.js';
import { shippedTaskValue } from './result-encoding.js';
import { writeShuffle } from './shuffle-writer.js';
import { TaskContext, type TaskControl } from './task-context.js';
import { FetchFailedError, TaskKilledError } from './task-errors.js';
import { emptyTaskMetrics, type MutableTaskMetrics } from './task-metrics.js';
import { BUILTIN_COLLECT, MAX_DIRECT_RESULT_BYTES, appBlockName, type TaskDescription, type TaskOutcome } from './task-protocol.js';
import { UserFunctions } from './user-functions.js';

const resultBlockName = (taskId: number): string => blockName(taskResultBlockId(taskId));

export interface TaskFinal {
  readonly state: Extract<TaskState, 'FINISHED' | 'FAILED' | 'KILLED'>;
  readonly outcome: TaskOutcome;
}

export interface TaskRunDeps {
  readonly services: ExecutorServices;
  /** The application's broadcast values on this executor. */
  readonly broadcasts: BroadcastCache;
  readonly log: Logger;
}

export async function runTask(task: TaskDescription, control: TaskControl, deps: TaskRunDeps): Promise<TaskFinal> {
  const started = performance.now();
  const metrics = emptyTaskMetrics();
  try {
    const outcome = await runToSuccess(task, control, deps, metrics, started);
    if (control.killed && outcome.kind === 'success' && outcome.resultBlock) {
      await deps.services.blocks.remove(task.appId, resultBlockName(task.taskId)).catch(() => false);
    }
    control.throwIfKilled();
    return { state: 'FINISHED', outcome };
  } catch (err) {
    // Once killed, whatever else went wrong is a consequence of the kill.
    if (err instanceof TaskKilledError || control.killed) return { state: 'KILLED', outcome: { kind: 'killed', reason: control.reason ?? 'killed' } };
    metrics.runMs = performance.now() - started;
    const failed: TaskOutcome = err instanceof FetchFailedError
      ? { kind: 'failed', error: toWireError(err), fetchFailed: err.failure, metrics: { ...metrics } }
      : { kind: 'failed', error: toWireError(err), metrics: { ...metrics } };
    return { state: 'FAILED', outcome: failed };
  }
}

async function runToSuccess(task: TaskDescription, control: TaskControl, deps: TaskRunDeps, metrics: MutableTaskMetrics,
  started: number): Promise<TaskOutcome> {
  const binary = task.binary;
  if (binary.kind === 'result' && binary.func.id !== BUILTIN_COLLECT) {
    throw new EngineError(ErrorCode.Unsupported, `task ${task.taskId}: unknown result function ${binary.func.id} (executors run ${BUILTIN_COLLECT})`, {
      fields: { functionId: binary.func.id },
    });
  }
  const accumulators = new TaskAccumulators();
  const functions = await UserFunctions.prepare(task.functions ?? {}, accumulators, deps.broadcasts);
  control.throwIfKilled();
  const log = deps.log.child({ app: task.appId, task: task.taskId, stage: `${task.stageId}.${task.stageAttempt}`, partition: task.partition });
  const ctx = new TaskContext(task, control, functions, metrics, deps.services, log);
  const values = await new PartitionComputer(ctx, binary.rdds).compute(binary.rddId, task.partition);
  switch (binary.kind) {
    case 'shuffleMap': {
      const mapStatus = await writeShuffle(ctx, binary.dependency, values, task.partition);
      const accumulatorUpdates = accumulators.updates();
      metrics.runMs = performance.now() - started;
      return { kind: 'success', mapStatus, accumulatorUpdates, metrics: { ...metrics } };
    }
    case 'result': {
      const bytes = shippedTaskValue(values, `the result of partition ${task.partition} of RDD ${binary.rddId}`);
      const accumulatorUpdates = accumulators.updates();
      metrics.resultBytes = bytes.byteLength;
      if (bytes.byteLength <= MAX_DIRECT_RESULT_BYTES) {
        metrics.runMs = performance.now() - started;
        return { kind: 'success', value: bytes, accumulatorUpdates, metrics: { ...metrics } };
      }
      const name = resultBlockName(task.taskId);
      const stored = await deps.services.blocks.put(task.appId, name, bytes, StorageLevels.MEMORY_AND_DISK);
      if (!stored) throw new EngineError(ErrorCode.DiskStoreFailed, `task ${task.taskId}: could not store its ${bytes.byteLength}-byte result`);
      metrics.runMs = performance.now() - started;
      // The driver fetches the block over the socket by this name and then removes it (RemoveBlocks).
      const resultBlock = { blockId: appBlockName(task.appId, name), from: deps.services.endpoint, size: bytes.byteLength };
      return { kind: 'success', resultBlock, accumulatorUpdates, metrics: { ...metrics } };
    }
    default: {
      const kind: never = binary;
      throw new EngineError(ErrorCode.BadMessage, `task ${task.taskId}: unknown task binary kind ${JSON.stringify((kind as { kind?: unknown }).kind)}`);
    }
  }
}
