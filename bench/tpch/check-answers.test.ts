import t from 'tap';
import { parseAnswer, sameRows } from './check-answers.js';

t.test('parseAnswer', async (t) => {
  t.test('drops the header and trims padded fields', async (t) => {
    const text = 'c_count               |custdist              \n                     0|                 50005\n                     9|                  6641\n';
    t.same(parseAnswer(text), [['0', '50005'], ['9', '6641']]);
  });
});

t.test('sameRows', async (t) => {
  t.test('accepts numbers within a cent (rounding of float sums)', async (t) => {
    t.ok(sameRows([['A', '53758257134.86']], [['A', '53758257134.87']]));
  });
  t.test('rejects larger differences, other text and other shapes', async (t) => {
    t.notOk(sameRows([['A', '1.00']], [['A', '1.02']]));
    t.notOk(sameRows([['A', '1']], [['R', '1']]));
    t.notOk(sameRows([['A', '1']], [['A', '1'], ['R', '1']]));
  });
});
