// End to end on a real nats-server: an actor system survives hostile or broken traffic on its actor
// subjects (garbage, missing headers, unknown types, future versions, floods) — each is counted,
// logged at a bounded rate and dropped, asks get a typed error — and oversize sends fail at the sender.
import t, { type Test } from 'tap';
import { Writable } from 'node:stream';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { createLogger, ErrorCode, type Logger } from '../../common/index.js';
import { ActorSystem, defineProtocol, SystemType, type ActorRef, type ReplyBody } from '../../runtime/actors/index.js';
import { actorSubject, connectNats, decodeEnvelope, encodeBody, Header, NatsTransport } from '../../runtime/transport/index.js';
import { startNatsServer, waitFor, type NatsServer } from '../harness/index.js';

/** Echo answers `text`, repeated `times` (default once) so a small request can ask for a big reply. */
type EchoMsg = { readonly kind: 'Echo'; readonly text: string; readonly times?: number };
const echoProtocol = defineProtocol<EchoMsg>('echo', 1, { Echo: true });
const CLUSTER = 'badinput';
const MAX_PAYLOAD = 65_536;
const DROPPED = 'dropped an inbound message';

interface LogCapture {
  readonly logger: Logger;
  readonly lines: Record<string, unknown>[];
}

/** A real pino logger (createLogger) writing JSON lines into memory. */
function captureLogs(): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

interface Setup {
  readonly server: NatsServer;
  readonly logs: LogCapture;
  /** The system hosting `user/echo` (node `a`). */
  readonly host: ActorSystem;
  /** A second system (node `b`) on its own connection, a well-behaved remote client. */
  readonly client: ActorSystem;
  readonly echo: ActorRef<EchoMsg>;
  /** A raw nats.js connection, outside any actor system. */
  readonly raw: NatsConnection;
  readonly subject: string;
}

async function setup(t: Test): Promise<Setup> {
  const server = await startNatsServer({ jetstream: false, config: `max_payload: ${MAX_PAYLOAD}\n` });
  t.teardown(() => server.stop());
  const logs = captureLogs();
  const [hostTransport, clientTransport, raw] = await Promise.all([
    NatsTransport.connect({ servers: server.url, cluster: CLUSTER }),
    NatsTransport.connect({ servers: server.url, cluster: CLUSTER }),
    connectNats({ servers: server.url }),
  ]);
  const host = new ActorSystem({ nodeId: 'a', transport: hostTransport, logger: logs.logger });
  const client = new ActorSystem({ nodeId: 'b', transport: clientTransport, logger: createLogger({ level: 'silent' }) });
  t.teardown(async () => {
    await Promise.all([host.terminate(), client.terminate()]);
    await Promise.all([hostTransport.close(), clientTransport.close(), raw.close()]);
  });
  const echo = host.spawn<EchoMsg>('echo', {
    protocol: echoProtocol,
    create: () => ({ receive(ctx, msg) { ctx.reply(msg.text.repeat(msg.times ?? 1)); } }),
  });
  client.registerProtocol(echoProtocol);
  await hostTransport.flush(); // the subscription is on the server before anyone publishes
  return { server, logs, host, client, echo, raw, subject: actorSubject(CLUSTER, { node: 'a', path: 'user/echo' }) };
}

function hdrs(record: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}

const GARBAGE = new Uint8Array([0xc1, 0xff, 0x00, 0x13, 0x37]); // 0xc1 is never valid msgpack
const echoHeaders = (version = '1') => hdrs({ [Header.type]: 'Echo', [Header.version]: version });

/** Sends a raw request and decodes the sys.Reply it gets; also returns how long the answer took. */
async function rawAsk(raw: NatsConnection, subject: string, body: Uint8Array, headers?: MsgHdrs): Promise<{ reply: ReplyBody; ms: number }> {
  const started = Date.now();
  const m = await raw.request(subject, body, { timeout: 10_000, headers });
  const ms = Date.now() - started;
  const decoded = decodeEnvelope({ headers: Object.fromEntries([...(m.headers ?? [])].map(([k, v]) => [k, v[0]])), body: m.data }, 1);
  if (!decoded.ok) throw decoded.error;
  if (decoded.envelope.type !== SystemType.Reply) throw new Error(`expected a sys.Reply, got ${decoded.envelope.type}`);
  return { reply: decoded.envelope.body as ReplyBody, ms };
}

