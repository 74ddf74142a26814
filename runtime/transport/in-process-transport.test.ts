import t from 'tap';
import { MessageChannel } from 'node:worker_threads';
import { ErrorCode, ManualClock } from '../../common/index.js';
import { InProcessHub, InProcessTransport } from './in-process-transport.js';
import type { InboundMessage, WireMessage } from './transport.js';
import { linkHubToPort } from './worker-bridge.js';

const msg = (text: string): WireMessage => ({ headers: { 'flint-type': 'T' }, body: new TextEncoder().encode(text) });
const text = (m: WireMessage) => new TextDecoder().decode(m.body);
const tick = () => new Promise<void>((r) => setImmediate(r));

t.test('InProcessTransport', async (t) => {
  t.test('delivers asynchronously, in order, to the listener of an address', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub);
    const b = new InProcessTransport(hub);
    const got: string[] = [];
    b.listen({ node: 'b', path: 'user/x' }, (m) => got.push(text(m)));
    a.send({ node: 'b', path: 'user/x' }, msg('1'));
    a.send({ node: 'b', path: 'user/x' }, msg('2'));
    t.same(got, [], 'nothing is delivered synchronously');
    await a.flush();
    t.same(got, ['1', '2']);
  });

  t.test('answers requests, and fails fast with ACTOR_NOT_FOUND when nobody listens', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub);
    const b = new InProcessTransport(hub);
    b.listen({ node: 'b', path: 'echo' }, (m) => m.respond?.(msg(`re: ${text(m)}`)));
    t.equal(text(await a.request({ node: 'b', path: 'echo' }, msg('hi'), 1000)), 're: hi');
    await t.rejects(a.request({ node: 'b', path: 'nobody' }, msg('hi'), 1000), { code: ErrorCode.ActorNotFound });
  });

  t.test('times out a request on its clock with a retryable ASK_TIMEOUT', async (t) => {
    const clock = new ManualClock();
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub, { clock });
    new InProcessTransport(hub).listen({ node: 'b', path: 'mute' }, () => undefined);
    const p = a.request({ node: 'b', path: 'mute' }, msg('hi'), 250);
    await tick();
    clock.advance(250);
    await t.rejects(p, { code: ErrorCode.AskTimeout, retryable: true });
  });

  t.test('refuses a message over maxPayload with PAYLOAD_TOO_LARGE naming size, limit and target', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub, { maxPayload: 100 });
    t.equal(new InProcessTransport(hub).maxPayload, 1024 * 1024, 'the default is NATS’s 1 MiB');
    const big: WireMessage = { headers: {}, body: new Uint8Array(200) };
    t.throws(() => a.send({ node: 'b', path: 'x' }, big), { code: ErrorCode.PayloadTooLarge, fields: { size: 200, maxPayload: 100, target: 'b/x' } });
    t.throws(() => a.publish('topic', big), { code: ErrorCode.PayloadTooLarge, fields: { target: 'topic' } });
    await t.rejects(a.request({ node: 'b', path: 'x' }, big, 100), { code: ErrorCode.PayloadTooLarge });
  });

  t.test('checks the size of replies against the responder’s limit', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub);
    const b = new InProcessTransport(hub, { maxPayload: 100 });
    const errors: unknown[] = [];
    b.listen({ node: 'b', path: 'x' }, (m) => {
      try { m.respond?.({ headers: {}, body: new Uint8Array(500) }); } catch (err) { errors.push(err); m.respond?.(msg('small')); }
    });
    t.equal(text(await a.request({ node: 'b', path: 'x' }, msg('q'), 1000)), 'small');
    t.match(errors, [{ code: ErrorCode.PayloadTooLarge }]);
  });

  t.test('broadcasts topics to every subscriber', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub);
    const got: string[] = [];
    new InProcessTransport(hub).subscribe('beats', (m) => got.push(`1:${text(m)}`));
    new InProcessTransport(hub).subscribe('beats', (m) => got.push(`2:${text(m)}`));
    a.publish('beats', msg('x'));
    await a.flush();
    t.same(got.sort(), ['1:x', '2:x']);
  });

  t.test('stops delivering after unsubscribe, and refuses use after close', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub);
    const b = new InProcessTransport(hub);
    const got: string[] = [];
    const sub = b.listen({ node: 'b', path: 'x' }, (m) => got.push(text(m)));
    a.send({ node: 'b', path: 'x' }, msg('queued'));
    sub.unsubscribe();
    await a.flush();
    t.same(got, [], 'a message queued before unsubscribe is not delivered after it');
    const statuses: string[] = [];
    a.onStatus((s) => statuses.push(s.kind));
    const c = new InProcessTransport(hub);
    c.listen({ node: 'c', path: 'mute' }, () => undefined);
    const inFlight = a.request({ node: 'c', path: 'mute' }, msg('q'), 60_000);
    await a.close();
    await t.rejects(inFlight, { code: ErrorCode.TransportClosed });
    t.throws(() => a.send({ node: 'b', path: 'x' }, msg('late')), { code: ErrorCode.TransportClosed });
    t.throws(() => a.listen({ node: 'a', path: 'y' }, () => undefined), { code: ErrorCode.TransportClosed });
    t.same(statuses, ['closed']);
  });

  t.test('a throwing handler does not break delivery to others', async (t) => {
    const hub = new InProcessHub();
    const a = new InProcessTransport(hub);
    const got: string[] = [];
    new InProcessTransport(hub).subscribe('x', () => { throw new Error('bad handler'); });
    new InProcessTransport(hub).subscribe('x', (m) => got.push(text(m)));
    a.publish('x', msg('ok'));
    await a.flush();
    t.same(got, ['ok']);
  });
});

t.test('linkHubToPort', async (t) => {
  t.test('routes sends, requests and topics between linked hubs', async (t) => {
    const main = new InProcessHub();
    const left = new InProcessHub();
    const right = new InProcessHub();
    const ch1 = new MessageChannel();
    const ch2 = new MessageChannel();
    const links = [linkHubToPort(main, ch1.port1), linkHubToPort(left, ch1.port2), linkHubToPort(main, ch2.port1), linkHubToPort(right, ch2.port2)];
    const l = new InProcessTransport(left);
    const r = new InProcessTransport(right);
    const got: string[] = [];
    r.listen({ node: 'r', path: 'echo' }, (m: InboundMessage) => {
      got.push(text(m));
      m.respond?.(msg(`re: ${text(m)}`));
    });
    r.subscribe('beats', (m) => got.push(`beat ${text(m)}`));
    await l.flush();
    await new InProcessTransport(main).flush();
    t.ok(left.reachable('r/echo'), 'interest propagates through the middle hub');
    const pooled = Buffer.from('pooled bytes');
    l.send({ node: 'r', path: 'echo' }, { headers: {}, body: pooled });
    t.equal(text(await l.request({ node: 'r', path: 'echo' }, msg('ping'), 1000)), 're: ping');
    l.publish('beats', msg('1'));
    await l.flush();
    await new InProcessTransport(main).flush();
    t.same(got, ['pooled bytes', 'ping', 'beat 1']);
    t.equal(pooled.toString(), 'pooled bytes', 'the sender’s buffer is copied, not transferred');
    await t.rejects(l.request({ node: 'r', path: 'nobody' }, msg('x'), 1000), { code: ErrorCode.ActorNotFound });
    links[3].close();
    await l.flush();
    await new InProcessTransport(main).flush();
    t.notOk(left.reachable('r/echo'), 'closing a link withdraws its interest');
    for (const link of links) link.close();
    ch1.port1.close();
    ch2.port1.close();
  });
});
