// `flint submit PROGRAM`: bundles the program, then runs it here in local mode (no --master), here
// against a cluster (client mode: bundle stored, application recorded), or on a node of the cluster
// (cluster mode: a node's DriverLauncher runs and restarts it). Resolves with the exit code.
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import { EngineError, ErrorCode } from '../common/index.js';
import {
  ApplicationState, bundleProgram, describeExit, driverEnv, markEnded, markRunning, newSubmissionId, submitConf,
  type ApplicationRecord, type ApplicationStore, type ProgramBundle,
} from '../runtime/submit/index.js';
import { chooseDriverNode, clusterStatus, followApplication, launchOnNode, openClusterSession } from './submit-cluster.js';
import { parseSubmitOptions, type SubmitOptions } from './submit-options.js';
import { runDriverHere } from './submit-run-here.js';

export interface SubmitIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export async function submitCommand(argv: readonly string[], io: SubmitIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opts = parseSubmitOptions(argv);
  const bundle = await bundleProgram(opts.program);
  for (const w of bundle.warnings) io.err.write(`flint: warning: ${w}\n`);
  const target = opts.target;
  if (target.kind === 'local') return runLocal(opts, target.master, bundle);
  return target.deployMode === 'client' ? runClient(opts, target.url, bundle, io) : runCluster(opts, target.url, bundle, io);
}

function bundleFileName(opts: SubmitOptions): string {
  return `${basename(opts.program).replace(/\.[^.]+$/, '')}.bundle.mjs`;
}

async function runLocal(opts: SubmitOptions, master: string, bundle: ProgramBundle): Promise<number> {
  const conf = submitConf({ master, appName: opts.name, deployMode: 'client', conf: opts.conf });
  const exit = await runDriverHere({ bundle: bundle.code, fileName: bundleFileName(opts), args: opts.args, env: driverEnv({ conf }) });
  return exit.exitCode;
}

async function runClient(opts: SubmitOptions, url: string, bundle: ProgramBundle, io: SubmitIo): Promise<number> {
  const session = await openClusterSession(url, opts);
  try {
    await session.bundles.put(bundle.code);
    const appId = newSubmissionId();
    const here = hostname();
    await createRecord(session.apps, newRecord(opts, appId, bundle.hash, 'client', here));
    io.err.write(`flint: running ${opts.name} as ${appId} (client mode)\n`);
    const conf = submitConf({
      master: url, appName: opts.name, deployMode: 'client', cluster: opts.cluster, tls: opts.auth.tls, insecure: opts.insecure, conf: opts.conf,
    });
    const env = driverEnv({ conf, credentials: opts.auth, appId });
    const exit = await runDriverHere({
      bundle: bundle.code, fileName: bundleFileName(opts), args: opts.args, env,
      onStarted: () => void session.apps.update(appId, (r) => markRunning(r, 1, here, Date.now())).catch(() => undefined),
    });
    const succeeded = exit.code === 0 && exit.signal === null;
    await session.apps.update(appId, (r) => markEnded(r, {
      succeeded, attempts: 1, exitCode: exit.code, error: succeeded ? undefined : `attempt 1: ${describeExit(exit.code, exit.signal)}`,
    }, Date.now())).catch((err: Error) => io.err.write(`flint: warning: application ${appId} not recorded as ended: ${err.message}\n`));
    return exit.exitCode;
  } finally {
    await session.close();
  }
}

async function runCluster(opts: SubmitOptions, url: string, bundle: ProgramBundle, io: SubmitIo): Promise<number> {
  const session = await openClusterSession(url, opts);
  try {
    const status = await clusterStatus(session.system, opts.timeoutMs);
    const node = chooseDriverNode(status, opts.node);
    await session.bundles.put(bundle.code);
    const appId = newSubmissionId();
    await createRecord(session.apps, newRecord(opts, appId, bundle.hash, 'cluster', node));
    try {
      await launchOnNode(session.system, node, {
        kind: 'LaunchDriver', appId, appName: opts.name, bundleHash: bundle.hash, conf: opts.conf, args: opts.args, restartPolicy: opts.restartPolicy,
      }, opts.timeoutMs);
    } catch (err) {
      // Nobody will run it: say so in the record too (unless the node already did).
      await session.apps.update(appId, (r) => (r.state === ApplicationState.submitted
        ? markEnded(r, { succeeded: false, attempts: 0, error: (err as Error).message }, Date.now()) : r)).catch(() => undefined);
      throw err;
    }
    io.out.write(`${appId}\n`);
    io.err.write(`flint: submitted ${opts.name} as ${appId}; its driver runs on node ${node} (see \`flint status\`)\n`);
    if (!opts.wait) return 0;
    const final = await followApplication(session.apps, appId, (r) => {
      io.err.write(`flint: ${appId} ${r.state}${r.attempts > 0 ? ` (attempt ${r.attempts})` : ''}${r.lastError && (r.state === ApplicationState.restarting || r.state === ApplicationState.failed) ? `: ${r.lastError}` : ''}\n`);
    });
    return final.state === ApplicationState.finished ? 0 : 1;
  } finally {
    await session.close();
  }
}

function newRecord(opts: SubmitOptions, appId: string, hash: string, deployMode: 'client' | 'cluster', node: string): ApplicationRecord {
  const now = Date.now();
  return {
    appId, name: opts.name, submitter: submitter(), deployMode, bundleHash: hash, restartPolicy: opts.restartPolicy,
    state: ApplicationState.submitted, attempts: 0, node, submittedAt: now, updatedAt: now,
  };
}

async function createRecord(apps: ApplicationStore, record: ApplicationRecord): Promise<void> {
  if (!(await apps.create(record))) {
    throw new EngineError(ErrorCode.Internal, `application id ${record.appId} is already taken; submit again`, { retryable: true, fields: { appId: record.appId } });
  }
}

/** `user@host`; containers without a passwd entry fall back to $USER. */
function submitter(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return `${user}@${hostname()}`;
}
