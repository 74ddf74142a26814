// SUPPLIER: 10,000 × SF rows. Per row: a random nation, address, phone, balance in [-999.99, 9999.99]
// and a comment; 10 in 10,000 comments get "Customer … Complaints/Recommends" written into them
// (the Better Business Bureau rows that Q16 filters out).
import { DecimalColumn, Int64Column, StringColumn } from './column-builders.js';
import { NATIONS } from './distributions.js';
import { RowRandom } from './random.js';
import { SCHEMAS } from './schema.js';
import { AlphanumericStream, PhoneStream, TextStream } from './streams.js';
import { makeBatch, rowWindow, scaledRows, type GenerateRange, type TableGenerator } from './table-generator.js';

const SCALE_BASE = 10_000;
const BBB_BASE = Buffer.from('Customer ', 'latin1');
const BBB_COMPLAINT = Buffer.from('Complaints', 'latin1');
const BBB_RECOMMEND = Buffer.from('Recommends', 'latin1');
const BBB_LENGTH = BBB_BASE.length + BBB_COMPLAINT.length;
const NAME_PREFIX = Buffer.from('Supplier#', 'latin1');

export const supplierTable: TableGenerator = {
  name: 'supplier',
  drivingRows: (sf) => scaledRows(SCALE_BASE, sf),
  *batches(range: GenerateRange) {
    const { start, end } = rowWindow(range, scaledRows(SCALE_BASE, range.scaleFactor));
    const address = new AlphanumericStream(706178559, 25);
    const nation = new RowRandom(110356601);
    const phone = new PhoneStream(884434366);
    const balance = new RowRandom(962338209);
    const comment = new TextStream(1341315363, range.pool, 63);
    const bbbPick = new RowRandom(202794285);
    const bbbJunk = new RowRandom(263032577);
    const bbbOffset = new RowRandom(715851524);
    const bbbType = new RowRandom(753643799);
    const streams = [address.random, nation, phone.random, balance, comment.random, bbbPick, bbbJunk, bbbOffset, bbbType];
    for (const s of streams) s.advanceRows(start);

    for (let first = start; first < end; first += range.batchRows) {
      const n = Math.min(range.batchRows, end - first);
      const key = new Int64Column(n);
      const name = new StringColumn(n, 18);
      const addr = new StringColumn(n, 26);
      const nationKey = new Int64Column(n);
      const phoneCol = new StringColumn(n, 15);
      const acct = new DecimalColumn(n);
      const text = new StringColumn(n, 64);
      for (let row = first; row < first + n; row++) {
        const k = row + 1;
        key.push(k);
        name.append(NAME_PREFIX);
        name.appendInt(k, 9);
        name.close();
        const length = comment.next(text);
        if (bbbPick.nextInt(1, SCALE_BASE) <= 10) {
          // Overwrite part of the comment in place (same length): "Customer " … noise … verdict.
          const noise = bbbJunk.nextInt(0, length - BBB_LENGTH);
          const offset = bbbOffset.nextInt(0, length - (BBB_LENGTH + noise));
          const verdict = bbbType.nextInt(0, 100) < 50 ? BBB_COMPLAINT : BBB_RECOMMEND;
          const b = text.reserve(0);
          const at = text.end - length + offset;
          b.set(BBB_BASE, at);
          b.set(verdict, at + BBB_BASE.length + noise);
        }
        const nk = nation.nextInt(0, NATIONS.length - 1);
        address.next(addr);
        nationKey.push(nk);
        phone.next(nk, phoneCol);
        acct.push(balance.nextInt(-99_999, 999_999));
        for (const s of streams) s.rowFinished();
      }
      yield makeBatch(SCHEMAS.supplier, [
        key.finish(), name.finish(), addr.finish(), nationKey.finish(), phoneCol.finish(), acct.finish(), text.finish(),
      ]);
    }
  },
};
