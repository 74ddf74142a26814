// PART: 200,000 × SF rows. p_name is 5 distinct colors (a partial shuffle of dbgen's 92), brand is
// manufacturer·10 + [1,5], and the retail price is dbgen's function of the key (so lineitem can
// price a part without looking it up).
import { DecimalColumn, Int32Column, Int64Column, StringColumn } from './column-builders.js';
import { colors, partContainers, partTypes } from './distributions.js';
import { RowRandom } from './random.js';
import { SCHEMAS } from './schema.js';
import { TextStream } from './streams.js';
import { makeBatch, rowWindow, scaledRows, type GenerateRange, type TableGenerator } from './table-generator.js';
import { Int32 } from 'apache-arrow';

export const PART_SCALE_BASE = 200_000;
const NAME_WORDS = 5;
const COLOR_BYTES = colors.map((c) => Buffer.from(c, 'latin1'));
const MFGR = Buffer.from('Manufacturer#', 'latin1');
const BRAND = Buffer.from('Brand#', 'latin1');

/** p_retailprice in hundredths: 90,000 + ⌊key/10⌋ mod 20,001 + (key mod 1,000)·100. */
export function partPrice(partKey: number): number {
  return 90_000 + (Math.floor(partKey / 10) % 20_001) + (partKey % 1_000) * 100;
}

export const partTable: TableGenerator = {
  name: 'part',
  drivingRows: (sf) => scaledRows(PART_SCALE_BASE, sf),
  *batches(range: GenerateRange) {
    const { start, end } = rowWindow(range, scaledRows(PART_SCALE_BASE, range.scaleFactor));
    const nameRandom = new RowRandom(709314158, colors.length);
    const mfgrRandom = new RowRandom(1);
    const brandRandom = new RowRandom(46831694);
    const typeRandom = new RowRandom(1841581359);
    const sizeRandom = new RowRandom(1193163244);
    const containerRandom = new RowRandom(727633698);
    const comment = new TextStream(804159733, range.pool, 14);
    const streams = [nameRandom, mfgrRandom, brandRandom, typeRandom, sizeRandom, containerRandom, comment.random];
    for (const s of streams) s.advanceRows(start);
    const order = new Int32Array(colors.length);

    for (let first = start; first < end; first += range.batchRows) {
      const n = Math.min(range.batchRows, end - first);
      const key = new Int64Column(n);
      const name = new StringColumn(n, 34);
      const mfgr = new StringColumn(n, 14);
      const brand = new StringColumn(n, 8);
      const type = new StringColumn(n, 21);
      const size = new Int32Column(n, new Int32());
      const container = new StringColumn(n, 8);
      const price = new DecimalColumn(n);
      const text = new StringColumn(n, 14);
      for (let row = first; row < first + n; row++) {
        const k = row + 1;
        key.push(k);
        for (let i = 0; i < order.length; i++) order[i] = i;
        for (let i = 0; i < NAME_WORDS; i++) {
          const j = nameRandom.nextInt(i, order.length - 1);
          const t = order[i]; order[i] = order[j]; order[j] = t;
          if (i > 0) name.appendByte(0x20);
          name.append(COLOR_BYTES[order[i]]);
        }
        name.close();
        const m = mfgrRandom.nextInt(1, 5);
        mfgr.append(MFGR); mfgr.appendInt(m); mfgr.close();
        brand.append(BRAND); brand.appendInt(m * 10 + brandRandom.nextInt(1, 5)); brand.close();
        type.push(partTypes.bytes[partTypes.pick(typeRandom)]);
        size.push(sizeRandom.nextInt(1, 50));
        container.push(partContainers.bytes[partContainers.pick(containerRandom)]);
        price.push(partPrice(k));
        comment.next(text);
        for (const s of streams) s.rowFinished();
      }
      yield makeBatch(SCHEMAS.part, [
        key.finish(), name.finish(), mfgr.finish(), brand.finish(), type.finish(), size.finish(), container.finish(),
        price.finish(), text.finish(),
      ]);
    }
  },
};
