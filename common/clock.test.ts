import t from 'tap';
import { ManualClock } from './clock.js';

t.test('ManualClock', async (t) => {
  t.test('fires timers in deadline order when advanced', async (t) => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const c = clock.setTimeout(() => fired.push('c'), 15);
    c.cancel();
    clock.advance(9);
    t.same(fired, []);
    clock.advance(11);
    t.same(fired, ['a', 'b']);
    t.equal(clock.now(), 1020);
  });
  t.test('repeats intervals until cancelled', async (t) => {
    const clock = new ManualClock();
    let n = 0;
    const h = clock.setInterval(() => n++, 100);
    clock.advance(350);
    t.equal(n, 3);
    h.cancel();
    clock.advance(1000);
    t.equal(n, 3);
    t.equal(clock.pending(), 0);
  });
});
