// End to end: `node runtime` and `flint status` against real nats-server/redis-server processes with
// authentication (user/password, TLS, operator creds files) and the security-by-default policy:
// typed start-up failures, no secret in any output, non-loopback URLs refused without protection.
import t, { type Test } from 'tap';
import {
  createOperatorAuth, generateTestTls, runFlint, startFlintProcess, startNatsServer, startRedisServer,
  type FlintProcess, type NatsServer, type RunResult,
} from '../harness/index.js';

const PASSWORD = 'Flint-e2e-pw-5d1c9a7e';
const WRONG_PASSWORD = 'Wrong-e2e-pw-77b02f31';
const USERS = `authorization { users = [ { user: alice, password: "${PASSWORD}" } ] }\n`;
/** Fast liveness so registration and status settle quickly. */
const TIMING = ['--heartbeat-interval', '200ms', '--heartbeat-timeout', '3s', '--lease-ttl', '2s'];

async function natsServer(t: Test, options: Parameters<typeof startNatsServer>[0]): Promise<NatsServer> {
  const server = await startNatsServer(options);
  t.teardown(() => server.stop());
  return server;
}

function started(t: Test, args: string[], options: Parameters<typeof startFlintProcess>[1] = {}): FlintProcess {
  const proc = startFlintProcess(args, options);
  t.teardown(() => proc.stop(2_000));
  return proc;
}

function allOutput(...sources: (FlintProcess | RunResult)[]): string[] {
  return sources.flatMap((s) => ('lines' in s ? [...s.lines()] : [...s.stdout.split('\n'), ...s.stderr.split('\n')]));
}

interface StatusNode { readonly id: string; readonly state: string }
interface Status { readonly leader: { readonly id: string; readonly epoch: number } | null; readonly nodes: readonly StatusNode[] }

/** Runs `flint status --json` until it lists `nodeId` (the leader may still be taking over); returns the status. */
async function statusListing(t: Test, nodeId: string, args: string[], env: Record<string, string> = {}): Promise<{ status: Status; runs: RunResult[] }> {
  const deadline = Date.now() + 40_000;
  const runs: RunResult[] = [];
  for (;;) {
    const r = await runFlint(['status', '--json', '--timeout', '2s', ...args], { env, timeoutMs: 30_000 });
    runs.push(r);
    if (r.code === 0) {
      const status = JSON.parse(r.stdout) as Status;
      if (status.nodes.some((n) => n.id === nodeId)) return { status, runs };
    }
    if (Date.now() > deadline) {
      t.fail(`flint status never listed ${nodeId}`, { code: r.code, stdout: r.stdout, stderr: r.stderr });
      throw new Error(`flint status never listed ${nodeId}`);
    }
  }
}

t.test('node runtime authentication failures', async (t) => {
  const server = await natsServer(t, { jetstream: false, config: USERS });
  const [wrong, missing] = await Promise.all([
    runFlint(['--master', server.url, '--user', 'alice', '--password', WRONG_PASSWORD], { entry: 'runtime' }),
    runFlint(['--master', server.url], { entry: 'runtime' }),
  ]);

  t.test('a wrong password fails the start with AUTHENTICATION_FAILED naming server and user, never the password', async (t) => {
    t.equal(wrong.code, 1, 'exit code 1');
    t.match(wrong.stderr, new RegExp(
      `^flint: AUTHENTICATION_FAILED: NATS server nats://127\\.0\\.0\\.1:${server.port} refused the connection .*user "alice" with a password was not accepted`, 'm'));
    for (const secret of [WRONG_PASSWORD, PASSWORD]) t.notOk(allOutput(wrong).some((l) => l.includes(secret)), 'no line carries a password');
  });

  t.test('missing credentials fail the start with AUTHENTICATION_FAILED saying what to set', async (t) => {
    t.equal(missing.code, 1);
    t.match(missing.stderr, /^flint: AUTHENTICATION_FAILED: .*no credentials were given but the server requires them/m);
  });
});

