// What every table generator offers: its row count at a scale factor and its rows as Arrow record
// batches, generated a batch at a time into typed arrays.
import { RecordBatch, Struct, makeData, type Data, type Schema } from 'apache-arrow';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { TableName } from './schema.js';
import type { TextPool } from './text-pool.js';

/** A request for part of a table: rows [start, start + count) of the table's driving key. */
export interface GenerateRange {
  readonly scaleFactor: number;
  readonly pool: TextPool;
  /** Rows per batch (lineitem: orders per batch). */
  readonly batchRows: number;
  /** First row (0-based) of the driving table: part for partsupp, orders for lineitem. */
  readonly start?: number;
  /** Rows of the driving table to generate; default: to the end. */
  readonly count?: number;
}

export interface TableGenerator {
  readonly name: TableName;
  /** Rows of the driving table at this scale factor (part rows for partsupp, orders for lineitem). */
  drivingRows(scaleFactor: number): number;
  batches(range: GenerateRange): Generator<RecordBatch>;
}

/** dbgen's row count: ⌊base × scale factor⌋. */
export function scaledRows(base: number, scaleFactor: number): number {
  return Math.floor(base * scaleFactor);
}

/** The [start, end) rows a range asks for, clamped to the table. */
export function rowWindow(range: GenerateRange, total: number): { start: number; end: number } {
  const start = Math.min(range.start ?? 0, total);
  const end = range.count === undefined ? total : Math.min(total, start + range.count);
  return { start, end };
}

/** Bundles finished columns into a record batch of `schema`. */
export function makeBatch(schema: Schema, columns: readonly Data[]): RecordBatch {
  const data = makeData({ type: new Struct(schema.fields), length: columns[0].length, nullCount: 0, children: [...columns] });
  return new RecordBatch(schema, data);
}

/**
 * Scale factors dbgen's 32-bit streams cover: part keys (200,000 × SF) must stay below 2³¹, so up to
 * SF 10,000; dbgen's 64-bit streams (SF ≥ 30,000) are not ported.
 */
export const MAX_SCALE_FACTOR = 10_000;

/** The smallest scale factor with one supplier (partsupp's supplier formula divides by their count). */
export const MIN_SCALE_FACTOR = 0.0001;

/** Throws INVALID_ARGUMENT unless MIN_SCALE_FACTOR ≤ `scaleFactor` ≤ MAX_SCALE_FACTOR. */
export function checkScaleFactor(scaleFactor: number): void {
  if (!(scaledRows(10_000, scaleFactor) >= 1) || scaleFactor > MAX_SCALE_FACTOR) {
    throw new EngineError(ErrorCode.InvalidArgument, `TPC-H scale factor ${scaleFactor} is outside [${MIN_SCALE_FACTOR}, ${MAX_SCALE_FACTOR}]`, {
      fields: { scaleFactor },
    });
  }
}
