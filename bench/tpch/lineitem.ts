// LINEITEM: 1–7 lines per order (≈ 6,000,000 × SF rows). Ship date = order date + [1,121], commit =
// order date + [30,90], receipt = ship date + [1,30]; return flag R/A if received by 1995-06-17 else N;
// line status F if shipped by then else O; supplier = one of the part's four PARTSUPP suppliers.
import { DateDay, Int32 } from 'apache-arrow';
import { DecimalColumn, Int32Column, Int64Column, StringColumn } from './column-builders.js';
import { CURRENT_DATE, START_DATE } from './dates.js';
import { returnFlags, shipInstructions, shipModes } from './distributions.js';
import {
  LAST_ORDER_DATE, MAX_LINES, ORDER_SCALE_BASE, lineCountStream, linePriceStreams, orderDateStream, orderKey,
} from './orders.js';
import { PART_SCALE_BASE, partPrice } from './part.js';
import { partSupplier } from './partsupp.js';
import { RowRandom } from './random.js';
import { SCHEMAS } from './schema.js';
import { TextStream } from './streams.js';
import { makeBatch, rowWindow, scaledRows, type GenerateRange, type TableGenerator } from './table-generator.js';

const N_FLAG = Buffer.from('N');
const F_STATUS = Buffer.from('F');
const O_STATUS = Buffer.from('O');

export const lineitemTable: TableGenerator = {
  name: 'lineitem',
  /** Orders: lineitem is generated order by order. */
  drivingRows: (sf) => scaledRows(ORDER_SCALE_BASE, sf),
  *batches(range: GenerateRange) {
    const sf = range.scaleFactor;
    const { start, end } = rowWindow(range, scaledRows(ORDER_SCALE_BASE, sf));
    const maxPart = scaledRows(PART_SCALE_BASE, sf);
    const date = orderDateStream();
    const lines = lineCountStream();
    const price = linePriceStreams();
    const supplierNumber = new RowRandom(2095021727, MAX_LINES);
    const commitDays = new RowRandom(904914315, MAX_LINES);
    const receiptDays = new RowRandom(373135028, MAX_LINES);
    const flag = new RowRandom(717419739, MAX_LINES);
    const instruct = new RowRandom(1371272478, MAX_LINES);
    const mode = new RowRandom(675466456, MAX_LINES);
    const comment = new TextStream(1095462486, range.pool, 27, MAX_LINES);
    const streams = [date, lines, price.quantity, price.discount, price.tax, price.partKey, price.shipDays,
      supplierNumber, commitDays, receiptDays, flag, instruct, mode, comment.random];
    for (const s of streams) s.advanceRows(start);
    // Batches hold whole orders; ~4 lines per order on average.
    const ordersPerBatch = Math.max(1, Math.ceil(range.batchRows / 4));

    for (let first = start; first < end; first += ordersPerBatch) {
      const orders = Math.min(ordersPerBatch, end - first);
      const cap = orders * MAX_LINES;
      const okey = new Int64Column(cap);
      const pkey = new Int64Column(cap);
      const skey = new Int64Column(cap);
      const lineNumber = new Int32Column(cap, new Int32());
      const quantity = new DecimalColumn(cap);
      const extended = new DecimalColumn(cap);
      const discount = new DecimalColumn(cap);
      const tax = new DecimalColumn(cap);
      const returnFlag = new StringColumn(cap, 1);
      const lineStatus = new StringColumn(cap, 1);
      const shipDate = new Int32Column(cap, new DateDay());
      const commitDate = new Int32Column(cap, new DateDay());
      const receiptDate = new Int32Column(cap, new DateDay());
      const shipInstruct = new StringColumn(cap, 12);
      const shipMode = new StringColumn(cap, 5);
      const text = new StringColumn(cap, 27);
      for (let row = first; row < first + orders; row++) {
        const key = orderKey(row + 1);
        const od = date.nextInt(START_DATE, LAST_ORDER_DATE);
        const count = lines.nextInt(1, MAX_LINES);
        for (let l = 0; l < count; l++) {
          const q = price.quantity.nextInt(1, 50);
          const d = price.discount.nextInt(0, 10);
          const t = price.tax.nextInt(0, 8);
          const p = price.partKey.nextInt(1, maxPart);
          const ship = od + price.shipDays.nextInt(1, 121);
          const receipt = ship + receiptDays.nextInt(1, 30);
          okey.push(key);
          pkey.push(p);
          skey.push(partSupplier(p, supplierNumber.nextInt(0, 3), sf));
          lineNumber.push(l + 1);
          quantity.push(q * 100);
          extended.push(partPrice(p) * q);
          discount.push(d);
          tax.push(t);
          returnFlag.push(receipt <= CURRENT_DATE ? returnFlags.bytes[returnFlags.pick(flag)] : N_FLAG);
          lineStatus.push(ship <= CURRENT_DATE ? F_STATUS : O_STATUS);
          shipDate.push(ship);
          commitDate.push(od + commitDays.nextInt(30, 90));
          receiptDate.push(receipt);
          shipInstruct.push(shipInstructions.bytes[shipInstructions.pick(instruct)]);
          shipMode.push(shipModes.bytes[shipModes.pick(mode)]);
          comment.next(text);
        }
        for (const s of streams) s.rowFinished();
      }
      yield makeBatch(SCHEMAS.lineitem, [
        okey.finish(), pkey.finish(), skey.finish(), lineNumber.finish(), quantity.finish(), extended.finish(),
        discount.finish(), tax.finish(), returnFlag.finish(), lineStatus.finish(), shipDate.finish(),
        commitDate.finish(), receiptDate.finish(), shipInstruct.finish(), shipMode.finish(), text.finish(),
      ]);
    }
  },
};
