import t, { type Test } from 'tap';
import { Writable } from 'node:stream';
import { createLogger, ErrorCode } from '../../common/index.js';
import { createOperatorAuth, generateTestTls, startNatsServer, type NatsServer } from '../../test/harness/index.js';
import { connectNats, parseServers, type NatsConnectOptions } from './nats-connection.js';
import { NatsTransport } from './nats-transport.js';

const PASSWORD = 'correct-horse-battery';
const USERS = `authorization { users = [ { user: alice, password: "${PASSWORD}" } ] }\n`;

async function serverFor(t: Test, config?: string): Promise<NatsServer> {
  const server = await startNatsServer({ jetstream: false, config });
  t.teardown(() => server.stop());
  return server;
}

async function connected(t: Test, options: NatsConnectOptions): Promise<void> {
  const nc = await connectNats(options);
  t.teardown(() => nc.close());
  t.equal(nc.isClosed(), false);
}

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** Sends one request through two transports on the same server: proves the connection is usable. */
async function roundTrip(t: Test, a: NatsTransport, b: NatsTransport): Promise<void> {
  b.listen({ node: 'n1', path: 'user/echo' }, (m) => m.respond?.({ headers: { 'flint-type': 'Echo' }, body: m.body }));
  await b.flush();
  const reply = await a.request({ node: 'n1', path: 'user/echo' }, { headers: {}, body: new Uint8Array([1, 2, 3]) }, 2_000);
  t.same([...reply.body], [1, 2, 3]);
  t.same(reply.headers, { 'flint-type': 'Echo' });
}