t.test('bad inbound traffic on a real nats-server', async (t) => {
  t.test('is counted, logged and dropped by kind, and the actor keeps serving', async (t) => {
    const s = await setup(t);
    s.raw.publish(s.subject, GARBAGE, { headers: echoHeaders() });
    s.raw.publish(s.subject, encodeBody({ kind: 'Echo', text: 'no headers at all' }));
    s.raw.publish(s.subject, encodeBody({ kind: 'Launch' }), { headers: hdrs({ [Header.type]: 'Launch', [Header.version]: '1' }) });
    s.raw.publish(s.subject, encodeBody({ kind: 'Echo', text: 'from the future' }), { headers: echoHeaders('99') });
    await s.raw.flush();

    await waitFor('the four messages to be refused', () => {
      const m = s.host.metrics();
      return m.badMessages === 2 && m.unknownTypes === 1 && m.futureVersions === 1;
    }, 10_000);
    t.match(s.host.metrics(), { badMessages: 2, unknownTypes: 1, futureVersions: 1, delivered: 0 });

    const warnings = s.logs.lines.filter((l) => l.msg === DROPPED);
    t.same(warnings.map((w) => w.code), [ErrorCode.BadMessage, ErrorCode.BadMessage, ErrorCode.UnknownMessageType, ErrorCode.UnsupportedProtocolVersion],
      'one warning per dropped message, naming why');
    t.match(warnings[0], { level: 40, node: 'a', actor: 'user/echo', reason: /not valid msgpack/ });
    t.match(warnings[1], { reason: /no flint-type header/ });
    t.match(warnings[2], { reason: /Launch is not in the actor's protocol/ });
    t.match(warnings[3], { reason: /protocol version 99; this node understands up to 1/ });

    t.equal(await s.client.ask(s.echo, { kind: 'Echo', text: 'still serving' }, { timeoutMs: 5_000 }), 'still serving');
    t.equal(s.host.metrics().delivered, 1);
  });

  t.test('a refused request is answered at once with a typed error, not left to time out', async (t) => {
    const s = await setup(t);
    const garbage = await rawAsk(s.raw, s.subject, GARBAGE, echoHeaders());
    t.match(garbage.reply, { ok: false, error: { code: ErrorCode.BadMessage } });
    t.ok(garbage.ms < 5_000, `answered in ${garbage.ms} ms, well before the 10 s request timeout`);
    const bare = await rawAsk(s.raw, s.subject, GARBAGE);
    t.match(bare.reply, { ok: false, error: { code: ErrorCode.BadMessage, message: /no flint-type header/ } });
    const future = await rawAsk(s.raw, s.subject, encodeBody({ kind: 'Echo', text: 'x' }), echoHeaders('99'));
    t.match(future.reply, { ok: false, error: { code: ErrorCode.UnsupportedProtocolVersion } });
    const unknown = await rawAsk(s.raw, s.subject, encodeBody({ kind: 'Launch' }), hdrs({ [Header.type]: 'Launch', [Header.version]: '1' }));
    t.match(unknown.reply, { ok: false, error: { code: ErrorCode.UnknownMessageType } });
    t.match(s.host.metrics(), { badMessages: 2, futureVersions: 1, unknownTypes: 1 });
    const ok = await rawAsk(s.raw, s.subject, encodeBody({ kind: 'Echo', text: 'fine' }), echoHeaders());
    t.same(ok.reply, { ok: true, value: 'fine' }, 'a well-formed raw request is served');
  });

  t.test('a flood of 10,000 garbage messages is dropped and counted with rate-limited logging', async (t) => {
    const s = await setup(t);
    const FLOOD = 10_000;
    const h = echoHeaders();
    for (let i = 0; i < FLOOD; i++) s.raw.publish(s.subject, GARBAGE, { headers: h });
    await s.raw.flush();
    await waitFor('every flood message to be counted', () => s.host.metrics().badMessages === FLOOD, 20_000);
    const warnings = s.logs.lines.filter((l) => l.msg === DROPPED);
    t.ok(s.logs.lines.length < 50, `${s.logs.lines.length} log lines for ${FLOOD} bad messages`);
    t.ok(warnings.length >= 1, 'the flood is reported');
    t.equal(s.host.metrics().delivered, 0);
    t.equal(await s.client.ask(s.echo, { kind: 'Echo', text: 'after the flood' }, { timeoutMs: 5_000 }), 'after the flood');
  });
});

t.test('a message over the server max_payload', async (t) => {
  const s = await setup(t);
  const big: EchoMsg = { kind: 'Echo', text: 'x'.repeat(MAX_PAYLOAD + 1_000) };
  t.equal((s.client.transport as NatsTransport).maxPayload, MAX_PAYLOAD, 'the limit is the server\'s');

  t.test('fails a tell synchronously at the sender with PAYLOAD_TOO_LARGE', async (t) => {
    const sentBefore = s.client.metrics().remoteSent;
    t.throws(() => s.client.tell(s.echo, big), {
      code: ErrorCode.PayloadTooLarge, message: /exceed the NATS server's max_payload of 65536 bytes/, fields: { maxPayload: MAX_PAYLOAD },
    });
    t.equal(s.client.metrics().remoteSent, sentBefore, 'nothing was sent');
  });

  t.test('fails an ask at the sender with PAYLOAD_TOO_LARGE, without waiting for its timeout', async (t) => {
    const started = Date.now();
    await t.rejects(s.client.ask(s.echo, big, { timeoutMs: 10_000 }), { code: ErrorCode.PayloadTooLarge });
    t.ok(Date.now() - started < 5_000, 'failed fast');
  });

  t.test('leaves the connection usable, and a message just under the limit goes through', async (t) => {
    t.equal(await s.client.ask(s.echo, { kind: 'Echo', text: 'small' }, { timeoutMs: 5_000 }), 'small');
    const nearly = 'y'.repeat(MAX_PAYLOAD - 1_024);
    t.equal(await s.client.ask(s.echo, { kind: 'Echo', text: nearly }, { timeoutMs: 5_000 }), nearly);
    t.match(s.host.metrics(), { badMessages: 0, delivered: 2 }, 'the receiver never saw the oversize messages');
  });

  t.test('fails an ask whose reply is too large with PAYLOAD_TOO_LARGE from the replier, not a timeout', async (t) => {
    const started = Date.now();
    await t.rejects(s.client.ask(s.echo, { kind: 'Echo', text: 'z', times: MAX_PAYLOAD * 2 }, { timeoutMs: 10_000 }), { code: ErrorCode.PayloadTooLarge });
    t.ok(Date.now() - started < 5_000, 'failed fast');
    t.equal(await s.client.ask(s.echo, { kind: 'Echo', text: 'ok' }, { timeoutMs: 5_000 }), 'ok', 'and the actor keeps serving');
  });
});
