// The typed errors of the storage layer: each names the file (and line or record) that was wrong.
import { EngineError, ErrorCode } from '../common/index.js';

/** A path that does not exist (local or object store). */
export class FileNotFoundError extends EngineError {
  constructor(readonly path: string, cause?: unknown) {
    super(ErrorCode.FileNotFound, `file not found: ${path}`, { fields: { path }, cause });
  }
}

/** A file whose bytes are not a valid file of its format: truncated, overwritten or not that format. */
export class CorruptFileError extends EngineError {
  constructor(readonly path: string, readonly format: string, detail: string, cause?: unknown) {
    super(ErrorCode.CorruptFile, `${format} file ${path} is corrupt or truncated: ${detail}`, { fields: { path, format }, cause });
  }
}

/** A record that does not parse under mode FAILFAST (Spark's "Malformed records are detected in record parsing"). */
export class MalformedRecordError extends EngineError {
  constructor(readonly path: string, readonly line: number, detail: string, cause?: unknown) {
    super(ErrorCode.MalformedRecord,
      `malformed record at ${path}:${line} (mode FAILFAST): ${detail}`, { fields: { path, line }, cause });
  }
}

/** An I/O failure that may pass on retry (network, throttling, a server error). */
export class StorageIoError extends EngineError {
  constructor(readonly path: string, operation: string, detail: string, cause?: unknown) {
    super(ErrorCode.StorageIo, `${operation} ${path} failed: ${detail}`, { retryable: true, fields: { path, operation }, cause });
  }
}
