// AnalysisError: PySpark's name for errors found while analysing a plan (code ANALYSIS); the resolver's
// EngineErrors are re-thrown as this class with the same message and fields.
import { EngineError, ErrorCode, isEngineError, type ErrorFields } from '../../common/index.js';

export class AnalysisError extends EngineError {
  constructor(message: string, fields: ErrorFields = {}, cause?: unknown) {
    super(ErrorCode.Analysis, message, { fields, cause });
    this.name = 'AnalysisError';
  }
}

/** Runs `f`, turning an ANALYSIS EngineError into an AnalysisError. */
export function analysing<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (isEngineError(err, ErrorCode.Analysis) && !(err instanceof AnalysisError)) throw new AnalysisError(err.message, err.fields, err);
    throw err;
  }
}
