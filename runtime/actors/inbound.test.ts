import t from 'tap';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ErrorCode } from '../../common/index.js';
import { decodeEnvelope, encodeBody, encodeEnvelope, Header } from '../transport/envelope.js';
import type { WireMessage } from '../transport/transport.js';
import { actorRef } from './actor-ref.js';
import { classifyInbound } from './inbound.js';
import { defineProtocol } from './protocol.js';
import { parseReplyBody, SYSTEM_PROTOCOL_VERSION } from './system-messages.js';
import { settle, testCluster } from './test-kit.fixture.js';

type EchoMsg = { readonly kind: 'Echo'; readonly text: string } | { readonly kind: 'Big'; readonly size: number };
const echoProtocol = defineProtocol<EchoMsg>('echo', 2, { Echo: true, Big: true });
const check = { version: 2, accepts: (k: string) => k === 'Echo' || k === 'Big' };

const ref = (r: { node: string; path: string }) => actorRef<EchoMsg>(r.node, r.path);
const raw = (headers: Record<string, string>, body: Uint8Array): WireMessage => ({ headers, body });

t.test('classifyInbound', async (t) => {
  t.test('accepts a message of the protocol', async (t) => {
    const c = classifyInbound(encodeEnvelope({ type: 'Echo', version: 2, body: { kind: 'Echo', text: 'hi' } }), check);
    t.match(c, { kind: 'message', msg: { kind: 'Echo', text: 'hi' } });
  });
  t.test('refuses garbage, missing headers and mismatched bodies as bad messages', async (t) => {
    t.match(classifyInbound(raw({ [Header.type]: 'Echo', [Header.version]: '1' }, new Uint8Array([0xc1, 0xff])), check), { kind: 'rejected', counter: 'badMessages' });
    t.match(classifyInbound(raw({}, new Uint8Array()), check), { kind: 'rejected', counter: 'badMessages' });
    t.match(classifyInbound(raw({ [Header.type]: 'Echo', [Header.version]: '1' }, encodeBody({ kind: 'Other' })), check), { kind: 'rejected', counter: 'badMessages' });
    t.match(classifyInbound(raw({ [Header.type]: 'sys.Watch', [Header.version]: '1' }, encodeBody({ watcher: 'nope' })), check), { kind: 'rejected', counter: 'badMessages' });
  });
  t.test('refuses unknown types, including unknown system types', async (t) => {
    t.match(classifyInbound(encodeEnvelope({ type: 'Nope', version: 1, body: { kind: 'Nope' } }), check), { kind: 'rejected', counter: 'unknownTypes', error: { code: ErrorCode.UnknownMessageType } });
    t.match(classifyInbound(encodeEnvelope({ type: 'sys.Nope', version: 1, body: {} }), check), { kind: 'rejected', counter: 'unknownTypes' });
  });
  t.test('refuses versions newer than the protocol, and checks system messages against the system version', async (t) => {
    t.match(classifyInbound(encodeEnvelope({ type: 'Echo', version: 3, body: { kind: 'Echo', text: '' } }), check), { kind: 'rejected', counter: 'futureVersions' });
    t.match(classifyInbound(encodeEnvelope({ type: 'sys.Watch', version: SYSTEM_PROTOCOL_VERSION + 1, body: {} }), check), { kind: 'rejected', counter: 'futureVersions' });
    t.match(classifyInbound(encodeEnvelope({ type: 'sys.Watch', version: 1, body: { watcher: { node: 'n', path: 'p' } } }), check), { kind: 'system' });
  });
});

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { lines, logger: pino({ level: 'warn' }, stream) };
}

