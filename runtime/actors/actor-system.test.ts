import t from 'tap';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { ActorRef } from './actor-ref.js';
import type { Behavior } from './behavior.js';
import { defineProtocol } from './protocol.js';
import type { Props } from './props.js';
import { settle, testCluster } from './test-kit.fixture.js';

type CounterMsg =
  | { readonly kind: 'Add'; readonly n: number }
  | { readonly kind: 'Get' }
  | { readonly kind: 'Slow'; readonly id: number; readonly gate: number }
  | { readonly kind: 'Boom'; readonly message: string }
  | { readonly kind: 'Silent' };

const counterProtocol = defineProtocol<CounterMsg>('counter', 1, { Add: true, Get: true, Slow: true, Boom: true, Silent: true });

function counterProps(log: string[] = [], gates: Promise<void>[] = []): Props<CounterMsg> {
  return {
    protocol: counterProtocol,
    create: (): Behavior<CounterMsg> => {
      let total = 0;
      return {
        async receive(ctx, msg) {
          switch (msg.kind) {
            case 'Add': total += msg.n; log.push(`add ${msg.n}`); return;
            case 'Get': ctx.reply(total); return;
            case 'Slow':
              log.push(`start ${msg.id}`);
              await gates[msg.gate];
              log.push(`end ${msg.id}`);
              return;
            case 'Boom': throw new EngineError(ErrorCode.InvalidArgument, msg.message, { fields: { why: 'test' } });
            case 'Silent': return;
          }
        },
      };
    },
  };
}