t.test('TLS with user and password: a node registers, flint status lists it, and the password is in no output', async (t) => {
  const tls = generateTestTls();
  t.teardown(() => tls.cleanup());
  const users = `authorization { users = [ { user: flint, password: "${PASSWORD}" } ] }\n`;
  const [server, redis] = await Promise.all([
    natsServer(t, { jetstream: true, config: tls.natsTlsBlock() + users }),
    startRedisServer(),
  ]);
  t.teardown(() => redis.stop());
  const url = `tls://127.0.0.1:${server.port}`;
  const ca = ['--tls-ca', tls.caFile];
  const env = { FLINT_NATS_PASSWORD: PASSWORD };

  // Each process gets the password another way (environment, credentials in the URL, a flag), and
  // logs at debug level: none of them may print it.
  const untrusted = runFlint(['--cluster', 'sec', '--master', url, '--user', 'flint'], { entry: 'runtime', env });
  const master = started(t, ['--role', 'master', '--redis', redis.url, '--cluster', 'sec', '--node-id', 'm1', '--log-level', 'debug', ...TIMING,
    '--master', `tls://flint:${PASSWORD}@127.0.0.1:${server.port}`, ...ca], { name: 'tls master (password in URL)' });
  const node = started(t, ['--cluster', 'sec', '--node-id', 'tls-node', '--log-level', 'debug', ...TIMING, '--master', url, ...ca, '--user', 'flint'],
    { env, name: 'tls node (password in env)' });
  await Promise.all([master.waitForLine(/"msg":"elected master leader"/, 40_000), node.waitForLine(/"msg":"node started"/, 40_000)]);
  await node.waitForLine(/"msg":"registered with master"/, 30_000);

  const { status, runs } = await statusListing(t, 'tls-node', ['--cluster', 'sec', '--master', url, ...ca, '--user', 'flint', '--password', PASSWORD]);
  t.match(status, { leader: { id: 'm1' }, nodes: [{ id: 'tls-node', state: 'alive' }] });

  // Without the CA the server's certificate is not trusted: the connection really is TLS.
  const refused = await untrusted;
  t.equal(refused.code, 1, 'a client without the CA fails');
  t.match(refused.stderr, /^flint: CONNECTION_FAILED: TLS with NATS server tls:\/\/127\.0\.0\.1:\d+ failed/m);

  // Leaving logs more (NodeLeaving, shutdown); then every line of every process is checked.
  const exits = await Promise.all([node.stop(10_000), master.stop(10_000)]);
  t.same(exits.map((e) => e.code), [0, 0], 'node and master leave cleanly on SIGTERM');
  t.ok(node.logs().length >= 3 && master.logs().length >= 3, 'both wrote structured logs');
  t.match(master.lines().join('\n'), /tls:\/\/127\.0\.0\.1:\d+/, 'the server is named without its credentials');
  const leaks = allOutput(master, node, refused, ...runs).filter((l) => l.includes(PASSWORD));
  t.same(leaks, [], 'no output line carries the password');
});

t.test('operator creds files: a node registers with a master and flint status lists it', async (t) => {
  const auth = await createOperatorAuth();
  t.teardown(() => auth.cleanup());
  const [masterUser, nodeUser, adminUser] = await Promise.all([auth.issueUser('master'), auth.issueUser('node'), auth.issueUser('admin')]);
  const [server, redis] = await Promise.all([natsServer(t, { jetstream: true, config: auth.serverConfig }), startRedisServer()]);
  t.teardown(() => redis.stop());

  const common = ['--master', server.url, '--cluster', 'creds', ...TIMING];
  const master = started(t, ['--role', 'master', '--redis', redis.url, '--node-id', 'm1', '--creds', masterUser.credsFile, ...common], { name: 'creds master' });
  const node = started(t, ['--node-id', 'creds-node', '--creds', nodeUser.credsFile, ...common], { name: 'creds node' });
  await Promise.all([master.waitForLine(/"msg":"elected master leader"/, 40_000), node.waitForLine(/"msg":"node started"/, 40_000)]);
  await node.waitForLine(/"msg":"registered with master"/, 30_000);

  const { status } = await statusListing(t, 'creds-node', ['--master', server.url, '--cluster', 'creds', '--creds', adminUser.credsFile]);
  t.match(status, { leader: { id: 'm1' }, nodes: [{ id: 'creds-node', state: 'alive' }] });
  t.notOk(allOutput(master, node).some((l) => l.includes(nodeUser.seed) || l.includes(masterUser.seed)), 'no output line carries an nkey seed');
});

t.test('a non-loopback master URL without credentials and TLS', async (t) => {
  // `.invalid` is reserved (RFC 2606): the name never resolves, so nothing is sent to a real host.
  const url = 'nats://flint.invalid:4222';
  const [refused, insecure] = await Promise.all([
    runFlint(['--master', url], { entry: 'runtime', timeoutMs: 30_000 }),
    runFlint(['--master', url, '--insecure'], { entry: 'runtime', timeoutMs: 30_000 }),
  ]);

  t.test('is refused before connecting with INSECURE_BIND', async (t) => {
    t.equal(refused.code, 1);
    t.match(refused.stderr, /^flint: INSECURE_BIND: refusing NATS connection to non-loopback nats:\/\/flint\.invalid:4222 without credentials and TLS/m);
    t.match(refused.stderr, /--insecure/, 'the message says how to accept the risk');
    t.notMatch(refused.stderr, /CONNECTION_FAILED|does not resolve|connected to NATS/, 'no connection was attempted');
  });

  t.test('with --insecure passes the policy with a warning, then fails to connect with CONNECTION_FAILED', async (t) => {
    t.equal(insecure.code, 1);
    t.match(insecure.stderr, /"level":40.*runs without credentials and TLS because --insecure was given/);
    t.match(insecure.stderr, /^flint: CONNECTION_FAILED: cannot connect to NATS server nats:\/\/flint\.invalid:4222/m);
    t.notMatch(insecure.stderr, /INSECURE_BIND/);
  });
});