t.test('inbound traffic from the transport', async (t) => {
  t.test('drops and counts garbage, unknown types and future versions, and keeps serving', async (t) => {
    const c = testCluster();
    const { lines, logger } = capture();
    const a = c.system('a', { logger });
    const ref = a.spawn<EchoMsg>('echo', { protocol: echoProtocol, create: () => ({ receive(ctx, msg) { if (msg.kind === 'Echo') ctx.reply(msg.text); } }) });
    const wire = c.transport();
    const to = { node: 'a', path: 'user/echo' };
    for (let i = 0; i < 20; i++) wire.send(to, raw({ [Header.type]: 'Echo', [Header.version]: '1' }, new Uint8Array([0xc1, i])));
    wire.send(to, raw({ 'x-random': 'noise' }, new Uint8Array([1, 2, 3])));
    wire.send(to, encodeEnvelope({ type: 'Launch', version: 1, body: { kind: 'Launch' } }));
    wire.send(to, encodeEnvelope({ type: 'Echo', version: 9, body: { kind: 'Echo', text: 'from the future' } }));
    await settle();
    t.match(a.metrics(), { badMessages: 21, unknownTypes: 1, futureVersions: 1, delivered: 0 });
    t.equal(await a.ask(ref, { kind: 'Echo', text: 'still here' }, { timeoutMs: 1000 }), 'still here');
    const warnings = lines.filter((l) => l.msg === 'dropped an inbound message');
    t.equal(warnings.length, 5 + 1 + 1, 'bad messages are rate-limited to a burst per interval');
    t.match(warnings[0], { actor: 'user/echo', code: ErrorCode.BadMessage, level: 40 });
    c.clock.advance(10_000);
    wire.send(to, raw({ [Header.type]: 'Echo', [Header.version]: '1' }, new Uint8Array([0xc1])));
    await settle();
    t.match(lines.at(-1), { suppressed: 16 }, 'the next window reports what was suppressed');
    await c.shutdown();
  });

  t.test('answers a refused request with a typed error so the asker fails fast', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    a.spawn<EchoMsg>('echo', { protocol: echoProtocol, create: () => ({ receive() {} }) });
    const wire = c.transport();
    const to = { node: 'a', path: 'user/echo' };
    const reply = await wire.request(to, encodeEnvelope({ type: 'Launch', version: 1, body: { kind: 'Launch' } }), 1000);
    const decoded = decodeEnvelope(reply, 1);
    t.ok(decoded.ok);
    if (decoded.ok) t.match(parseReplyBody(decoded.envelope.body), { ok: false, error: { code: ErrorCode.UnknownMessageType } });
    const b = c.system('b');
    await t.rejects(b.ask(ref(to), { kind: 'Echo', text: 'x' }, { timeoutMs: 1000, version: 5 }), { code: ErrorCode.UnsupportedProtocolVersion });
    await c.shutdown();
  });

  t.test('a local tell of a kind outside the protocol is dropped and counted', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const r = a.spawn<EchoMsg>('echo', { protocol: echoProtocol, create: () => ({ receive() {} }) });
    a.tell(r, { kind: 'Nope' } as unknown as EchoMsg);
    await t.rejects(a.ask(r, { kind: 'Nope' } as unknown as EchoMsg, { timeoutMs: 100 }), { code: ErrorCode.UnknownMessageType });
    t.equal(a.metrics().unknownTypes, 2);
    t.throws(() => a.tell(r, null as unknown as EchoMsg), { code: ErrorCode.InvalidArgument });
    await c.shutdown();
  });

  t.test('stamps the known protocol version on remote sends', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b');
    const seen: string[] = [];
    a.spawn<EchoMsg>('echo', { protocol: echoProtocol, create: () => ({ receive() {} }) });
    const spy = c.transport();
    spy.listen({ node: 'x', path: 'user/spy' }, (m) => seen.push(m.headers[Header.version]));
    b.registerProtocol(echoProtocol);
    b.tell(ref({ node: 'x', path: 'user/spy' }), { kind: 'Echo', text: '' });
    a.tell(ref({ node: 'x', path: 'user/spy' }), { kind: 'Echo', text: '' }, { version: 1 });
    await settle();
    t.same(seen, ['2', '1']);
    await c.shutdown();
  });
});

t.test('payload limits', async (t) => {
  t.test('a tell over the max payload throws PAYLOAD_TOO_LARGE at the sender', async (t) => {
    const c = testCluster();
    const a = c.system('a');
    const b = c.system('b', { maxPayload: 1024 });
    const target = a.spawn<EchoMsg>('echo', { protocol: echoProtocol, create: () => ({ receive() {} }) });
    t.throws(() => b.tell(target, { kind: 'Echo', text: 'x'.repeat(2000) }), {
      code: ErrorCode.PayloadTooLarge, fields: { maxPayload: 1024, target: 'a/user/echo' },
    });
    await t.rejects(b.ask(target, { kind: 'Echo', text: 'x'.repeat(2000) }, { timeoutMs: 100 }), { code: ErrorCode.PayloadTooLarge });
    b.tell(target, { kind: 'Echo', text: 'small' });
    await c.shutdown();
  });

  t.test('a reply over the max payload fails the asker with PAYLOAD_TOO_LARGE and the replier too', async (t) => {
    const c = testCluster();
    const a = c.system('a', { maxPayload: 1024 });
    const b = c.system('b');
    const failures: string[] = [];
    const target = a.spawn<EchoMsg>('echo', {
      protocol: echoProtocol,
      supervision: { kind: 'resume' },
      create: () => ({
        receive(ctx, msg) {
          if (msg.kind !== 'Big') return;
          try { ctx.reply('y'.repeat(msg.size)); } catch (err) { failures.push((err as { code: string }).code); throw err; }
        },
      }),
    });
    await t.rejects(b.ask(target, { kind: 'Big', size: 4096 }, { timeoutMs: 1000 }), { code: ErrorCode.PayloadTooLarge });
    t.same(failures, [ErrorCode.PayloadTooLarge]);
    t.equal(await b.ask(target, { kind: 'Big', size: 10 }, { timeoutMs: 1000 }).then(() => 'ok'), 'ok');
    await c.shutdown();
  });
});

