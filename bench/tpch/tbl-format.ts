// dbgen's `.tbl` text form of generated rows (`a|b|c|`): money with two decimals, dates as
// YYYY-MM-DD, l_quantity as an integer. Used to compare against published dbgen output.
import { Type, type Data, type Field, type RecordBatch } from 'apache-arrow';
import { formatDate } from './dates.js';

/** Each row of `batch` as a dbgen `.tbl` line (with the trailing `|`). */
export function toTblLines(batch: RecordBatch): string[] {
  const columns = batch.schema.fields.map((field, i) => ({ field, data: batch.getChildAt(i)!.data[0] }));
  const lines: string[] = [];
  for (let row = 0; row < batch.numRows; row++) {
    lines.push(columns.map(({ field, data }) => `${formatValue(field, data, row)}|`).join(''));
  }
  return lines;
}

/** Hundredths stored in a decimal128 column (values here fit in 53 bits). */
export function decimalCents(data: Data, row: number): number {
  const w = data.values as Uint32Array;
  return (w[row * 4 + 1] | 0) * 4294967296 + w[row * 4];
}

function formatValue(field: Field, data: Data, row: number): string {
  switch (field.typeId) {
    case Type.Decimal: {
      const cents = decimalCents(data, row);
      if (field.name === 'l_quantity') return String(cents / 100);
      const abs = Math.abs(cents);
      return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
    }
    case Type.Date: return formatDate(Number(data.values[row]));
    case Type.Utf8: {
      const o = data.valueOffsets;
      return Buffer.from((data.values as Uint8Array).subarray(o[row], o[row + 1])).toString('latin1');
    }
    default: return String(data.values[row]);
  }
}
