// Hosts a DriverLauncher in a node's actor system: opens the cluster's bundle and application stores
// on the node's NATS connection, gives the launcher its own ProcessSupervisor (drivers are not
// executors), and forwards the supervisor's events to the launcher as messages.
import { tmpdir } from 'node:os';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from '../../common/index.js';
import type { ActorRef, ActorSystem } from '../actors/index.js';
import { ProcessSupervisor } from '../supervisor/index.js';
import { JetStreamApplicationStore, type ApplicationStore } from './application-store.js';
import { JetStreamBundleStore, type BundleStore } from './bundle-store.js';
import { submitConf, type NatsCredentials, type NatsTlsFiles } from './driver-environment.js';
import { DRIVER_LAUNCHER_NAME } from './driver-launcher-protocol.js';
import { driverLauncherProps, parseAttemptChildId, type AppRun, type DriverLauncherMessage } from './driver-launcher.js';

export interface DriverLauncherOptions {
  readonly nodeId: string;
  readonly cluster: string;
  /** The cluster's NATS URL without credentials: the spark.master of drivers run here. */
  readonly master: string;
  /** Credentials drivers connect with (passed in their environment). */
  readonly credentials?: NatsCredentials;
  readonly tls?: NatsTlsFiles;
  readonly insecure?: boolean;
  /** Absolute path of cli/driver-main.js. */
  readonly driverMain: string;
  /** Node binary (default this process's). */
  readonly command?: string;
  /** Parent of the drivers' temp dirs (default the OS temp dir). */
  readonly workDir?: string;
  /** Grace between SIGTERM and SIGKILL when the node stops a driver (default 5 s). */
  readonly stopGraceMs?: number;
  readonly logger: Logger;
  /** Stores to use instead of the cluster's JetStream buckets (tests). */
  readonly stores?: { readonly apps: ApplicationStore; readonly bundles: BundleStore };
}

export interface DriverLauncherHandle {
  readonly ref: ActorRef<DriverLauncherMessage>;
  /** Application ids with a driver on this node that has not ended. */
  activeApplications(): string[];
}

/** Starts the launcher at `user/drivers` of `system`; stopping the system stops its drivers. */
export async function startDriverLauncher(system: ActorSystem, connection: NatsConnection, options: DriverLauncherOptions): Promise<DriverLauncherHandle> {
  const stores = options.stores ?? {
    apps: await JetStreamApplicationStore.open(connection, options.cluster),
    bundles: await JetStreamBundleStore.open(connection, options.cluster),
  };
  const logger = options.logger.child({ component: 'driver-launcher' });
  const supervisor = new ProcessSupervisor({ logger, defaultGraceMs: options.stopGraceMs ?? 5000 });
  const runs = new Map<string, AppRun>();
  const ref = system.spawn(DRIVER_LAUNCHER_NAME, driverLauncherProps({
    nodeId: options.nodeId,
    supervisor,
    bundles: stores.bundles,
    apps: stores.apps,
    runs,
    command: options.command ?? process.execPath,
    driverMain: options.driverMain,
    driverConf: (conf, appName) => submitConf({
      conf, appName, master: options.master, deployMode: 'cluster', cluster: options.cluster, tls: options.tls, insecure: options.insecure,
    }),
    credentials: options.credentials ?? {},
    workDir: options.workDir ?? tmpdir(),
    stopGraceMs: options.stopGraceMs ?? 5000,
  }));
  supervisor.on((event) => {
    const attempt = parseAttemptChildId(event.id);
    if (!attempt) return;
    // Each attempt is its own child with no supervisor restarts: it ends with exactly one ChildExited or ChildSpawnFailed.
    switch (event.kind) {
      case 'ChildStarted':
        system.tell(ref, { kind: 'DriverStarted', ...attempt, pid: event.pid });
        return;
      case 'ChildExited':
        system.tell(ref, { kind: 'DriverExited', ...attempt, exit: { code: event.code, signal: event.signal } });
        return;
      case 'ChildSpawnFailed':
        system.tell(ref, { kind: 'DriverExited', ...attempt, exit: { code: null, signal: null, spawnError: event.message } });
        return;
      default:
        return;
    }
  });
  logger.info({ nodeId: options.nodeId }, 'driver launcher started');
  return {
    ref,
    activeApplications: () => [...runs.entries()].filter(([, r]) => r.run.kind !== 'ended').map(([id]) => id).sort(),
  };
}
