import t from 'tap';
import { decideFailure, type SupervisionStrategy } from './supervision.js';
import type { Behavior, Signal } from './behavior.js';
import type { ActorContext } from './actor-context.js';
import { defineProtocol } from './protocol.js';
import type { Props } from './props.js';
import { settle, testCluster } from './test-kit.fixture.js';

type Msg =
  | { readonly kind: 'Inc' }
  | { readonly kind: 'Fail' }
  | { readonly kind: 'Get' }
  | { readonly kind: 'SpawnChild'; readonly name: string; readonly strategy?: SupervisionStrategy }
  | { readonly kind: 'FailChild'; readonly name: string };

const protocol = defineProtocol<Msg>('sup', 1, { Inc: true, Fail: true, Get: true, SpawnChild: true, FailChild: true });

/** A counting actor that records its lifecycle in `events` under `label`. */
function props(label: string, events: string[], strategy?: SupervisionStrategy): Props<Msg> {
  let generation = 0;
  return {
    protocol,
    supervision: strategy,
    create: (): Behavior<Msg> => {
      const gen = ++generation;
      let count = 0;
      return {
        onSignal(_ctx, s: Signal) { events.push(`${label}#${gen} ${s.kind}`); },
        receive(ctx: ActorContext<Msg>, msg) {
          switch (msg.kind) {
            case 'Inc': count++; return;
            case 'Fail': throw new Error(`${label} failed`);
            case 'Get': ctx.reply({ gen, count }); return;
            case 'SpawnChild': ctx.spawn(msg.name, props(`${label}/${msg.name}`, events, msg.strategy)); return;
            case 'FailChild': {
              const child = ctx.children().find((c) => c.path.endsWith(`/${msg.name}`));
              if (child) ctx.tell(child as typeof ctx.self, { kind: 'Fail' });
              return;
            }
          }
        },
      };
    },
  };
}

t.test('decideFailure', async (t) => {
  t.test('restarts until the budget within the window is spent, then stops', async (t) => {
    const s: SupervisionStrategy = { kind: 'restart', maxRestarts: 2, withinMs: 1000 };
    const d1 = decideFailure(s, [], 0);
    const d2 = decideFailure(s, d1.restartTimes, 10);
    const d3 = decideFailure(s, d2.restartTimes, 20);
    t.same([d1.directive, d2.directive, d3.directive], ['restart', 'restart', 'stop']);
    t.ok(d3.exhausted);
    t.equal(decideFailure(s, d2.restartTimes, 1010).directive, 'restart', 'old restarts leave the window');
  });
  t.test('passes stop, escalate and resume through', async (t) => {
    for (const kind of ['stop', 'escalate', 'resume'] as const) t.equal(decideFailure({ kind }, [], 0).directive, kind);
  });
});

