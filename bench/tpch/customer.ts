// CUSTOMER: 150,000 × SF rows: a random nation, address, phone, balance in [-999.99, 9999.99],
// market segment and comment, each column on its own dbgen stream.
import { DecimalColumn, Int64Column, StringColumn } from './column-builders.js';
import { NATIONS, marketSegments } from './distributions.js';
import { RowRandom } from './random.js';
import { SCHEMAS } from './schema.js';
import { AlphanumericStream, PhoneStream, TextStream } from './streams.js';
import { makeBatch, rowWindow, scaledRows, type GenerateRange, type TableGenerator } from './table-generator.js';

const SCALE_BASE = 150_000;
const NAME_PREFIX = Buffer.from('Customer#', 'latin1');

export const customerTable: TableGenerator = {
  name: 'customer',
  drivingRows: (sf) => scaledRows(SCALE_BASE, sf),
  *batches(range: GenerateRange) {
    const { start, end } = rowWindow(range, scaledRows(SCALE_BASE, range.scaleFactor));
    const address = new AlphanumericStream(881155353, 25);
    const nation = new RowRandom(1489529863);
    const phone = new PhoneStream(1521138112);
    const balance = new RowRandom(298370230);
    const segment = new RowRandom(1140279430);
    const comment = new TextStream(1335826707, range.pool, 73);
    const streams = [address.random, nation, phone.random, balance, segment, comment.random];
    for (const s of streams) s.advanceRows(start);

    for (let first = start; first < end; first += range.batchRows) {
      const n = Math.min(range.batchRows, end - first);
      const key = new Int64Column(n);
      const name = new StringColumn(n, 18);
      const addr = new StringColumn(n, 26);
      const nationKey = new Int64Column(n);
      const phoneCol = new StringColumn(n, 15);
      const acct = new DecimalColumn(n);
      const seg = new StringColumn(n, 10);
      const text = new StringColumn(n, 74);
      for (let row = first; row < first + n; row++) {
        const k = row + 1;
        const nk = nation.nextInt(0, NATIONS.length - 1);
        key.push(k);
        name.append(NAME_PREFIX);
        name.appendInt(k, 9);
        name.close();
        address.next(addr);
        nationKey.push(nk);
        phone.next(nk, phoneCol);
        acct.push(balance.nextInt(-99_999, 999_999));
        seg.push(marketSegments.bytes[marketSegments.pick(segment)]);
        comment.next(text);
        for (const s of streams) s.rowFinished();
      }
      yield makeBatch(SCHEMAS.customer, [
        key.finish(), name.finish(), addr.finish(), nationKey.finish(), phoneCol.finish(), acct.finish(), seg.finish(),
        text.finish(),
      ]);
    }
  },
};
