import t from 'tap';
import * as A from 'apache-arrow';
import { convertText, inferKind, mergeKinds, parseDecimal, parseTimestamp } from './infer-string-type.js';

t.test('text inference', async (t) => {
  t.test('walks Spark\'s lattice from the current type', async (t) => {
    t.equal(inferKind('12'), 'integer');
    t.equal(inferKind('3000000000'), 'long');
    t.equal(inferKind('99999999999999999999'), 'double');
    t.equal(inferKind('1.5'), 'double');
    t.equal(inferKind('NaN'), 'double');
    t.equal(inferKind('2024-02-29'), 'date');
    t.equal(inferKind('2023-02-29'), 'string', 'not a real date');
    t.equal(inferKind('2024-02-29T10:00:00+01:00'), 'timestamp');
    t.equal(inferKind('True'), 'boolean');
    t.equal(inferKind('12', 'double'), 'double', 'never narrows');
    t.equal(mergeKinds('integer', 'long'), 'long');
    t.equal(mergeKinds('boolean', 'integer'), 'string');
  });

  t.test('parses timestamps to UTC microseconds, honouring offsets', async (t) => {
    t.equal(parseTimestamp('1970-01-01T00:00:01.5Z'), 1_500_000n);
    t.equal(parseTimestamp('1970-01-01 01:00:00+01:00'), 0n);
    t.equal(parseTimestamp('1970-01-02'), 86_400_000_000n);
    t.equal(parseTimestamp('1970-01-02', true), undefined);
  });

  t.test('parses decimals at a scale with HALF_UP rounding and a precision limit', async (t) => {
    t.equal(parseDecimal('123.45', 15, 2), 12345n);
    t.equal(parseDecimal('-0.005', 5, 2), -1n);
    t.equal(parseDecimal('1.234', 5, 2), 123n);
    t.equal(parseDecimal('7', 5, 2), 700n);
    t.equal(parseDecimal('1.5e2', 5, 0), 150n);
    t.equal(parseDecimal('123456', 5, 2), undefined, 'too many digits');
    t.equal(parseDecimal('abc', 5, 2), undefined);
    t.equal(convertText('12.5', new A.Decimal(2, 10, 128)), 1250n);
  });
});
