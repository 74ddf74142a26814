// End-to-end check of deploy/nats/nats-server.conf on the local nats-server: the roles' subject
// permissions behave as documented (run without `sync_interval`, which 2.9.10 rejects, and with
// throwaway TLS files and passwords).
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { ErrorCode } from '../../common/index.js';
import { generateTestTls, startNatsServer, type NatsServer, type TestTls } from '../../test/harness/index.js';
import { NatsTransport } from './nats-transport.js';
import { inboxPrefix } from './subjects.js';
import type { WireMessage } from './transport.js';

const CLUSTER = 'prod';
const PASSWORDS = { submitter: 'sub-pw-1', node: 'node-pw-2', admin: 'admin-pw-3' } as const;
type Role = keyof typeof PASSWORDS;
const msg = (text: string): WireMessage => ({ headers: { 'flint-type': 'Test' }, body: new TextEncoder().encode(text) });
const text = (m: WireMessage): string => new TextDecoder().decode(m.body);

function deployConfig(tls: TestTls): string {
  const conf = readFileSync(new URL('../../deploy/nats/nats-server.conf', import.meta.url), 'utf8');
  t.match(conf, /sync_interval: always/, 'the deployment config asks for fsync on every write');
  return conf
    .replace(/^\s*sync_interval:.*$/m, '')
    .replace(/^http:.*$/m, '')
    .replace(/^\s*store_dir:.*$/m, '')
    .replaceAll('/etc/flint/tls/server.pem', tls.serverCertFile)
    .replaceAll('/etc/flint/tls/server.key', tls.serverKeyFile)
    .replaceAll('/etc/flint/tls/ca.pem', tls.caFile);
}

interface Setup {
  readonly server: NatsServer;
  /** A transport logged in as `role`, closed at teardown. */
  as(role: Role): Promise<NatsTransport>;
  /** A connection attempt as `role` with the given password. */
  connectAs(role: Role, password: string): Promise<NatsTransport>;
}

async function setup(t: Test): Promise<Setup> {
  const tls = generateTestTls();
  t.teardown(() => tls.cleanup());
  const server = await startNatsServer({
    config: deployConfig(tls),
    env: {
      FLINT_NATS_SUBMITTER_PASSWORD: PASSWORDS.submitter,
      FLINT_NATS_NODE_PASSWORD: PASSWORDS.node,
      FLINT_NATS_ADMIN_PASSWORD: PASSWORDS.admin,
    },
  });
  t.teardown(() => server.stop());
  const connectAs = (role: Role, password: string): Promise<NatsTransport> => NatsTransport.connect({
    servers: server.url, cluster: CLUSTER, user: role, pass: password,
    inboxPrefix: inboxPrefix(CLUSTER, role),
    tls: { caFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile },
  });
  const as = async (role: Role): Promise<NatsTransport> => {
    const transport = await connectAs(role, PASSWORDS[role]);
    t.teardown(() => transport.close());
    return transport;
  };
  return { server, as, connectAs };
}

t.test('deploy/nats/nats-server.conf role permissions', async (t) => {
  const { as, connectAs } = await setup(t);
  const node = await as('node');
  const submitter = await as('submitter');
  const admin = await as('admin');

  const executorInbox: string[] = [];
  node.listen({ node: 'master', path: 'user/master' }, (m) => m.respond?.(msg(`ack:${text(m)}`)));
  node.listen({ node: 'n1', path: 'user/executor' }, (m) => {
    executorInbox.push(text(m));
    m.respond?.(msg('executor'));
  });
  await node.flush();

  t.test('a submitter asks the Master and receives the reply', async (t) => {
    const reply = await submitter.request({ node: 'master', path: 'user/master' }, msg('SubmitApplication'), 2_000);
    t.equal(text(reply), 'ack:SubmitApplication');
  });

  t.test('a submitter cannot reach other actors', async (t) => {
    submitter.send({ node: 'n1', path: 'user/executor' }, msg('LaunchTask'));
    // The server handles a client's messages in order: once this ask is answered, the refused
    // send above has been dropped, and the executor (same node connection) would have seen it first.
    await submitter.request({ node: 'master', path: 'user/master' }, msg('after'), 2_000);
    await node.flush();
    t.same(executorInbox, []);
  });

  t.test('a submitter cannot listen to cluster topics', async (t) => {
    const heard: string[] = [];
    submitter.subscribe('heartbeats', (m) => heard.push(text(m)));
    await submitter.flush();
    node.publish('heartbeats', msg('n1'));
    await node.flush();
    await submitter.flush();
    t.same(heard, []);
  });

  t.test('nodes ask each other and broadcast topics', async (t) => {
    const other = await as('node');
    const reply = await other.request({ node: 'n1', path: 'user/executor' }, msg('LaunchTask'), 2_000);
    t.equal(text(reply), 'executor');
    const heard: string[] = [];
    other.subscribe('membership', (m) => heard.push(text(m)));
    await other.flush();
    node.publish('membership', msg('joined'));
    await node.flush();
    await other.flush();
    t.same(heard, ['joined']);
  });

  t.test('a node cannot read the submitters\' reply inboxes', async (t) => {
    const snooped: string[] = [];
    let refusal: Error | undefined;
    node.connection.subscribe('_INBOX.flint.prod.submitter.>', {
      callback: (err, m) => {
        if (err) refusal = err;
        else snooped.push(m.subject);
      },
    });
    await node.flush();
    await submitter.request({ node: 'master', path: 'user/master' }, msg('private'), 2_000);
    await node.flush();
    t.same(snooped, []);
    t.match(refusal, { name: 'PermissionViolationError', operation: 'subscription' });
  });

  t.test('an admin may do anything', async (t) => {
    const reply = await admin.request({ node: 'n1', path: 'user/executor' }, msg('admin'), 2_000);
    t.equal(text(reply), 'executor');
  });

  t.test('a wrong role password is refused with AUTHENTICATION_FAILED', async (t) => {
    await t.rejects(connectAs('node', PASSWORDS.admin), {
      code: ErrorCode.AuthenticationFailed, message: /user "node" with a password was not accepted/,
    });
  });
});