t.test('ActorSystem', async (t) => {
  t.test('delivers tells in the order they were sent', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const log: string[] = [];
    const ref = a.spawn('counter', counterProps(log));
    for (let i = 1; i <= 200; i++) a.tell(ref, { kind: 'Add', n: i });
    t.equal(await a.ask(ref, { kind: 'Get' }, { timeoutMs: 1000 }), 20100);
    t.same(log, Array.from({ length: 200 }, (_, i) => `add ${i + 1}`));
    t.equal(a.metrics().delivered, 201);
    await c.shutdown();
  });

  t.test('awaits an async receive before handing over the next message', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const log: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => { open = r; });
    const ref = a.spawn('counter', counterProps(log, [gate]));
    a.tell(ref, { kind: 'Slow', id: 1, gate: 0 });
    a.tell(ref, { kind: 'Add', n: 5 });
    await settle();
    t.same(log, ['start 1']);
    open();
    await settle();
    t.same(log, ['start 1', 'end 1', 'add 5']);
    await c.shutdown();
  });

  t.test('answers asks locally and across systems', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const ref = a.spawn('counter', counterProps());
    a.tell(ref, { kind: 'Add', n: 2 });
    b.tell(ref, { kind: 'Add', n: 3 });
    await settle();
    t.equal(await a.ask(ref, { kind: 'Get' }, { timeoutMs: 1000 }), 5);
    t.equal(await b.ask<CounterMsg, number>(ref, { kind: 'Get' }, { timeoutMs: 1000 }), 5);
    t.equal(b.metrics().remoteSent, 2);
    await c.shutdown();
  });

  t.test('fails an ask with the error the handler threw, locally and remotely', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const ref = a.spawn('counter', { ...counterProps(), supervision: { kind: 'resume' } });
    await t.rejects(a.ask(ref, { kind: 'Boom', message: 'local boom' }, { timeoutMs: 1000 }), { code: ErrorCode.InvalidArgument, message: 'local boom' });
    const err = await b.ask(ref, { kind: 'Boom', message: 'remote boom' }, { timeoutMs: 1000 }).catch((e: unknown) => e);
    t.ok(err instanceof EngineError);
    t.match(err, { code: ErrorCode.InvalidArgument, message: 'remote boom', fields: { why: 'test' } });
    await c.shutdown();
  });

  t.test('times out an unanswered ask with a retryable ASK_TIMEOUT naming target and type', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const ref = a.spawn('counter', counterProps());
    const local = a.ask(ref, { kind: 'Silent' }, { timeoutMs: 500 });
    const remote = b.ask(ref, { kind: 'Silent' }, { timeoutMs: 500 });
    await settle();
    c.clock.advance(499);
    await settle();
    c.clock.advance(1);
    const expected = { code: ErrorCode.AskTimeout, retryable: true, fields: { target: 'a/user/counter', type: 'Silent', timeoutMs: 500 } };
    await t.rejects(local, expected);
    await t.rejects(remote, expected);
    t.equal(a.metrics().askTimeouts, 1);
    t.equal(b.metrics().pendingAsks, 0);
    await c.shutdown();
  });

  t.test('rejects an ask to a missing actor with ACTOR_NOT_FOUND, locally and remotely', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const ghost: ActorRef<CounterMsg> = { node: 'a', path: 'user/ghost' };
    await t.rejects(a.ask(ghost, { kind: 'Get' }, { timeoutMs: 1000 }), { code: ErrorCode.ActorNotFound });
    await t.rejects(b.ask(ghost, { kind: 'Get' }, { timeoutMs: 1000 }), { code: ErrorCode.ActorNotFound });
    a.tell(ghost, { kind: 'Get' });
    t.equal(a.metrics().deadLetters, 2);
    await c.shutdown();
  });

  t.test('refuses duplicate and invalid actor names', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    a.spawn('x', counterProps());
    t.throws(() => a.spawn('x', counterProps()), { code: ErrorCode.InvalidArgument });
    t.throws(() => a.spawn('a.b', counterProps()), { code: ErrorCode.InvalidArgument });
    t.throws(() => a.spawn('a/b', counterProps()), { code: ErrorCode.InvalidArgument });
    await c.shutdown();
  });

  t.test('hands a message sender and epoch to the behaviour', async (t) => {
    type EchoMsg = { readonly kind: 'Who' };
    const seen: unknown[] = [];
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const echo = a.spawn<EchoMsg>('echo', {
      protocol: defineProtocol<EchoMsg>('echo', 1, { Who: true }),
      create: () => ({ receive(ctx) { seen.push({ sender: ctx.sender, epoch: ctx.epoch }); ctx.reply(ctx.sender?.path ?? null); } }),
    });
    const asker = b.spawn<EchoMsg>('asker', {
      protocol: defineProtocol<EchoMsg>('echo', 1, { Who: true }),
      create: () => ({ async receive(ctx) { ctx.reply(await ctx.ask(echo, { kind: 'Who' }, { timeoutMs: 1000, epoch: 7 })); } }),
    });
    t.equal(await b.ask(asker, { kind: 'Who' }, { timeoutMs: 1000 }), 'user/asker');
    t.same(seen, [{ sender: { node: 'b', path: 'user/asker' }, epoch: 7 }]);
    await c.shutdown();
  });

  t.test('answers later through deferReply, and fails an ask with replyError without failing the actor', async (t) => {
    type DeferMsg = { readonly kind: 'Later' } | { readonly kind: 'Release' } | { readonly kind: 'Refuse' };
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    let restarts = 0;
    const ref = a.spawn<DeferMsg>('defer', {
      protocol: defineProtocol<DeferMsg>('defer', 1, { Later: true, Release: true, Refuse: true }),
      create: () => {
        const waiting: Array<(v: unknown) => void> = [];
        return {
          onSignal(_ctx, s) { if (s.kind === 'PreRestart') restarts++; },
          receive(ctx, msg) {
            switch (msg.kind) {
              case 'Later': { const r = ctx.deferReply(); waiting.push((v) => r.reply(v)); return; }
              case 'Release': for (const w of waiting.splice(0)) w('released'); return;
              case 'Refuse': ctx.replyError(new EngineError(ErrorCode.StaleEpoch, 'old epoch', { fields: { epoch: 1 } })); return;
            }
          },
        };
      },
    });
    const local = a.ask(ref, { kind: 'Later' }, { timeoutMs: 1000 });
    const remote = b.ask(ref, { kind: 'Later' }, { timeoutMs: 1000 });
    await settle();
    a.tell(ref, { kind: 'Release' });
    t.same(await Promise.all([local, remote]), ['released', 'released']);
    await t.rejects(b.ask(ref, { kind: 'Refuse' }, { timeoutMs: 1000 }), { code: ErrorCode.StaleEpoch, fields: { epoch: 1 } });
    t.equal(restarts, 0);
    const abandoned = b.ask(ref, { kind: 'Later' }, { timeoutMs: 60_000 });
    await settle();
    await a.stop(ref);
    await t.rejects(abandoned, { code: ErrorCode.ActorStopped }, 'an ask still deferred when the actor stops fails at once');
    await c.shutdown();
  });

  t.test('ctx.stop stops a child but refuses actors that are not its children', async (t) => {
    type ParentMsg = { readonly kind: 'Spawn' } | { readonly kind: 'StopChild' } | { readonly kind: 'StopOther' };
    const c = testCluster();
    const a = c.system('a');
    const errors: string[] = [];
    const parent = a.spawn<ParentMsg>('parent', {
      protocol: defineProtocol<ParentMsg>('parent', 1, { Spawn: true, StopChild: true, StopOther: true }),
      create: () => ({
        receive(ctx, msg) {
          switch (msg.kind) {
            case 'Spawn': ctx.spawn('kid', counterProps()); return;
            case 'StopChild': ctx.stop(ctx.children()[0]); return;
            case 'StopOther':
              try { ctx.stop({ node: 'a', path: 'user/other' }); } catch (err) { errors.push((err as EngineError).code); }
              return;
          }
        },
      }),
    });
    a.spawn('other', counterProps());
    a.tell(parent, { kind: 'Spawn' });
    await settle();
    t.ok(a.isAlive({ node: 'a', path: 'user/parent/kid' }));
    a.tell(parent, { kind: 'StopChild' });
    a.tell(parent, { kind: 'StopOther' });
    await settle();
    t.notOk(a.isAlive({ node: 'a', path: 'user/parent/kid' }));
    t.ok(a.isAlive({ node: 'a', path: 'user/other' }));
    t.same(errors, [ErrorCode.InvalidArgument]);
    await c.shutdown();
  });

  t.test('terminate stops every actor, fails pending asks and stops listening', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const stops: string[] = [];
    const ref = a.spawn<CounterMsg>('counter', {
      ...counterProps(),
      create: () => ({ ...counterProps().create(), onSignal(ctx, s) { if (s.kind === 'PostStop') stops.push(ctx.self.path); } }),
    });
    const remote = b.spawn('remote', counterProps());
    const pending = a.ask(remote, { kind: 'Silent' }, { timeoutMs: 60_000 });
    await settle();
    await a.terminate();
    await a.terminate();
    t.same(stops, ['user/counter']);
    await t.rejects(pending, { code: ErrorCode.ActorStopped });
    t.match(a.metrics(), { actors: 0, pendingAsks: 0 });
    await t.rejects(b.ask(ref, { kind: 'Get' }, { timeoutMs: 1000 }), { code: ErrorCode.ActorNotFound });
    t.throws(() => a.spawn('late', counterProps()), { code: ErrorCode.ActorStopped });
    await c.shutdown();
  });

  t.test('a reply while handling a tell is dropped and counted as a dead letter', async (t) => {
    type M = { readonly kind: 'Tell' };
    const c = testCluster();
    const a = c.system('a');
    const ref = a.spawn<M>('r', {
      protocol: defineProtocol<M>('r', 1, { Tell: true }),
      create: () => ({ receive(ctx) { ctx.reply(1); ctx.replyError(new Error('x')); ctx.deferReply().reply(2); } }),
    });
    a.tell(ref, { kind: 'Tell' });
    await settle();
    t.equal(a.metrics().deadLetters, 3);
    t.ok(a.isAlive(ref));
    await c.shutdown();
  });
});

