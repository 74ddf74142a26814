// ORDERS: 1,500,000 × SF rows with sparse keys (8 of every 32). The order's lines are simulated on
// lineitem's own streams to derive o_totalprice (Σ extendedprice·(1−discount)·(1+tax)) and
// o_orderstatus (F all lines shipped by 1995-06-17, O none, P some), exactly as lineitem will have them.
import { DateDay, Int32 } from 'apache-arrow';
import { DecimalColumn, Int32Column, Int64Column, StringColumn } from './column-builders.js';
import { CURRENT_DATE, START_DATE, TOTAL_DATE_RANGE } from './dates.js';
import { orderPriorities } from './distributions.js';
import { PART_SCALE_BASE, partPrice } from './part.js';
import { RowRandom } from './random.js';
import { SCHEMAS } from './schema.js';
import { TextStream } from './streams.js';
import { makeBatch, rowWindow, scaledRows, type GenerateRange, type TableGenerator } from './table-generator.js';

export const ORDER_SCALE_BASE = 1_500_000;
const CUSTOMER_SCALE_BASE = 150_000;
export const MAX_LINES = 7;
const SHIP_DAYS_MAX = 121;
const RECEIPT_DAYS_MAX = 30;
/** Last order date: 1998-08-02, so every line is received by the end of 1998. */
export const LAST_ORDER_DATE = START_DATE + TOTAL_DATE_RANGE - (SHIP_DAYS_MAX + RECEIPT_DAYS_MAX) - 1;
const CLERK_PREFIX = Buffer.from('Clerk#', 'latin1');
const STATUS = { F: Buffer.from('F'), O: Buffer.from('O'), P: Buffer.from('P') } as const;

/** The key of the order with 1-based index `i`: 8 consecutive keys kept in every 32. */
export function orderKey(index: number): number {
  return Math.floor(index / 8) * 32 + (index % 8);
}

/** Order-level streams shared by ORDERS and LINEITEM (same seeds, so both see the same orders). */
export function orderDateStream(): RowRandom { return new RowRandom(1066728069); }
export function lineCountStream(): RowRandom { return new RowRandom(1434868289); }

/** The lineitem streams that ORDERS also needs, one seed budget of 7 lines per order. */
export interface LinePriceStreams {
  readonly quantity: RowRandom;
  readonly discount: RowRandom;
  readonly tax: RowRandom;
  readonly partKey: RowRandom;
  readonly shipDays: RowRandom;
}

export function linePriceStreams(): LinePriceStreams {
  return {
    quantity: new RowRandom(209208115, MAX_LINES),
    discount: new RowRandom(554590007, MAX_LINES),
    tax: new RowRandom(721958466, MAX_LINES),
    partKey: new RowRandom(1808217256, MAX_LINES),
    shipDays: new RowRandom(1769349045, MAX_LINES),
  };
}

/** A line's charge in hundredths, with dbgen's integer truncations. */
export function lineCharge(extendedPrice: number, discount: number, tax: number): number {
  return Math.floor((Math.floor((extendedPrice * (100 - discount)) / 100) * (100 + tax)) / 100);
}

export const ordersTable: TableGenerator = {
  name: 'orders',
  drivingRows: (sf) => scaledRows(ORDER_SCALE_BASE, sf),
  *batches(range: GenerateRange) {
    const sf = range.scaleFactor;
    const { start, end } = rowWindow(range, scaledRows(ORDER_SCALE_BASE, sf));
    const maxCustomer = scaledRows(CUSTOMER_SCALE_BASE, sf);
    const maxPart = scaledRows(PART_SCALE_BASE, sf);
    const maxClerk = Math.trunc(Math.max(sf * 1000, 1000));
    const date = orderDateStream();
    const lines = lineCountStream();
    const customer = new RowRandom(851767375);
    const priority = new RowRandom(591449447);
    const clerk = new RowRandom(1171034773);
    const comment = new TextStream(276090261, range.pool, 49);
    const line = linePriceStreams();
    const streams = [date, lines, customer, priority, clerk, comment.random, line.quantity, line.discount, line.tax,
      line.partKey, line.shipDays];
    for (const s of streams) s.advanceRows(start);

    for (let first = start; first < end; first += range.batchRows) {
      const n = Math.min(range.batchRows, end - first);
      const key = new Int64Column(n);
      const custKey = new Int64Column(n);
      const status = new StringColumn(n, 1);
      const total = new DecimalColumn(n);
      const orderDate = new Int32Column(n, new DateDay());
      const prio = new StringColumn(n, 8);
      const clerkCol = new StringColumn(n, 15);
      const shipPriority = new Int32Column(n, new Int32());
      const text = new StringColumn(n, 49);
      for (let row = first; row < first + n; row++) {
        key.push(orderKey(row + 1));
        const od = date.nextInt(START_DATE, LAST_ORDER_DATE);
        // A third of the customers place no orders: step off multiples of 3.
        let ck = customer.nextInt(1, maxCustomer);
        for (let delta = 1; ck % 3 === 0; delta = -delta) ck = Math.min(ck + delta, maxCustomer);
        custKey.push(ck);
        let price = 0;
        let shipped = 0;
        const count = lines.nextInt(1, MAX_LINES);
        for (let l = 0; l < count; l++) {
          const q = line.quantity.nextInt(1, 50);
          const d = line.discount.nextInt(0, 10);
          const t = line.tax.nextInt(0, 8);
          const p = line.partKey.nextInt(1, maxPart);
          price += lineCharge(partPrice(p) * q, d, t);
          if (od + line.shipDays.nextInt(1, SHIP_DAYS_MAX) <= CURRENT_DATE) shipped++;
        }
        status.push(shipped === count ? STATUS.F : shipped > 0 ? STATUS.P : STATUS.O);
        total.push(price);
        orderDate.push(od);
        prio.push(orderPriorities.bytes[orderPriorities.pick(priority)]);
        clerkCol.append(CLERK_PREFIX); clerkCol.appendInt(clerk.nextInt(1, maxClerk), 9); clerkCol.close();
        shipPriority.push(0);
        comment.next(text);
        for (const s of streams) s.rowFinished();
      }
      yield makeBatch(SCHEMAS.orders, [
        key.finish(), custKey.finish(), status.finish(), total.finish(), orderDate.finish(), prio.finish(),
        clerkCol.finish(), shipPriority.finish(), text.finish(),
      ]);
    }
  },
};
