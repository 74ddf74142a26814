// DriverLauncher: one per node, at `user/drivers`. Runs cluster-mode drivers: fetches an
// application's bundle by hash into a temp dir, runs it under the node's ProcessSupervisor (one
// child per attempt), restarts it per the application's restart policy (driver-run.ts decides), and
// keeps the application's KV record current. Its runs live outside the behaviour, so a restarted
// launcher still knows its drivers; PostStop stops them and records them FAILED.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertNever, isSubjectToken, type Logger, type TimerHandle } from '../../common/index.js';
import { defineProtocol, type ActorContext, type Behavior, type Props, type Replier } from '../actors/index.js';
import type { ProcessSupervisor } from '../supervisor/index.js';
import { markEnded, markRestarting, markRunning, type ApplicationRecord } from './application-record.js';
import type { ApplicationStore } from './application-store.js';
import type { BundleStore } from './bundle-store.js';
import { driverEnv, type NatsCredentials } from './driver-environment.js';
import { DRIVER_LAUNCHER_PROTOCOL_VERSION, type LaunchDriver, type LaunchDriverReply } from './driver-launcher-protocol.js';
import { isRunOver, preparing, stepDriverRun, type AttemptExit, type DriverRun, type DriverRunCommand, type DriverRunInput } from './driver-run.js';

/** The launcher's whole protocol: LaunchDriver plus the outcomes it tells itself. */
export type DriverLauncherMessage =
  | LaunchDriver
  | { readonly kind: 'BundleFetched'; readonly appId: string; readonly dir: string; readonly bundlePath: string }
  | { readonly kind: 'BundleFetchFailed'; readonly appId: string; readonly reason: string }
  | { readonly kind: 'DriverStarted'; readonly appId: string; readonly attempt: number; readonly pid: number }
  | { readonly kind: 'DriverExited'; readonly appId: string; readonly attempt: number; readonly exit: AttemptExit }
  | { readonly kind: 'RetryDue'; readonly appId: string; readonly attempt: number };

export const driverLauncherProtocol = defineProtocol<DriverLauncherMessage>('driver-launcher', DRIVER_LAUNCHER_PROTOCOL_VERSION, {
  LaunchDriver: true, BundleFetched: true, BundleFetchFailed: true, DriverStarted: true, DriverExited: true, RetryDue: true,
});

/** One application's driver on this node. */
export interface AppRun {
  readonly request: LaunchDriver;
  run: DriverRun;
  dir?: string;
  bundlePath?: string;
  retry?: TimerHandle;
  /** Record writes, in order. */
  writes: Promise<void>;
  /** Asks waiting for the bundle before they are answered. */
  readonly pending: Replier[];
}

export interface DriverLauncherDeps {
  readonly nodeId: string;
  readonly supervisor: ProcessSupervisor;
  readonly bundles: BundleStore;
  readonly apps: ApplicationStore;
  /** Runs by application id; owned by the caller so they outlive a behaviour restart. */
  readonly runs: Map<string, AppRun>;
  /** Absolute path of the Node binary and of the driver entry script (cli/driver-main.js). */
  readonly command: string;
  readonly driverMain: string;
  /** The program's settings as this node runs them (its own spark.master, flint.cluster, TLS files). */
  readonly driverConf: (conf: Readonly<Record<string, string>>, appName: string) => Record<string, string>;
  readonly credentials: NatsCredentials;
  /** Parent of the per-application temp dirs. */
  readonly workDir: string;
  /** Grace between SIGTERM and SIGKILL when the node stops a driver. */
  readonly stopGraceMs: number;
}

/** Supervisor child id of one attempt: `<appId>#<attempt>`. */
export function attemptChildId(appId: string, attempt: number): string {
  return `${appId}#${attempt}`;
}

/** Inverse of attemptChildId; undefined for children that are not drivers. */
export function parseAttemptChildId(id: string): { readonly appId: string; readonly attempt: number } | undefined {
  const m = /^(.+)#(\d+)$/.exec(id);
  return m ? { appId: m[1], attempt: Number(m[2]) } : undefined;
}

export function driverLauncherProps(deps: DriverLauncherDeps): Props<DriverLauncherMessage> {
  return { protocol: driverLauncherProtocol, create: () => driverLauncherBehavior(deps), supervision: { kind: 'restart', maxRestarts: 100, withinMs: 60_000 } };
}

