// The error a failed job rejects runJob with. An aborted job carries Spark's message ("Job aborted
// due to stage failure: Task 3 in stage 1.0 failed 4 times, most recent failure: …") with the job id
// as a field, and the last task's own error as `cause`.
import { EngineError, ErrorCode, fromWireError, type WireError } from '../../common/index.js';

const NUMBERED_ABORT = /^Job \d+ aborted due to stage failure: /;

export function jobError(jobId: number, error: WireError, cause?: WireError): EngineError {
  // The DAG core names the job in its message; Spark's SparkException does not (the id is a field here).
  const message = error.code === ErrorCode.JobAborted ? error.message.replace(NUMBERED_ABORT, 'Job aborted due to stage failure: ') : error.message;
  return new EngineError(error.code, message, {
    retryable: error.retryable,
    fields: { ...error.fields, jobId },
    ...(cause === undefined ? {} : { cause: fromWireError(cause) }),
  });
}
