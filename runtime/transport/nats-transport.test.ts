import t, { type Test } from 'tap';
import { connect } from '@nats-io/transport-node';
import { ErrorCode, EngineError } from '../../common/index.js';
import { startNatsServer, waitFor, type NatsServer } from '../../test/harness/index.js';
import { NatsTransport } from './nats-transport.js';
import { actorSubject } from './subjects.js';
import type { InboundMessage, TransportStatus, WireMessage } from './transport.js';

const te = new TextEncoder();
const td = new TextDecoder();
const wire = (text: string, headers: Record<string, string> = {}): WireMessage => ({ headers, body: te.encode(text) });

async function transportFor(t: Test, server: NatsServer, cluster = 'test'): Promise<NatsTransport> {
  const transport = await NatsTransport.connect({ servers: server.url, cluster, name: t.name });
  t.teardown(() => transport.close());
  return transport;
}

async function serverFor(t: Test, config?: string): Promise<NatsServer> {
  const server = await startNatsServer({ jetstream: false, config });
  t.teardown(() => server.stop());
  return server;
}

t.test('NatsTransport', async (t) => {
  t.test('delivers sent messages with headers to the listener of the address', async (t) => {
    const server = await serverFor(t);
    const a = await transportFor(t, server);
    const b = await transportFor(t, server);
    const got: InboundMessage[] = [];
    b.listen({ node: 'n2', path: 'user/worker' }, (m) => got.push(m));
    await b.flush();
    a.send({ node: 'n2', path: 'user/worker' }, wire('hello', { 'flint-type': 'Hello', 'flint-v': '1' }));
    a.send({ node: 'n2', path: 'user/other' }, wire('not for you'));
    await waitFor('message delivered', () => got.length === 1);
    t.equal(a.kind, 'nats');
    t.equal(td.decode(got[0].body), 'hello');
    t.same(got[0].headers, { 'flint-type': 'Hello', 'flint-v': '1' });
    t.equal(got[0].respond, undefined, 'a plain send cannot be answered');
    t.equal(got[0].body.byteOffset, 0, 'the body owns its buffer');
    t.equal(got[0].body.buffer.byteLength, got[0].body.byteLength, 'the body is a copy, not a view');
  });

  t.test('answers requests with headers and body', async (t) => {
    const server = await serverFor(t);
    const client = await transportFor(t, server);
    const actor = await transportFor(t, server);
    actor.listen({ node: 'm', path: 'user/master' }, (m) => {
      m.respond?.(wire(`pong:${td.decode(m.body)}`, { 'flint-type': 'Pong', echo: m.headers['flint-type'] ?? '' }));
    });
    await actor.flush();
    const reply = await client.request({ node: 'm', path: 'user/master' }, wire('ping', { 'flint-type': 'Ping' }), 2_000);
    t.equal(td.decode(reply.body), 'pong:ping');
    t.same(reply.headers, { 'flint-type': 'Pong', echo: 'Ping' });
  });

  t.test('broadcasts topics to every subscriber', async (t) => {
    const server = await serverFor(t);
    const a = await transportFor(t, server);
    const b = await transportFor(t, server);
    const seen: string[] = [];
    a.subscribe('heartbeats', (m) => seen.push(`a:${td.decode(m.body)}`));
    b.subscribe('heartbeats', (m) => seen.push(`b:${td.decode(m.body)}`));
    const sub = b.subscribe('membership', (m) => seen.push(`b-membership:${td.decode(m.body)}`));
    await Promise.all([a.flush(), b.flush()]);
    a.publish('heartbeats', wire('n1'));
    await waitFor('both subscribers', () => seen.length === 2);
    t.same(seen.sort(), ['a:n1', 'b:n1']);
    sub.unsubscribe();
    await b.flush();
    a.publish('membership', wire('joined'));
    a.publish('heartbeats', wire('n2'));
    await waitFor('second heartbeat', () => seen.length === 4);
    t.notOk(seen.some((s) => s.startsWith('b-membership')), 'an unsubscribed handler gets nothing');
  });

  t.test('maps a request nobody answers in time to ASK_TIMEOUT and one nobody hears to ACTOR_NOT_FOUND', async (t) => {
    const server = await serverFor(t);
    const transport = await transportFor(t, server);
    transport.listen({ node: 'n1', path: 'user/silent' }, () => { /* never answers */ });
    await transport.flush();
    const timeout = await transport.request({ node: 'n1', path: 'user/silent' }, wire('?'), 150).catch((e: unknown) => e);
    t.match(timeout, { code: ErrorCode.AskTimeout, retryable: true, fields: { node: 'n1', path: 'user/silent', timeoutMs: 150 } });
    await t.rejects(transport.request({ node: 'n1', path: 'user/nobody' }, wire('?'), 2_000), {
      code: ErrorCode.ActorNotFound, fields: { subject: 'flint.test.actor.n1.user.nobody' },
    });
  });

  t.test('keeps clusters apart', async (t) => {
    const server = await serverFor(t);
    const prod = await transportFor(t, server, 'prod');
    const dev = await transportFor(t, server, 'dev');
    dev.listen({ node: 'n1', path: 'user/a' }, (m) => m.respond?.(wire('dev')));
    await dev.flush();
    await t.rejects(prod.request({ node: 'n1', path: 'user/a' }, wire('?'), 1_000), { code: ErrorCode.ActorNotFound });
  });

  t.test('refuses payloads over the server max_payload at the sender with PAYLOAD_TOO_LARGE', async (t) => {
    const server = await serverFor(t, 'max_payload: 65536\n');
    const transport = await transportFor(t, server);
    t.equal(transport.maxPayload, 65536);
    const address = { node: 'n1', path: 'user/sink' };
    const got: number[] = [];
    transport.listen(address, (m) => got.push(m.body.byteLength));
    await transport.flush();
    const subject = actorSubject('test', address);
    const headers = { 'flint-type': 'Block' };
    const headerBytes = 'NATS/1.0\r\nflint-type: Block\r\n\r\n'.length;
    t.throws(() => transport.send(address, { headers, body: new Uint8Array(65536) }), {
      code: ErrorCode.PayloadTooLarge, fields: { size: 65536 + headerBytes, maxPayload: 65536, subject },
    });
    t.throws(() => transport.publish('blocks', { headers: {}, body: new Uint8Array(65537) }), { code: ErrorCode.PayloadTooLarge });
    await t.rejects(transport.request(address, { headers: {}, body: new Uint8Array(70_000) }, 1_000), { code: ErrorCode.PayloadTooLarge });
    // Exactly at the limit is fine: the size check counts the header block as the server does.
    transport.send(address, { headers, body: new Uint8Array(65536 - headerBytes) });
    await waitFor('message at the limit', () => got.length === 1);
    t.equal(got[0], 65536 - headerBytes);
  });

  t.test('maps the client own max_payload error to PAYLOAD_TOO_LARGE too', async (t) => {
    const server = await serverFor(t, 'max_payload: 65536\n');
    const nc = await connect({ servers: server.url });
    // A transport whose idea of the limit is wrong still reports the client's refusal as PAYLOAD_TOO_LARGE.
    const transport = new NatsTransport({ connection: nc, cluster: 'test' });
    t.teardown(() => transport.close());
    Object.defineProperty(transport, 'maxPayload', { get: () => 1 << 20 });
    const err = (() => {
      try {
        transport.send({ node: 'n1', path: 'x' }, { headers: {}, body: new Uint8Array(100_000) });
      } catch (e) {
        return e;
      }
    })();
    t.ok(err instanceof EngineError);
    t.match(err, { code: ErrorCode.PayloadTooLarge, fields: { size: 100_000, subject: 'flint.test.actor.n1.x' } });
  });

  t.test('reports disconnect and reconnect, and keeps listeners across a server restart', async (t) => {
    const server = await startNatsServer({ jetstream: true });
    t.teardown(() => server.stop());
    const sender = await transportFor(t, server);
    const receiver = await transportFor(t, server);
    const statuses: TransportStatus['kind'][] = [];
    receiver.onStatus((s) => statuses.push(s.kind));
    const got: string[] = [];
    const address = { node: 'n1', path: 'user/survivor' };
    receiver.listen(address, (m) => got.push(td.decode(m.body)));
    receiver.subscribe('heartbeats', (m) => got.push(`topic:${td.decode(m.body)}`));
    await receiver.flush();
    sender.send(address, wire('before'));
    await waitFor('message before restart', () => got.includes('before'));

    await server.restart();
    await waitFor('disconnect and reconnect reported', () => statuses.includes('disconnected') && statuses.includes('reconnected'), 10_000);
    t.same(statuses.slice(0, 2), ['disconnected', 'reconnected']);

    // Publishes during the outage are dropped (at most once); keep sending until one arrives.
    let n = 0;
    await waitFor('message after restart', async () => {
      sender.send(address, wire(`after-${n}`));
      sender.publish('heartbeats', wire(`after-${n++}`));
      await sender.flush();
      return got.some((g) => g.startsWith('after-')) && got.some((g) => g.startsWith('topic:after-'));
    }, 10_000, 50);
    t.pass('a listener registered before the restart receives messages sent after it');
  });

  t.test('reports closed and refuses use after close', async (t) => {
    const server = await serverFor(t);
    const transport = await NatsTransport.connect({ servers: server.url, cluster: 'test' });
    const statuses: TransportStatus[] = [];
    transport.onStatus((s) => statuses.push(s));
    await transport.close();
    await waitFor('closed reported', () => statuses.some((s) => s.kind === 'closed'));
    t.throws(() => transport.send({ node: 'n1', path: 'x' }, wire('late')), { code: ErrorCode.TransportClosed });
    t.throws(() => transport.listen({ node: 'n1', path: 'x' }, () => undefined), { code: ErrorCode.TransportClosed });
    await t.rejects(transport.request({ node: 'n1', path: 'x' }, wire('late'), 100), { code: ErrorCode.TransportClosed });
    await transport.close();
  });

  t.test('leaves a shared connection open on close and stops its own listeners', async (t) => {
    const server = await serverFor(t);
    const nc = await connect({ servers: server.url });
    t.teardown(() => nc.close());
    const shared = new NatsTransport({ connection: nc, cluster: 'test', ownsConnection: false });
    const other = await transportFor(t, server);
    const got: string[] = [];
    shared.listen({ node: 'n1', path: 'user/a' }, (m) => got.push(td.decode(m.body)));
    await shared.flush();
    await shared.close();
    await shared.close();
    t.equal(nc.isClosed(), false);
    t.throws(() => shared.send({ node: 'n1', path: 'user/a' }, wire('x')), { code: ErrorCode.TransportClosed });
    await t.rejects(other.request({ node: 'n1', path: 'user/a' }, wire('?'), 1_000), { code: ErrorCode.ActorNotFound });
    t.same(got, []);
  });
});
