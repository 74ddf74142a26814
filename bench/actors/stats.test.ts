import t from 'tap';
import { median, percentile } from './stats.js';

t.test('median', async (t) => {
  t.test('is the middle value of an odd count, whatever the order', async (t) => {
    t.equal(median([5, 1, 3]), 3);
  });
  t.test('is the mean of the two middle values of an even count', async (t) => {
    t.equal(median([4, 1, 3, 2]), 2.5);
  });
  t.test('is NaN when there is nothing to take the median of', async (t) => {
    t.ok(Number.isNaN(median([])));
  });
});

t.test('percentile', async (t) => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  t.test('takes the nearest rank', async (t) => {
    t.equal(percentile(sorted, 50), 50);
    t.equal(percentile(sorted, 99), 99);
    t.equal(percentile(sorted, 100), 100);
  });
  t.test('clamps tiny percentiles to the smallest sample', async (t) => {
    t.equal(percentile(sorted, 0.001), 1);
  });
  t.test('is NaN for no samples', async (t) => {
    t.ok(Number.isNaN(percentile([], 50)));
  });
});
