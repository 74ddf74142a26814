import t from 'tap';
import { EngineError, ErrorCode } from '../../common/index.js';
import { Mailbox } from './mailbox.js';
import { defineProtocol } from './protocol.js';
import type { ActorSystem } from './actor-system.js';
import { settle, testCluster } from './test-kit.fixture.js';

t.test('Mailbox', async (t) => {
  t.test('refuses offers beyond capacity and admits waiters in order as room appears', async (t) => {
    const m = new Mailbox<number>(2);
    t.ok(m.offer(1));
    t.ok(m.offer(2));
    t.notOk(m.offer(3));
    const admitted: number[] = [];
    void m.offerOrWait(4).then(() => admitted.push(4));
    void m.offerOrWait(5).then(() => admitted.push(5));
    t.notOk(m.offer(6), 'a tell does not jump ahead of waiting senders');
    t.equal(m.poll(), 1);
    await settle(1);
    t.same(admitted, [4]);
    t.same([m.poll(), m.poll(), m.poll(), m.poll()], [2, 4, 5, undefined]);
  });
  t.test('close fails waiting senders and returns what was queued', async (t) => {
    const m = new Mailbox<number>(1);
    m.offer(1);
    const waiting = m.offerOrWait(2);
    t.same(m.close(new EngineError(ErrorCode.ActorStopped, 'gone')), [1]);
    await t.rejects(waiting, { code: ErrorCode.ActorStopped });
  });
  t.test('stays FIFO across compaction', async (t) => {
    const m = new Mailbox<number>(10_000);
    for (let i = 0; i < 5000; i++) m.offer(i);
    const out: number[] = [];
    for (let i = 0; i < 3000; i++) out.push(m.poll()!);
    for (let i = 5000; i < 6000; i++) m.offer(i);
    for (let v = m.poll(); v !== undefined; v = m.poll()) out.push(v);
    t.same(out, Array.from({ length: 6000 }, (_, i) => i));
  });
});

type GateMsg = { readonly kind: 'Hold' } | { readonly kind: 'Item'; readonly n: number } | { readonly kind: 'Seen' };
const gateProtocol = defineProtocol<GateMsg>('gate', 1, { Hold: true, Item: true, Seen: true });

/** An actor that blocks on `Hold` until the returned `open()` is called. */
function spawnGated(system: ActorSystem, capacity: number) {
  let open!: () => void;
  const gate = new Promise<void>((r) => { open = r; });
  const seen: number[] = [];
  const ref = system.spawn<GateMsg>('gated', {
    protocol: gateProtocol,
    mailbox: { capacity },
    create: () => ({
      async receive(ctx, msg) {
        if (msg.kind === 'Hold') await gate;
        else if (msg.kind === 'Item') seen.push(msg.n);
        else ctx.reply(seen);
      },
    }),
  });
  return { ref, open, seen };
}

t.test('bounded mailboxes', async (t) => {
  t.test('tell into a full mailbox drops to dead letters without blocking', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const { ref, open, seen } = spawnGated(a, 2);
    a.tell(ref, { kind: 'Hold' });
    await settle();
    for (let n = 1; n <= 4; n++) a.tell(ref, { kind: 'Item', n });
    t.match(a.metrics(), { mailboxFull: 2, deadLetters: 2 });
    open();
    await settle();
    t.same(seen, [1, 2]);
    await c.shutdown();
  });

  t.test('send waits for room instead of dropping, and keeps order', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const { ref, open, seen } = spawnGated(a, 2);
    a.tell(ref, { kind: 'Hold' });
    await settle();
    const accepted: number[] = [];
    const sends = [1, 2, 3, 4, 5].map((n) => a.send(ref, { kind: 'Item', n }).then(() => accepted.push(n)));
    await settle();
    t.same(accepted, [1, 2], 'only the first two fit');
    open();
    await Promise.all(sends);
    await settle();
    t.same(seen, [1, 2, 3, 4, 5]);
    t.equal(a.metrics().deadLetters, 0);
    await c.shutdown();
  });

  t.test('send to a stopped actor rejects with ACTOR_STOPPED', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const { ref, open } = spawnGated(a, 1);
    a.tell(ref, { kind: 'Hold' });
    await settle();
    a.tell(ref, { kind: 'Item', n: 1 });
    const waiting = a.send(ref, { kind: 'Item', n: 2 });
    const stopped = a.stop(ref);
    open();
    await stopped;
    await t.rejects(waiting, { code: ErrorCode.ActorStopped });
    await t.rejects(a.send(ref, { kind: 'Item', n: 3 }), { code: ErrorCode.ActorNotFound });
    await c.shutdown();
  });

  t.test('remote messages to a full mailbox are dropped and counted; remote asks get MAILBOX_FULL', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const { ref, open } = spawnGated(a, 1);
    a.tell(ref, { kind: 'Hold' });
    await settle();
    b.tell(ref, { kind: 'Item', n: 1 });
    b.tell(ref, { kind: 'Item', n: 2 });
    const asked = b.ask(ref, { kind: 'Seen' }, { timeoutMs: 1000 });
    await t.rejects(asked, { code: ErrorCode.MailboxFull, retryable: true });
    t.match(a.metrics(), { mailboxFull: 2, deadLetters: 2 });
    open();
    await c.shutdown();
  });

  t.test('a local ask to a full mailbox fails with MAILBOX_FULL', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const { ref, open } = spawnGated(a, 1);
    a.tell(ref, { kind: 'Hold' });
    await settle();
    a.tell(ref, { kind: 'Item', n: 1 });
    await t.rejects(a.ask(ref, { kind: 'Seen' }, { timeoutMs: 1000 }), { code: ErrorCode.MailboxFull, retryable: true });
    open();
    await c.shutdown();
  });
});
