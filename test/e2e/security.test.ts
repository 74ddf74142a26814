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
  const deadline = Date.now() + 20_000;
  const runs: RunResult[] = [];
  for (;;) {
    const r = await runFlint(['status', '--json', '--timeout', '2s', ...args], { env, timeoutMs: 15_000 });
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
  const [wrong, missing, missingPassword] = await Promise.all([
    runFlint(['--master', server.url, '--user', 'alice', '--password', WRONG_PASSWORD], { entry: 'runtime' }),
    runFlint(['--master', server.url], { entry: 'runtime' }),
    runFlint(['--master', server.url, '--user', 'alice'], { entry: 'runtime' }),
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
    t.equal(missingPassword.code, 1);
    t.match(missingPassword.stderr, /^flint: AUTHENTICATION_FAILED: .*user "alice" without a password was not accepted/m);
  });
});

t.test('TLS with user and password: a node registers and flint status lists it', async (t) => {
  const tls = generateTestTls();
  t.teardown(() => tls.cleanup());
  const users = `authorization { users = [ { user: flint, password: "${PASSWORD}" } ] }\n`;
  const [server, redis] = await Promise.all([
    natsServer(t, { jetstream: true, config: tls.natsTlsBlock() + users }),
    startRedisServer(),
  ]);
  t.teardown(() => redis.stop());
  const url = `tls://127.0.0.1:${server.port}`;
  const auth = ['--master', url, '--tls-ca', tls.caFile, '--user', 'flint'];
  const env = { FLINT_NATS_PASSWORD: PASSWORD };

  // Without the CA the server's certificate is not trusted: the connection really is TLS.
  const untrusted = runFlint(['--cluster', 'sec', '--master', url, '--user', 'flint'], { entry: 'runtime', env });
  const master = started(t, ['--role', 'master', '--redis', redis.url, '--cluster', 'sec', '--node-id', 'm1', ...TIMING, ...auth], { env, name: 'tls master' });
  const node = started(t, ['--cluster', 'sec', '--node-id', 'tls-node', ...TIMING, ...auth], { env, name: 'tls node' });
  await Promise.all([master.waitForLine(/"msg":"elected master leader"/, 20_000), node.waitForLine(/"msg":"node started"/, 20_000)]);
  await node.waitForLine(/"msg":"registered with master"/, 20_000);

  const { status, runs } = await statusListing(t, 'tls-node', ['--cluster', 'sec', ...auth], env);
  t.match(status, { leader: { id: 'm1' }, nodes: [{ id: 'tls-node', state: 'alive' }] });
  const refused = await untrusted;
  t.equal(refused.code, 1, 'a client without the CA fails');
  t.match(refused.stderr, /^flint: CONNECTION_FAILED: TLS with NATS server tls:\/\/127\.0\.0\.1:\d+ failed/m);
  t.notOk(allOutput(master, node, refused, ...runs).some((l) => l.includes(PASSWORD)), 'no output line carries the password');
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
  await Promise.all([master.waitForLine(/"msg":"elected master leader"/, 20_000), node.waitForLine(/"msg":"node started"/, 20_000)]);
  await node.waitForLine(/"msg":"registered with master"/, 20_000);

  const { status } = await statusListing(t, 'creds-node', ['--master', server.url, '--cluster', 'creds', '--creds', adminUser.credsFile]);
  t.match(status, { leader: { id: 'm1' }, nodes: [{ id: 'creds-node', state: 'alive' }] });
  t.notOk(allOutput(master, node).some((l) => l.includes(nodeUser.seed) || l.includes(masterUser.seed)), 'no output line carries an nkey seed');
});

t.test('a non-loopback master URL without credentials and TLS', async (t) => {
  // `.invalid` is reserved (RFC 2606): the name never resolves, so nothing is sent to a real host.
  const url = 'nats://flint.invalid:4222';
  const [refused, statusRefused, insecure] = await Promise.all([
    runFlint(['--master', url], { entry: 'runtime', timeoutMs: 15_000 }),
    runFlint(['status', '--master', url], { timeoutMs: 15_000 }),
    runFlint(['--master', url, '--insecure'], { entry: 'runtime', timeoutMs: 20_000 }),
  ]);

  t.test('is refused before connecting with INSECURE_BIND', async (t) => {
    t.equal(refused.code, 1);
    t.match(refused.stderr, /^flint: INSECURE_BIND: refusing NATS connection to non-loopback nats:\/\/flint\.invalid:4222 without credentials and TLS/m);
    t.match(refused.stderr, /--insecure/, 'the message says how to accept the risk');
    t.notMatch(refused.stderr, /CONNECTION_FAILED|does not resolve/, 'no connection was attempted');
    t.equal(statusRefused.code, 1);
    t.match(statusRefused.stderr, /^flint: INSECURE_BIND:/m, 'flint status applies the same policy');
  });

  t.test('with --insecure passes the policy with a warning, then fails to connect with CONNECTION_FAILED', async (t) => {
    t.equal(insecure.code, 1);
    t.match(insecure.stderr, /"level":40.*runs without credentials and TLS because --insecure was given/);
    t.match(insecure.stderr, /^flint: CONNECTION_FAILED: cannot connect to NATS server nats:\/\/flint\.invalid:4222/m);
    t.notMatch(insecure.stderr, /INSECURE_BIND/);
  });
});

t.test('secrets never reach the output of a running node', async (t) => {
  const server = await natsServer(t, { jetstream: false, config: USERS });
  // Debug logging and both ways of passing a password: a flag, and credentials inside the URL.
  const viaFlag = started(t, ['--master', server.url, '--user', 'alice', '--password', PASSWORD, '--node-id', 'flag-node', '--log-level', 'debug', ...TIMING], { name: 'password flag' });
  const viaUrl = started(t, ['--master', `nats://alice:${PASSWORD}@127.0.0.1:${server.port}`, '--node-id', 'url-node', '--log-level', 'debug', ...TIMING], { name: 'password in URL' });
  await Promise.all([viaFlag, viaUrl].map((p) => p.waitForLine(/"msg":"node started"/, 20_000)));
  // No master runs: let registration fail and retry at debug level, then leave gracefully (more lines).
  await Promise.all([viaFlag, viaUrl].map((p) => p.waitForLine(/"msg":"registration failed; retrying"/, 20_000)));
  const exits = await Promise.all([viaFlag.stop(5_000), viaUrl.stop(5_000)]);
  t.same(exits.map((e) => e.code), [0, 0], 'both leave cleanly on SIGTERM');
  for (const p of [viaFlag, viaUrl]) {
    t.ok(p.lines().length >= 3, `${p.name} wrote log lines`);
    t.notOk(p.lines().some((l) => l.includes(PASSWORD)), `${p.name}: no line carries the password`);
  }
  t.match(viaUrl.lines().join('\n'), /nats:\/\/127\.0\.0\.1:\d+/, 'the server is named without its credentials');
});
