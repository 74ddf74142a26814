// A batch of rows held column by column, with an optional selection vector (ascending row indices) that
// a filter produces instead of copying; rows outside the selection are ignored by consumers.
import type { StructTypeData } from '../types/index.js';
import type { ColumnVector } from './column-vector.js';
import { vectorFromValues, vectorGet } from './column-vector.js';

export interface ColumnBatch {
  readonly schema: StructTypeData;
  readonly numRows: number;
  readonly columns: readonly ColumnVector[];
  /** Selected row indices in ascending order; null = all rows. */
  readonly selection: Uint32Array | null;
}

/** A batch from rows of internal values (tests, small inputs). */
export function batchFromRows(schema: StructTypeData, rows: ReadonlyArray<ReadonlyArray<unknown>>): ColumnBatch {
  const columns = schema.fields.map((f, c) => vectorFromValues(f.dataType, rows.map((r) => r[c])));
  return { schema, numRows: rows.length, columns, selection: null };
}

/** The selected rows as arrays of internal values (for show/collect; allocates per row). */
export function batchToRows(batch: ColumnBatch): unknown[][] {
  const out: unknown[][] = [];
  const rows = batch.selection ?? Array.from({ length: batch.numRows }, (_, i) => i);
  for (const i of rows) out.push(batch.columns.map((c) => vectorGet(c, i)));
  return out;
}

/** Number of selected rows. */
export const selectedCount = (b: ColumnBatch): number => (b.selection === null ? b.numRows : b.selection.length);
