// Spark's parse modes for text formats and the handling of one malformed record under them.
import * as A from 'apache-arrow';
import { EngineError, ErrorCode } from '../../common/index.js';
import { MalformedRecordError } from '../errors.js';

/** PERMISSIVE keeps bad rows (nulls, raw text in the corrupt-record column); DROPMALFORMED drops them; FAILFAST throws. */
export type ParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';

/** Spark's default name of the column that holds a malformed record's text. */
export const CORRUPT_RECORD_COLUMN = '_corrupt_record';

/** Validates a mode option (case-insensitive as in Spark). */
export function parseMode(mode: string | undefined): ParseMode {
  const m = (mode ?? 'PERMISSIVE').toUpperCase();
  if (m === 'PERMISSIVE' || m === 'DROPMALFORMED' || m === 'FAILFAST') return m;
  throw new EngineError(ErrorCode.InvalidArgument, `mode ${mode} is not one of PERMISSIVE, DROPMALFORMED, FAILFAST`, { fields: { mode } });
}

/** The index of the corrupt-record column in `schema` (a nullable string field), or -1. */
export function corruptColumnIndex(schema: A.Schema, name: string): number {
  const i = schema.fields.findIndex((f) => f.name === name);
  if (i < 0) return -1;
  if (!A.DataType.isUtf8(schema.fields[i].type)) {
    throw new EngineError(ErrorCode.Analysis, `the corrupt record column ${name} must be a nullable string`, { fields: { column: name } });
  }
  return i;
}

/** What to do with a malformed record: 'keep' (PERMISSIVE) or 'drop'; FAILFAST throws naming file and line. */
export function onMalformed(mode: ParseMode, path: string, line: number, detail: string): 'keep' | 'drop' {
  if (mode === 'FAILFAST') throw new MalformedRecordError(path, line, detail);
  return mode === 'PERMISSIVE' ? 'keep' : 'drop';
}
