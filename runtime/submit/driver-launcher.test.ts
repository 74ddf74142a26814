import t from 'tap';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../common/index.js';
import { ActorSystem } from '../actors/index.js';
import { ProcessSupervisor } from '../supervisor/index.js';
import { InProcessHub, InProcessTransport } from '../transport/index.js';
import { waitFor } from '../../test/harness/index.js';
import { ApplicationState, type ApplicationRecord } from './application-record.js';
import { submitConf } from './driver-environment.js';
import { DRIVER_LAUNCHER_NAME, driverLauncherRef, type LaunchDriver, type LaunchDriverReply } from './driver-launcher-protocol.js';
import { driverLauncherProps, parseAttemptChildId, type AppRun } from './driver-launcher.js';
import { InMemoryApplicationStore, InMemoryBundleStore } from './submit-test-kit.fixture.js';

const FAKE_DRIVER_MAIN = fileURLToPath(new URL('./fixtures/fake-driver-main.mjs', import.meta.url));
const enc = new TextEncoder();

/** A program killed by SIGKILL on its first attempt that writes its attempt, settings and user on the next. */
const CRASH_ONCE = `
import { writeFileSync } from 'node:fs';
const [out] = process.argv.slice(2);
const attempt = process.env.FLINT_DRIVER_ATTEMPT;
if (attempt === '1') process.kill(process.pid, 'SIGKILL');
writeFileSync(out, JSON.stringify({ attempt, conf: JSON.parse(process.env.FLINT_SUBMIT_CONF), user: process.env.FLINT_NATS_USER }));
`;
const RUN_FOREVER = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2], String(process.pid));
setInterval(() => {}, 1000);
`;

function launcherHarness(t: { teardown(fn: () => unknown): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'flint-launcher-test-'));
  const hub = new InProcessHub();
  const node = new ActorSystem({ nodeId: 'n1', transport: new InProcessTransport(hub), logger: silentLogger() });
  const client = new ActorSystem({ nodeId: 'client', transport: new InProcessTransport(hub), logger: silentLogger() });
  const apps = new InMemoryApplicationStore();
  const bundles = new InMemoryBundleStore();
  // A bare environment: tap's NODE_OPTIONS would load its process tracker into every driver.
  const supervisor = new ProcessSupervisor({ logger: silentLogger(), baseEnv: { PATH: process.env.PATH } });
  const runs = new Map<string, AppRun>();
  const ref = node.spawn(DRIVER_LAUNCHER_NAME, driverLauncherProps({
    nodeId: 'n1', supervisor, bundles, apps, runs, command: process.execPath, driverMain: FAKE_DRIVER_MAIN,
    driverConf: (conf, appName) => submitConf({ conf, appName, master: 'nats://127.0.0.1:4222', deployMode: 'cluster', cluster: 'c1' }),
    credentials: { user: 'node-user', password: 'pw' }, workDir: dir, stopGraceMs: 2000,
  }));
  supervisor.on((e) => {
    const a = parseAttemptChildId(e.id);
    if (!a) return;
    if (e.kind === 'ChildStarted') node.tell(ref, { kind: 'DriverStarted', ...a, pid: e.pid });
    if (e.kind === 'ChildExited') node.tell(ref, { kind: 'DriverExited', ...a, exit: { code: e.code, signal: e.signal } });
  });
  t.teardown(async () => {
    await client.terminate();
    await node.terminate();
    rmSync(dir, { recursive: true, force: true });
  });
  const submit = async (appId: string, program: string, args: string[], restartPolicy: LaunchDriver['restartPolicy']) => {
    const { hash } = await bundles.put(enc.encode(program));
    const now = Date.now();
    const record: ApplicationRecord = {
      appId, name: 'test', submitter: 'me@here', deployMode: 'cluster', bundleHash: hash, restartPolicy,
      state: ApplicationState.submitted, attempts: 0, node: 'n1', submittedAt: now, updatedAt: now,
    };
    await apps.create(record);
    const request: LaunchDriver = { kind: 'LaunchDriver', appId, appName: 'test', bundleHash: hash, conf: { 'spark.x': '1', 'spark.master': 'nats://elsewhere:1' }, args, restartPolicy };
    return { request, ask: () => client.ask<LaunchDriver, LaunchDriverReply>(driverLauncherRef('n1'), request, { timeoutMs: 10_000 }) };
  };
  return { dir, node, apps, bundles, runs, submit };
}

t.test('DriverLauncher', async (t) => {
  t.test('restarts a driver killed on its first attempt and records FINISHED after two attempts', async (t) => {
    const h = launcherHarness(t);
    const out = join(h.dir, 'result.json');
    const { ask } = await h.submit('app-1', CRASH_ONCE, [out], { kind: 'on-failure', maxRetries: 3, retryIntervalMs: 50 });
    t.same(await ask(), { kind: 'accepted', appId: 'app-1', nodeId: 'n1' });
    t.same(await ask(), { kind: 'accepted', appId: 'app-1', nodeId: 'n1' }, 'a retried ask gets the same answer');
    await waitFor('the application to end', () => h.apps.records.get('app-1')?.state === ApplicationState.finished, 60_000, 20);
    const record = h.apps.records.get('app-1')!;
    t.equal(record.attempts, 2);
    t.equal(record.node, 'n1');
    t.equal(record.lastError, 'attempt 1: killed by SIGKILL');
    t.same(h.apps.history.get('app-1'), ['SUBMITTED', 'RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { attempt: string; conf: Record<string, string>; user: string };
    t.equal(result.attempt, '2');
    t.equal(result.conf['spark.master'], 'nats://127.0.0.1:4222', 'the node sets spark.master to its own');
    t.equal(result.conf['spark.x'], '1');
    t.equal(result.conf['spark.submit.deployMode'], 'cluster');
    t.equal(result.user, 'node-user', 'credentials arrive in the environment');
    await waitFor('the temp dir to be removed', () => readdirSync(h.dir).every((f) => !f.startsWith('flint-driver-')), 10_000, 20);
    t.equal(h.runs.size, 0);
  });

  t.test('refuses an application whose bundle is not stored, and records it FAILED', async (t) => {
    const h = launcherHarness(t);
    const { ask } = await h.submit('app-2', 'console.log(1)', [], { kind: 'never' });
    h.bundles.bundles.clear();
    const answer = await ask();
    t.equal(answer.kind, 'refused');
    t.match(answer.kind === 'refused' ? answer.reason : '', /cannot fetch bundle .*: no bundle/);
    await waitFor('the record to fail', () => h.apps.records.get('app-2')?.state === ApplicationState.failed, 10_000, 20);
    t.match(h.apps.records.get('app-2')?.lastError, /^bundle unavailable/);
  });

  t.test('refuses a malformed request', async (t) => {
    const h = launcherHarness(t);
    const { request } = await h.submit('app-3', 'x', [], { kind: 'never' });
    const answer = await h.node.ask<LaunchDriver, LaunchDriverReply>(driverLauncherRef('n1'), { ...request, bundleHash: 'nope' }, { timeoutMs: 10_000 });
    t.same(answer, { kind: 'refused', appId: 'app-3', nodeId: 'n1', reason: 'bundle hash "nope" is not a sha256' });
  });

  t.test('stops its drivers when the node stops and records them FAILED', async (t) => {
    const h = launcherHarness(t);
    const pidFile = join(h.dir, 'pid');
    const { ask } = await h.submit('app-4', RUN_FOREVER, [pidFile], { kind: 'always', retryIntervalMs: 50 });
    t.equal((await ask()).kind, 'accepted');
    await waitFor('the driver to run', () => existsSync(pidFile) && h.apps.records.get('app-4')?.state === ApplicationState.running, 30_000, 20);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await h.node.terminate();
    const record = h.apps.records.get('app-4')!;
    t.equal(record.state, ApplicationState.failed);
    t.match(record.lastError, /^node n1 stopped/);
    t.throws(() => process.kill(pid, 0), 'the driver process is gone');
  });
});
