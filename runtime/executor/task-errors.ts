// The typed errors a task attempt ends with besides its user code's own: killed on request, a shuffle
// input it could not read (the driver re-runs the parent stage), a user function that threw.
import { EngineError, ErrorCode, isEngineError } from '../../common/index.js';
import type { FetchFailure } from '../scheduler/task-set.js';

/** Thrown at the task's next check after KillTask (or its application ended). */
export class TaskKilledError extends EngineError {
  constructor(readonly reason: string, taskId: number) {
    super(ErrorCode.JobCancelled, `task ${taskId} was killed: ${reason}`, { fields: { taskId, reason } });
  }
}

/** A shuffle block that could not be read: reported as `fetchFailed`, not as a task failure. */
export class FetchFailedError extends EngineError {
  constructor(readonly failure: FetchFailure, message: string, cause?: unknown, code: ErrorCode = ErrorCode.BlockFetchFailed) {
    super(code, message, {
      retryable: true, cause,
      fields: { shuffleId: failure.shuffleId, mapPartition: failure.mapPartition, executorId: failure.executorId },
    });
  }
}

/** What the task was doing when user code failed, for the message. */
export interface UserCodeSite {
  readonly label: string;
  readonly operation: string;
  readonly rddId: number;
  readonly partition: number;
}

/**
 * Wraps an error thrown by user code so the driver sees which function failed where. Engine
 * control errors (kill, fetch failure) pass through unchanged.
 */
export function userCodeError(err: unknown, site: UserCodeSite): EngineError {
  if (err instanceof TaskKilledError || err instanceof FetchFailedError) return err;
  if (isEngineError(err) && err.fields.function !== undefined && err.fields.rddId !== undefined) return err;
  const detail = err instanceof Error ? `${err.name === 'Error' || err.name === 'EngineError' ? '' : `${err.name}: `}${err.message}` : String(err);
  const code = isEngineError(err) ? err.code : ErrorCode.RemoteFailure;
  return new EngineError(code, `${site.label} (${site.operation}) failed on partition ${site.partition} of RDD ${site.rddId}: ${detail}`, {
    cause: err,
    fields: {
      function: site.label, operation: site.operation, rddId: site.rddId, partition: site.partition,
      errorName: err instanceof Error ? err.name : typeof err,
    },
  });
}
