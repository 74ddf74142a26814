// PARTSUPP: 4 rows per part. The i-th supplier of part p is dbgen's
// (p + i·(S/4 + ⌊(p−1)/S⌋)) mod S + 1 with S = 10,000 × SF suppliers, so (partkey, suppkey) is unique
// and every supplier supplies parts; lineitem picks its supplier with the same formula.
import { Int32 } from 'apache-arrow';
import { DecimalColumn, Int32Column, Int64Column, StringColumn } from './column-builders.js';
import { PART_SCALE_BASE } from './part.js';
import { RowRandom } from './random.js';
import { SCHEMAS } from './schema.js';
import { TextStream } from './streams.js';
import { makeBatch, rowWindow, scaledRows, type GenerateRange, type TableGenerator } from './table-generator.js';

export const SUPPLIERS_PER_PART = 4;
const SUPPLIER_SCALE_BASE = 10_000;

/** The supplier key of supplier number `i` (0–3) of `partKey`. */
export function partSupplier(partKey: number, i: number, scaleFactor: number): number {
  const suppliers = scaledRows(SUPPLIER_SCALE_BASE, scaleFactor);
  const stride = Math.floor(suppliers / SUPPLIERS_PER_PART) + Math.floor((partKey - 1) / suppliers);
  return ((partKey + i * stride) % suppliers) + 1;
}

export const partsuppTable: TableGenerator = {
  name: 'partsupp',
  drivingRows: (sf) => scaledRows(PART_SCALE_BASE, sf),
  *batches(range: GenerateRange) {
    const { start, end } = rowWindow(range, scaledRows(PART_SCALE_BASE, range.scaleFactor));
    const quantity = new RowRandom(1671059989, SUPPLIERS_PER_PART);
    const cost = new RowRandom(1051288424, SUPPLIERS_PER_PART);
    const comment = new TextStream(1961692154, range.pool, 124, SUPPLIERS_PER_PART);
    const streams = [quantity, cost, comment.random];
    for (const s of streams) s.advanceRows(start);

    for (let first = start; first < end; first += range.batchRows) {
      const parts = Math.min(range.batchRows, end - first);
      const n = parts * SUPPLIERS_PER_PART;
      const partKey = new Int64Column(n);
      const suppKey = new Int64Column(n);
      const avail = new Int32Column(n, new Int32());
      const supplyCost = new DecimalColumn(n);
      const text = new StringColumn(n, 124);
      for (let row = first; row < first + parts; row++) {
        const p = row + 1;
        for (let i = 0; i < SUPPLIERS_PER_PART; i++) {
          partKey.push(p);
          suppKey.push(partSupplier(p, i, range.scaleFactor));
          avail.push(quantity.nextInt(1, 9_999));
          supplyCost.push(cost.nextInt(100, 100_000));
          comment.next(text);
        }
        for (const s of streams) s.rowFinished();
      }
      yield makeBatch(SCHEMAS.partsupp, [partKey.finish(), suppKey.finish(), avail.finish(), supplyCost.finish(), text.finish()]);
    }
  },
};
