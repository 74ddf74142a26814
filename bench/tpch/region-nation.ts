// REGION and NATION: dbgen's fixed lists (5 regions, 25 nations with their regions), each row with
// a text-pool comment of average length 72.
import { type RecordBatch } from 'apache-arrow';
import { Int64Column, StringColumn } from './column-builders.js';
import { NATIONS, REGIONS } from './distributions.js';
import { SCHEMAS } from './schema.js';
import { TextStream } from './streams.js';
import { makeBatch, rowWindow, type GenerateRange, type TableGenerator } from './table-generator.js';

const COMMENT_AVERAGE = 72;

export const regionTable: TableGenerator = {
  name: 'region',
  drivingRows: () => REGIONS.length,
  *batches(range: GenerateRange): Generator<RecordBatch> {
    const { start, end } = rowWindow(range, REGIONS.length);
    const comment = new TextStream(1500869201, range.pool, COMMENT_AVERAGE);
    comment.random.advanceRows(start);
    const n = end - start;
    const key = new Int64Column(n);
    const name = new StringColumn(n, 12);
    const text = new StringColumn(n, 116);
    for (let i = start; i < end; i++) {
      key.push(i);
      name.push(Buffer.from(REGIONS[i], 'latin1'));
      comment.next(text);
      comment.random.rowFinished();
    }
    if (n > 0) yield makeBatch(SCHEMAS.region, [key.finish(), name.finish(), text.finish()]);
  },
};

export const nationTable: TableGenerator = {
  name: 'nation',
  drivingRows: () => NATIONS.length,
  *batches(range: GenerateRange): Generator<RecordBatch> {
    const { start, end } = rowWindow(range, NATIONS.length);
    const comment = new TextStream(606179079, range.pool, COMMENT_AVERAGE);
    comment.random.advanceRows(start);
    const n = end - start;
    const key = new Int64Column(n);
    const name = new StringColumn(n, 16);
    const region = new Int64Column(n);
    const text = new StringColumn(n, 116);
    for (let i = start; i < end; i++) {
      key.push(i);
      name.push(Buffer.from(NATIONS[i][0], 'latin1'));
      region.push(NATIONS[i][1]);
      comment.next(text);
      comment.random.rowFinished();
    }
    if (n > 0) yield makeBatch(SCHEMAS.nation, [key.finish(), name.finish(), region.finish(), text.finish()]);
  },
};
