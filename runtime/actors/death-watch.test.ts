import t from 'tap';
import type { AnyRef } from './actor-ref.js';
import { refKey } from './actor-ref.js';
import type { ActorSystem } from './actor-system.js';
import { defineProtocol } from './protocol.js';
import { settle, testCluster } from './test-kit.fixture.js';

type WatcherMsg =
  | { readonly kind: 'Watch'; readonly target: AnyRef }
  | { readonly kind: 'Unwatch'; readonly target: AnyRef };
const watcherProtocol = defineProtocol<WatcherMsg>('watcher', 1, { Watch: true, Unwatch: true });

type IdleMsg = { readonly kind: 'Noop' };
const idleProtocol = defineProtocol<IdleMsg>('idle', 1, { Noop: true });

function spawnWatcher(system: ActorSystem, name: string, seen: string[]) {
  return system.spawn<WatcherMsg>(name, {
    protocol: watcherProtocol,
    create: () => ({
      receive(ctx, msg) {
        if (msg.kind === 'Watch') ctx.watch(msg.target);
        else ctx.unwatch(msg.target);
      },
      onSignal(_ctx, s) { if (s.kind === 'Terminated') seen.push(refKey(s.ref)); },
    }),
  });
}

const spawnIdle = (system: ActorSystem, name: string) =>
  system.spawn<IdleMsg>(name, { protocol: idleProtocol, create: () => ({ receive() {} }) });

t.test('death watch', async (t) => {
  t.test('delivers Terminated once when a local watched actor stops', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    const target = spawnIdle(a, 'target');
    a.tell(w, { kind: 'Watch', target });
    a.tell(w, { kind: 'Watch', target });
    await settle();
    await a.stop(target);
    await settle();
    t.same(seen, ['a/user/target']);
    t.equal(a.metrics().watches, 0);
    await c.shutdown();
  });

  t.test('delivers Terminated promptly for a ref that does not exist, local or remote', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    c.system('b');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    a.tell(w, { kind: 'Watch', target: { node: 'a', path: 'user/ghost' } });
    a.tell(w, { kind: 'Watch', target: { node: 'b', path: 'user/ghost' } });
    await settle();
    t.same(seen.sort(), ['a/user/ghost', 'b/user/ghost']);
    await c.shutdown();
  });

  t.test('watches an actor of another system and hears when it stops', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    const target = spawnIdle(b, 'target');
    a.tell(w, { kind: 'Watch', target });
    await settle();
    t.same(seen, []);
    await b.stop(target);
    await settle();
    t.same(seen, ['b/user/target']);
    await c.shutdown();
  });

  t.test('tells remote watchers when the target system terminates', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    spawnIdle(b, 'one');
    spawnIdle(b, 'two');
    a.tell(w, { kind: 'Watch', target: { node: 'b', path: 'user/one' } });
    a.tell(w, { kind: 'Watch', target: { node: 'b', path: 'user/two' } });
    await settle();
    await b.terminate();
    await settle();
    t.same(seen.sort(), ['b/user/one', 'b/user/two']);
    await c.shutdown();
  });

  t.test('unwatch stops the notification, locally and remotely', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    const local = spawnIdle(a, 'local');
    const remote = spawnIdle(b, 'remote');
    a.tell(w, { kind: 'Watch', target: local });
    a.tell(w, { kind: 'Watch', target: remote });
    await settle();
    a.tell(w, { kind: 'Unwatch', target: local });
    a.tell(w, { kind: 'Unwatch', target: remote });
    await settle();
    await a.stop(local);
    await b.stop(remote);
    await settle();
    t.same(seen, []);
    await c.shutdown();
  });

  t.test('nodeLost delivers Terminated for every watched ref on that node, once', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    const one = spawnIdle(b, 'one');
    spawnIdle(b, 'two');
    const mine = spawnIdle(a, 'mine');
    a.tell(w, { kind: 'Watch', target: one });
    a.tell(w, { kind: 'Watch', target: { node: 'b', path: 'user/two' } });
    a.tell(w, { kind: 'Watch', target: mine });
    await settle();
    a.nodeLost('b');
    await settle();
    t.same(seen.sort(), ['b/user/one', 'b/user/two']);
    await b.stop(one);
    await settle();
    t.equal(seen.length, 2, 'a later stop does not deliver a second Terminated');
    await c.shutdown();
  });

  t.test('nodeLost fails pending asks to that node with a retryable NODE_LOST', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const silent = spawnIdle(b, 'silent');
    const pending = a.ask(silent, { kind: 'Noop' }, { timeoutMs: 60_000 });
    await settle();
    a.nodeLost('b');
    await t.rejects(pending, { code: 'NODE_LOST', retryable: true });
    await c.shutdown();
  });

  t.test('a watcher that stops unregisters from remote targets', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const w = spawnWatcher(a, 'w', []);
    const target = spawnIdle(b, 'target');
    a.tell(w, { kind: 'Watch', target });
    await settle();
    await a.stop(w);
    await settle();
    await b.stop(target);
    await settle();
    t.equal(b.metrics().remoteSent, 0, 'no Terminated is sent to a watcher that is gone');
    await c.shutdown();
  });

  t.test('keeps retrying a watch that gets no answer until the node is declared lost', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const seen: string[] = [];
    const w = spawnWatcher(a, 'w', seen);
    let watchRequests = 0;
    c.transport().listen({ node: 'q', path: 'user/mute' }, () => { watchRequests++; });
    a.tell(w, { kind: 'Watch', target: { node: 'q', path: 'user/mute' } });
    await settle();
    for (let i = 0; i < 3; i++) {
      c.clock.advance(5000);
      await settle();
    }
    t.ok(watchRequests >= 2, 'the unanswered watch is sent again');
    t.same(seen, [], 'silence is not taken for death');
    a.nodeLost('q');
    await settle();
    t.same(seen, ['q/user/mute']);
    await c.shutdown();
  });
});

