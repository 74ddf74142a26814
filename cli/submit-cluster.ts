// The cluster side of `flint submit`: one NATS connection with an actor system (to ask the Master and
// a node's DriverLauncher) and the bundle and application stores; choosing the driver's node; and
// following an application's record until it ends.
import { EngineError, ErrorCode, newId, silentLogger } from '../common/index.js';
import { ActorSystem } from '../runtime/actors/index.js';
import { masterProtocol, type ClusterStatus, type MasterRequest } from '../runtime/cluster/cluster-protocol.js';
import { masterRef } from '../runtime/cluster/node-service.js';
import {
  driverLauncherRef, isFinalState, JetStreamApplicationStore, JetStreamBundleStore, launchDriverProtocol,
  type ApplicationRecord, type ApplicationStore, type BundleStore, type LaunchDriver, type LaunchDriverReply,
} from '../runtime/submit/index.js';
import { NatsTransport } from '../runtime/transport/nats-transport.js';
import { natsConnectOptions } from './nats-options.js';
import type { SubmitOptions } from './submit-options.js';

export interface ClusterSession {
  readonly system: ActorSystem;
  readonly apps: ApplicationStore;
  readonly bundles: BundleStore;
  close(): Promise<void>;
}

/** Connects to the cluster at `url`; throws CONNECTION_FAILED (naming the server) when it is unreachable. */
export async function openClusterSession(url: string, opts: SubmitOptions): Promise<ClusterSession> {
  const transport = await NatsTransport.connect({
    ...natsConnectOptions(url, opts.auth, { name: 'flint-submit', insecure: opts.insecure }),
    cluster: opts.cluster,
  });
  try {
    const system = new ActorSystem({ nodeId: newId('submit', 8), transport, logger: silentLogger() });
    system.registerProtocol(masterProtocol);
    system.registerProtocol(launchDriverProtocol);
    const [apps, bundles] = await Promise.all([
      JetStreamApplicationStore.open(transport.connection, opts.cluster, { timeoutMs: opts.timeoutMs }),
      JetStreamBundleStore.open(transport.connection, opts.cluster),
    ]);
    return {
      system, apps, bundles,
      async close() {
        await system.terminate();
        await transport.close();
      },
    };
  } catch (err) {
    await transport.close();
    throw err;
  }
}

/** The elected Master's view of the cluster; NOT_LEADER when no Master answers. */
export async function clusterStatus(system: ActorSystem, timeoutMs: number): Promise<ClusterStatus> {
  return system.ask<MasterRequest, ClusterStatus>(masterRef, { kind: 'GetClusterStatus' }, { timeoutMs }).catch((err: EngineError) => {
    if (err.code === ErrorCode.ActorNotFound || err.code === ErrorCode.AskTimeout) {
      throw new EngineError(ErrorCode.NotLeader, 'no master is leading this cluster (is `node runtime --role master` running?)', { cause: err });
    }
    throw err;
  });
}

/**
 * The node to run a driver on: `wanted` if it is alive, else a random live node (drivers are few and
 * short-lived next to executors; the Master's placement is future work).
 */
export function chooseDriverNode(status: ClusterStatus, wanted: string | undefined, random: () => number = Math.random): string {
  const alive = status.nodes.filter((n) => n.state === 'alive').map((n) => n.id).sort();
  if (wanted !== undefined) {
    const node = status.nodes.find((n) => n.id === wanted);
    if (!node) {
      throw new EngineError(ErrorCode.InvalidArgument, `unknown node ${wanted} (live nodes: ${alive.join(', ') || 'none'})`, { fields: { node: wanted } });
    }
    if (node.state !== 'alive') throw new EngineError(ErrorCode.NodeLost, `node ${wanted} is ${node.state}, not alive`, { fields: { node: wanted } });
    return wanted;
  }
  if (alive.length === 0) throw new EngineError(ErrorCode.NodeLost, 'no live node in the cluster to run the driver (start one with `node runtime`)');
  return alive[Math.min(alive.length - 1, Math.floor(random() * alive.length))];
}

/** Asks `node`'s DriverLauncher to run the driver; throws a typed error when it refuses or does not answer. */
export async function launchOnNode(system: ActorSystem, node: string, request: LaunchDriver, timeoutMs: number): Promise<void> {
  const answer = await system.ask<LaunchDriver, LaunchDriverReply>(driverLauncherRef(node), request, { timeoutMs }).catch((err: EngineError) => {
    if (err.code === ErrorCode.ActorNotFound || err.code === ErrorCode.AskTimeout) {
      throw new EngineError(ErrorCode.NodeLost, `node ${node} did not answer the driver launch within ${timeoutMs} ms (is it running and does its Flint have \`flint submit\` support?)`, {
        cause: err, fields: { node },
      });
    }
    throw err;
  });
  if (answer.kind === 'refused') {
    throw new EngineError(ErrorCode.RemoteFailure, `node ${node} refused application ${request.appId}: ${answer.reason}`, { fields: { node, appId: request.appId } });
  }
}

/** Polls the application's record until it reaches FINISHED or FAILED; `onChange` sees each new state. */
export async function followApplication(apps: ApplicationStore, appId: string, onChange: (r: ApplicationRecord) => void, everyMs = 500): Promise<ApplicationRecord> {
  let last = '';
  for (;;) {
    const record = await apps.get(appId).catch(() => undefined); // a broker hiccup: try again next round
    if (record) {
      const seen = `${record.state}/${record.attempts}`;
      if (seen !== last) { last = seen; onChange(record); }
      if (isFinalState(record.state)) return record;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