function driverLauncherBehavior(deps: DriverLauncherDeps): Behavior<DriverLauncherMessage> {
  let stopping = false;

  const reply = (appId: string, refusal?: string): LaunchDriverReply => refusal === undefined
    ? { kind: 'accepted', appId, nodeId: deps.nodeId }
    : { kind: 'refused', appId, nodeId: deps.nodeId, reason: refusal };

  const step = (ctx: ActorContext<DriverLauncherMessage>, app: AppRun, input: DriverRunInput): void => {
    const t = stepDriverRun(app.request.restartPolicy, app.run, input);
    app.run = t.run;
    for (const command of t.commands) execute(ctx, app, command);
  };

  const record = (app: AppRun, log: Logger, change: (r: ApplicationRecord, at: number) => ApplicationRecord): void => {
    const { appId } = app.request;
    app.writes = app.writes
      .then(async () => {
        const updated = await deps.apps.update(appId, (r) => change(r, Date.now()));
        if (!updated) log.warn({ appId }, 'no application record to update');
      })
      .catch((err: unknown) => log.error({ err, appId }, 'application record not updated'));
  };

  const execute = (ctx: ActorContext<DriverLauncherMessage>, app: AppRun, command: DriverRunCommand): void => {
    const { appId } = app.request;
    switch (command.kind) {
      case 'StartAttempt':
        startAttempt(ctx, app, command.attempt);
        return;
      case 'StopAttempt':
        void deps.supervisor.stop(attemptChildId(appId, command.attempt), { graceMs: deps.stopGraceMs }).catch(() => undefined);
        return;
      case 'ScheduleRetry':
        app.retry = ctx.clock.setTimeout(() => ctx.tell(ctx.self, { kind: 'RetryDue', appId, attempt: command.attempt }), command.delayMs);
        ctx.log.info({ appId, attempt: command.attempt, delayMs: command.delayMs }, 'driver restarts after the retry interval');
        return;
      case 'CancelRetry':
        app.retry?.cancel();
        app.retry = undefined;
        return;
      case 'RecordRunning':
        record(app, ctx.log, (r, at) => markRunning(r, command.attempt, deps.nodeId, at));
        return;
      case 'RecordRestarting':
        record(app, ctx.log, (r, at) => markRestarting(r, command.attempts, command.error, at));
        return;
      case 'RecordEnded':
        ctx.log.info({ appId, attempts: command.attempts, succeeded: command.succeeded, error: command.error }, 'driver ended');
        record(app, ctx.log, (r, at) => markEnded(r, command, at));
        return;
      case 'Cleanup': {
        const dir = app.dir;
        app.writes = app.writes.then(async () => {
          if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
          if (deps.runs.get(appId) === app) deps.runs.delete(appId);
        });
        return;
      }
      default:
        assertNever(command, 'driver run command');
    }
  };

  const startAttempt = (ctx: ActorContext<DriverLauncherMessage>, app: AppRun, attempt: number): void => {
    const { request } = app;
    try {
      deps.supervisor.start({
        id: attemptChildId(request.appId, attempt),
        command: deps.command,
        args: [deps.driverMain, app.bundlePath!, ...request.args],
        env: driverEnv({
          conf: deps.driverConf(request.conf, request.appName), credentials: deps.credentials,
          appId: request.appId, attempt, parentPid: process.pid,
        }),
        cwd: app.dir,
        // One child per attempt: the restart policy of the application decides, not the supervisor's.
        policy: { maxRestarts: 0 },
      });
      ctx.log.info({ appId: request.appId, attempt }, 'driver attempt starting');
    } catch (err) {
      ctx.tell(ctx.self, { kind: 'DriverExited', appId: request.appId, attempt, exit: { code: null, signal: null, spawnError: (err as Error).message } });
    }
  };

  const fetchBundle = (ctx: ActorContext<DriverLauncherMessage>, request: LaunchDriver): void => {
    const self = ctx.self;
    const { appId } = request;
    void (async () => {
      const bytes = await deps.bundles.get(request.bundleHash);
      const dir = await mkdtemp(join(deps.workDir, `flint-driver-${appId}-`));
      const bundlePath = join(dir, `${request.bundleHash.slice(0, 16)}.mjs`);
      await writeFile(bundlePath, bytes);
      return { dir, bundlePath };
    })().then(
      ({ dir, bundlePath }) => ctx.tell(self, { kind: 'BundleFetched', appId, dir, bundlePath }),
      (err: Error) => ctx.tell(self, { kind: 'BundleFetchFailed', appId, reason: err.message }),
    );
  };

  const launch = (ctx: ActorContext<DriverLauncherMessage>, request: LaunchDriver): void => {
    const existing = deps.runs.get(request.appId);
    if (existing) {
      // A retried ask: answer as the first one is (or will be) answered.
      if (existing.request.bundleHash !== request.bundleHash) ctx.reply(reply(request.appId, `application ${request.appId} already runs another bundle here`));
      else if (existing.run.kind === 'preparing') existing.pending.push(ctx.deferReply());
      else if (isRunOver(existing.run)) ctx.reply(reply(request.appId, `application ${request.appId} already ended on ${deps.nodeId}`));
      else ctx.reply(reply(request.appId));
      return;
    }
    const refusal = stopping ? `node ${deps.nodeId} is stopping`
      : !isSubjectToken(request.appId) ? `application id ${JSON.stringify(request.appId)} must be letters, digits, - or _`
        : !/^[0-9a-f]{64}$/.test(request.bundleHash) ? `bundle hash ${JSON.stringify(request.bundleHash)} is not a sha256`
          : undefined;
    if (refusal !== undefined) {
      ctx.reply(reply(request.appId, refusal));
      return;
    }
    const app: AppRun = { request, run: preparing, writes: Promise.resolve(), pending: [ctx.deferReply()] };
    deps.runs.set(request.appId, app);
    ctx.log.info({ appId: request.appId, appName: request.appName, bundle: request.bundleHash, policy: request.restartPolicy.kind }, 'launching driver');
    fetchBundle(ctx, request);
  };

  return {
    receive(ctx, msg) {
      if (msg.kind === 'LaunchDriver') {
        launch(ctx, msg);
        return;
      }
      const app = deps.runs.get(msg.appId);
      if (!app) return;
      switch (msg.kind) {
        case 'BundleFetched':
          app.dir = msg.dir;
          app.bundlePath = msg.bundlePath;
          for (const r of app.pending.splice(0)) r.reply(reply(msg.appId));
          step(ctx, app, { kind: 'BundleReady' });
          return;
        case 'BundleFetchFailed':
          for (const r of app.pending.splice(0)) r.reply(reply(msg.appId, `cannot fetch bundle ${app.request.bundleHash}: ${msg.reason}`));
          step(ctx, app, { kind: 'BundleFailed', reason: msg.reason });
          return;
        case 'DriverStarted':
          step(ctx, app, { kind: 'AttemptStarted', attempt: msg.attempt, pid: msg.pid });
          return;
        case 'DriverExited':
          step(ctx, app, { kind: 'AttemptEnded', attempt: msg.attempt, exit: msg.exit });
          return;
        case 'RetryDue':
          app.retry = undefined;
          step(ctx, app, { kind: 'RetryDue', attempt: msg.attempt });
          return;
        default:
          assertNever(msg, 'driver launcher message');
      }
    },
    async onSignal(ctx, signal) {
      if (signal.kind !== 'PostStop') return;
      stopping = true;
      // The node is leaving: stop every driver and record why (a relaunch elsewhere is the Master's job, not done yet).
      for (const app of deps.runs.values()) {
        for (const r of app.pending.splice(0)) r.reply(reply(app.request.appId, `node ${deps.nodeId} is stopping`));
        step(ctx, app, { kind: 'Stop', reason: `node ${deps.nodeId} stopped` });
      }
      await deps.supervisor.stopAll({ graceMs: deps.stopGraceMs });
      // Exit events reach a stopped actor no more: end the stopped attempts here.
      for (const app of deps.runs.values()) {
        if (app.run.kind === 'stopping') step(ctx, app, { kind: 'AttemptEnded', attempt: app.run.attempt, exit: { code: null, signal: 'SIGTERM' } });
      }
      await Promise.all([...deps.runs.values()].map((a) => a.writes));
    },
  };
}