t.test('supervision', async (t) => {
  t.test('restart makes a fresh behaviour, keeps the mailbox and signals PreRestart then PreStart', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const events: string[] = [];
    const ref = a.spawn('w', props('w', events));
    a.tell(ref, { kind: 'Inc' });
    a.tell(ref, { kind: 'Fail' });
    a.tell(ref, { kind: 'Inc' });
    t.same(await a.ask(ref, { kind: 'Get' }, { timeoutMs: 100 }), { gen: 2, count: 1 });
    t.same(events, ['w#1 PreStart', 'w#1 PreRestart', 'w#2 PreStart']);
    t.equal(a.metrics().restarts, 1);
    await c.shutdown();
  });

  t.test('stop strategy stops the actor and drops later messages to dead letters', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const events: string[] = [];
    const ref = a.spawn('w', props('w', events, { kind: 'stop' }));
    a.tell(ref, { kind: 'Fail' });
    a.tell(ref, { kind: 'Inc' });
    await settle();
    t.same(events, ['w#1 PreStart', 'w#1 PostStop']);
    t.notOk(a.isAlive(ref));
    t.equal(a.metrics().deadLetters, 1);
    await c.shutdown();
  });

  t.test('resume keeps the behaviour and its state', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const ref = a.spawn('w', props('w', [], { kind: 'resume' }));
    a.tell(ref, { kind: 'Inc' });
    a.tell(ref, { kind: 'Fail' });
    a.tell(ref, { kind: 'Inc' });
    t.same(await a.ask(ref, { kind: 'Get' }, { timeoutMs: 100 }), { gen: 1, count: 2 });
    await c.shutdown();
  });

  t.test('stops after maxRestarts within the window, but not when failures are spread out', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const events: string[] = [];
    const ref = a.spawn('w', props('w', events, { kind: 'restart', maxRestarts: 3, withinMs: 1000 }));
    for (let i = 0; i < 3; i++) {
      a.tell(ref, { kind: 'Fail' });
      await settle();
      c.clock.advance(600);
    }
    t.ok(a.isAlive(ref), 'three failures spread over 1.8 s stay within budget');
    a.tell(ref, { kind: 'Fail' });
    a.tell(ref, { kind: 'Fail' });
    a.tell(ref, { kind: 'Fail' });
    await settle();
    t.notOk(a.isAlive(ref), 'the failures within one window exhaust the budget');
    t.equal(events.at(-1), 'w#6 PostStop');
    t.equal(a.metrics().restarts, 5);
    await c.shutdown();
  });

  t.test('escalate stops the child and applies the parent strategy to the parent', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const events: string[] = [];
    const parent = a.spawn('p', props('p', events));
    a.tell(parent, { kind: 'Inc' });
    a.tell(parent, { kind: 'SpawnChild', name: 'c', strategy: { kind: 'escalate' } });
    a.tell(parent, { kind: 'FailChild', name: 'c' });
    await settle();
    t.same(await a.ask(parent, { kind: 'Get' }, { timeoutMs: 100 }), { gen: 2, count: 0 }, 'the parent restarted');
    t.same(events, ['p#1 PreStart', 'p/c#1 PreStart', 'p/c#1 PostStop', 'p#1 PreRestart', 'p#2 PreStart']);
    t.notOk(a.isAlive({ node: 'a', path: 'user/p/c' }));
    await c.shutdown();
  });

  t.test('stopping a parent stops its children first (PostStop bottom-up)', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const events: string[] = [];
    const parent = a.spawn('p', props('p', events));
    a.tell(parent, { kind: 'SpawnChild', name: 'c' });
    await settle();
    const child = { node: 'a', path: 'user/p/c' };
    a.tell(child as typeof parent, { kind: 'SpawnChild', name: 'g' });
    await settle();
    t.ok(a.isAlive({ node: 'a', path: 'user/p/c/g' }));
    await a.stop(parent);
    t.same(events.filter((e) => e.endsWith('PostStop')), ['p/c/g#1 PostStop', 'p/c#1 PostStop', 'p#1 PostStop']);
    t.equal(a.metrics().actors, 0);
    await c.shutdown();
  });

  t.test('a restarting parent stops its children', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const events: string[] = [];
    const parent = a.spawn('p', props('p', events));
    a.tell(parent, { kind: 'SpawnChild', name: 'c' });
    a.tell(parent, { kind: 'Fail' });
    await settle();
    t.same(events, ['p#1 PreStart', 'p/c#1 PreStart', 'p/c#1 PostStop', 'p#1 PreRestart', 'p#2 PreStart']);
    await c.shutdown();
  });

  t.test('a failing PreStart counts as a failure', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    let starts = 0;
    const ref = a.spawn<Msg>('w', {
      protocol,
      supervision: { kind: 'restart', maxRestarts: 2, withinMs: 1000 },
      create: () => ({ onSignal(_c, s) { if (s.kind === 'PreStart') { starts++; throw new Error('no start'); } }, receive() {} }),
    });
    await settle();
    t.equal(starts, 3);
    t.notOk(a.isAlive(ref));
    await c.shutdown();
  });
});
