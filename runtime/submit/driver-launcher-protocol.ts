// What `flint submit --deploy-mode cluster` asks a node's DriverLauncher (at `user/drivers`), and
// the answer. The request carries ids and settings only; the program travels as a bundle in the
// object store, named by its hash.
import { actorRef, type ActorRef } from '../actors/index.js';
import type { DriverRestartPolicy } from '../supervisor/index.js';

export const DRIVER_LAUNCHER_PROTOCOL_VERSION = 1;
export const DRIVER_LAUNCHER_NAME = 'drivers';
export const DRIVER_LAUNCHER_PATH = `user/${DRIVER_LAUNCHER_NAME}`;

/** Asked; answered with LaunchDriverReply. Idempotent per appId: asking again returns the same answer. */
export interface LaunchDriver {
  readonly kind: 'LaunchDriver';
  readonly appId: string;
  readonly appName: string;
  readonly bundleHash: string;
  /** spark.* settings of the program; the node sets spark.master and flint.cluster to its own. */
  readonly conf: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly restartPolicy: DriverRestartPolicy;
}

export type LaunchDriverReply =
  | { readonly kind: 'accepted'; readonly appId: string; readonly nodeId: string }
  | { readonly kind: 'refused'; readonly appId: string; readonly nodeId: string; readonly reason: string };

/** The launcher of node `nodeId`. */
export function driverLauncherRef(nodeId: string): ActorRef<LaunchDriver> {
  return actorRef<LaunchDriver>(nodeId, DRIVER_LAUNCHER_PATH);
}

/** The protocol a client registers before asking a launcher (the launcher registers the full one). */
export const launchDriverProtocol = { name: 'driver-launcher', version: DRIVER_LAUNCHER_PROTOCOL_VERSION, kinds: ['LaunchDriver'] as const };