t.test('connectNats', async (t) => {
  t.test('splits credentials out of server URLs', async (t) => {
    t.same(parseServers('nats://alice:p%40ss@127.0.0.1:4333'), { urls: ['nats://127.0.0.1:4333'], user: 'alice', pass: 'p@ss' });
    t.same(parseServers(['nats://tok@h1:1', 'nats://h2:2']), { urls: ['nats://h1:1', 'nats://h2:2'], token: 'tok' });
    t.same(parseServers('h1:1, h2:2'), { urls: ['h1:1', 'h2:2'] });
    t.throws(() => parseServers([]), { code: ErrorCode.Config });
  });

  t.test('connects with user and password, from options or from the URL, and never logs the password', async (t) => {
    const server = await serverFor(t, USERS);
    const { logger, lines } = capturingLogger();
    await connected(t, { servers: server.url, user: 'alice', pass: PASSWORD, logger });
    await connected(t, { servers: `nats://alice:${PASSWORD}@127.0.0.1:${server.port}`, logger });
    t.ok(lines.some((l) => l.includes('connected to NATS')));
    t.notOk(lines.some((l) => l.includes(PASSWORD)), 'no log line carries the password');
  });

  t.test('fails a wrong password with AUTHENTICATION_FAILED that names server and user but not the password', async (t) => {
    const server = await serverFor(t, USERS);
    const err = await connectNats({ servers: `nats://alice:wrong-${PASSWORD}@127.0.0.1:${server.port}` }).catch((e: Error) => e);
    t.match(err, { code: ErrorCode.AuthenticationFailed, message: new RegExp(`127\\.0\\.0\\.1:${server.port}.*user "alice" with a password was not accepted`) });
    t.notMatch((err as Error).message, PASSWORD);
    t.notMatch(JSON.stringify(err), PASSWORD);
  });

  t.test('fails missing credentials against an auth-required server with AUTHENTICATION_FAILED', async (t) => {
    const server = await serverFor(t, USERS);
    await t.rejects(connectNats({ servers: server.url }), {
      code: ErrorCode.AuthenticationFailed, message: /no credentials were given but the server requires them/,
    });
    await t.rejects(connectNats({ servers: server.url, user: 'alice' }), {
      code: ErrorCode.AuthenticationFailed, message: /user "alice" without a password was not accepted/,
    });
  });

  t.test('fails an unreachable server with retryable CONNECTION_FAILED', async (t) => {
    const server = await serverFor(t);
    const url = server.url;
    await server.stop();
    await t.rejects(connectNats({ servers: url }), {
      code: ErrorCode.ConnectionFailed, retryable: true, message: /nothing accepts connections there/,
    });
  });

  t.test('refuses a non-loopback server without credentials and TLS before connecting', async (t) => {
    // `.invalid` never resolves, so even a broken policy could not reach a real host.
    await t.rejects(connectNats({ servers: 'nats://flint-test.invalid:4222' }), { code: ErrorCode.InsecureBind });
    await t.rejects(connectNats({ servers: 'nats://flint-test.invalid:4222', user: 'u', pass: 'p' }), { code: ErrorCode.InsecureBind });
    await t.rejects(connectNats({ servers: 'nats://flint-test.invalid:4222', insecure: true, connectTimeoutMs: 1_000 }), {
      code: ErrorCode.ConnectionFailed, message: /does not resolve/,
    });
  });

  // One throwaway CA and certificates for the TLS cases (openssl is the slow part).
  const tls = generateTestTls();
  t.teardown(() => tls.cleanup());

  t.test('connects over mutual TLS and exchanges messages', async (t) => {
    const server = await serverFor(t, tls.natsTlsBlock({ verify: true }));
    const tlsOptions = { caFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile };
    const a = await NatsTransport.connect({ servers: server.url, cluster: 'tls', tls: tlsOptions });
    t.teardown(() => a.close());
    const b = await NatsTransport.connect({ servers: server.url, cluster: 'tls', tls: tlsOptions });
    t.teardown(() => b.close());
    t.equal(a.connection.info?.tls_required, true);
    await roundTrip(t, a, b);
  });

  t.test('fails TLS without the CA with CONNECTION_FAILED that says so', async (t) => {
    const server = await serverFor(t, tls.natsTlsBlock());
    await t.rejects(connectNats({ servers: server.url }), { code: ErrorCode.ConnectionFailed, message: /TLS with NATS server .* failed/ });
  });

  t.test('accepts a creds file on an operator-mode server and rejects a user of another operator', async (t) => {
    const auth = await createOperatorAuth();
    const stranger = await createOperatorAuth();
    t.teardown(() => { auth.cleanup(); stranger.cleanup(); });
    const server = await serverFor(t, auth.serverConfig);
    const alice = await auth.issueUser('alice');
    const a = await NatsTransport.connect({ servers: server.url, cluster: 'jwt', credsFile: alice.credsFile });
    t.teardown(() => a.close());
    const b = await NatsTransport.connect({ servers: server.url, cluster: 'jwt', credsFile: (await auth.issueUser('bob')).credsFile });
    t.teardown(() => b.close());
    await roundTrip(t, a, b);

    const mallory = await stranger.issueUser('mallory');
    await t.rejects(connectNats({ servers: server.url, credsFile: mallory.credsFile }), {
      code: ErrorCode.AuthenticationFailed, message: new RegExp(`creds file ${mallory.credsFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was not accepted`),
    });
    await t.rejects(connectNats({ servers: server.url, credsFile: '/nonexistent/flint.creds' }), { code: ErrorCode.Config, message: /ENOENT/ });
  });

  t.test('accepts an nkey user and names only its public key on failure', async (t) => {
    const auth = await createOperatorAuth();
    t.teardown(() => auth.cleanup());
    const carol = await auth.issueUser('carol');
    const server = await serverFor(t, `authorization { users = [ { nkey: ${carol.publicKey} } ] }\n`);
    await connected(t, { servers: server.url, nkeySeed: carol.seed });
    const dave = await auth.issueUser('dave');
    const err = await connectNats({ servers: server.url, nkeySeed: dave.seed }).catch((e: Error) => e);
    t.match(err, { code: ErrorCode.AuthenticationFailed, message: new RegExp(`nkey ${dave.publicKey} was not accepted`) });
    t.notMatch((err as Error).message, dave.seed);
    await t.rejects(connectNats({ servers: server.url, nkeySeed: 'not-a-seed' }), { code: ErrorCode.Config });
  });
});
