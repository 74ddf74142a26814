import t from 'tap';
import { RowRandom, mulMod } from './random.js';

const M = 2147483647n;

t.test('mulMod', async (t) => {
  t.test('equals exact 62-bit arithmetic', async (t) => {
    const cases = [[16807, 1], [2147483646, 2147483646], [1234567890, 987654321], [65535, 65536], [2147483646, 16807]];
    for (const [a, b] of cases) t.equal(mulMod(a, b), Number((BigInt(a) * BigInt(b)) % M), `${a}·${b}`);
  });
});

t.test('RowRandom', async (t) => {
  t.test('draws the Park–Miller sequence', async (t) => {
    const r = new RowRandom(1);
    t.equal(r.nextRand(), 16807);
    t.equal(r.nextRand(), 282475249);
    t.equal(r.nextRand(), 1622650073);
  });

  t.test('keeps values within [low, high]', async (t) => {
    const r = new RowRandom(19620718);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 10_000; i++) {
      const v = r.nextInt(-5, 5);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    t.same([min, max], [-5, 5]);
  });

  t.test('rowFinished lands where the row budget says, whatever was drawn', async (t) => {
    const a = new RowRandom(42, 7);
    const b = new RowRandom(42, 7);
    a.nextInt(1, 50);
    a.rowFinished();
    for (let i = 0; i < 7; i++) b.nextRand();
    t.equal(a.seed, b.seed);
  });

  t.test('advanceRows skips whole rows like drawing them', async (t) => {
    const skipped = new RowRandom(904914315, 7);
    skipped.advanceRows(12_345);
    const walked = new RowRandom(904914315, 7);
    for (let i = 0; i < 12_345 * 7; i++) walked.nextRand();
    t.equal(skipped.seed, walked.seed);
  });

  t.test('the full 31-bit span wraps negative as in dbgen', async (t) => {
    const r = new RowRandom(881155353);
    const values = Array.from({ length: 100 }, () => r.nextInt(0, 0x7fffffff));
    t.ok(values.every((v) => v <= 0 && v >= -0x80000000));
  });
});
