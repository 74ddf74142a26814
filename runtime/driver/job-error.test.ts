import t from 'tap';
import { ErrorCode, type WireError } from '../../common/index.js';
import { jobError } from './job-error.js';

t.test('an aborted job gets Spark\'s message, its id as a field and the task error as cause', async (t) => {
  const error: WireError = {
    code: ErrorCode.JobAborted, retryable: false, fields: { jobId: 3, stageId: 1 },
    message: 'Job 3 aborted due to stage failure: Task 2 in stage 1.0 failed 4 times, most recent failure: Lost task 2.3 in stage 1.0 (TID 9) (n1 executor e1): boom',
  };
  const cause: WireError = { code: ErrorCode.Internal, message: 'boom', retryable: false, fields: {} };
  const e = jobError(3, error, cause);
  t.equal(e.message, 'Job aborted due to stage failure: Task 2 in stage 1.0 failed 4 times, most recent failure: Lost task 2.3 in stage 1.0 (TID 9) (n1 executor e1): boom');
  t.match(e, { code: ErrorCode.JobAborted, fields: { jobId: 3, stageId: 1 } });
  t.match(e.cause, { message: 'boom', code: ErrorCode.Internal });
});

t.test('a cancelled job keeps its message', async (t) => {
  const e = jobError(1, { code: ErrorCode.JobCancelled, message: 'Job 1 cancelled: user asked', retryable: false, fields: {} });
  t.equal(e.message, 'Job 1 cancelled: user asked');
  t.equal(e.cause, undefined);
});
