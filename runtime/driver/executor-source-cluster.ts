// Cluster mode's executor source: asks the elected Master for the cluster status every poll
// interval and diffs its executors. A vanished executor is reported removed, with `hostLost` when its
// node is down or gone (its shuffle files went with it). A failed poll changes nothing.
import { Conf, config, type Logger, type TimerHandle } from '../../common/index.js';
import { parseRefKey, type ActorRef, type ActorSystem } from '../actors/index.js';
import {
  MASTER_NODE_ID, MASTER_PATH, masterProtocol, type ClusterStatus, type MasterRequest,
} from '../cluster/cluster-protocol.js';
import type { ExecutorMessage } from '../executor/task-protocol.js';
import type { ExecutorSource, ExecutorSourceEvents } from './executor-source.js';

export const EXECUTOR_POLL_INTERVAL = config.duration('flint.driver.executorPollInterval', 1000,
  'How often a driver on a cluster asks the Master for the executors it may use.');

export interface ClusterExecutorsOptions {
  /** The driver's actor system (on the cluster's NATS transport). */
  readonly system: ActorSystem;
  /** Defaults to flint.driver.executorPollInterval from `conf`. */
  readonly pollIntervalMs?: number;
  readonly conf?: Conf;
  /** How long one GetClusterStatus may take (default 5 s); a poll is skipped while one is in flight. */
  readonly askTimeoutMs?: number;
  readonly master?: ActorRef<MasterRequest>;
  /** When set, executors the Master assigned to another application are not used (unassigned ones are). */
  readonly appId?: string;
  readonly logger?: Logger;
}

interface Known {
  readonly ref: ActorRef<ExecutorMessage>;
  readonly nodeId: string;
}

const DOWN_STATES: ReadonlySet<string> = new Set(['lost', 'left']);

export function clusterExecutors(o: ClusterExecutorsOptions): ExecutorSource {
  const intervalMs = o.pollIntervalMs ?? (o.conf ?? new Conf()).get(EXECUTOR_POLL_INTERVAL);
  const master = o.master ?? { node: MASTER_NODE_ID, path: MASTER_PATH };
  const log = (o.logger ?? o.system.log).child({ component: 'cluster-executors' });
  const known = new Map<string, Known>();
  let events: ExecutorSourceEvents | undefined;
  let timer: TimerHandle | undefined;
  let inFlight = false;

  const apply = (status: ClusterStatus, to: ExecutorSourceEvents): void => {
    const nodeState = new Map(status.nodes.map((n) => [n.id, n.state]));
    const current = new Map<string, Known>();
    for (const e of status.executors) {
      const ref = e.address === null ? undefined : parseRefKey(e.address);
      const state = nodeState.get(e.nodeId);
      // Not yet listening (no address), on a node already down, or another application's: not usable.
      if (ref === undefined || state === undefined || DOWN_STATES.has(state)) continue;
      if (o.appId !== undefined && e.appId !== null && e.appId !== o.appId) continue;
      current.set(e.id, { ref: ref as ActorRef<ExecutorMessage>, nodeId: e.nodeId });
    }
    for (const [id, k] of [...known]) {
      const now = current.get(id);
      if (now !== undefined && now.ref.node === k.ref.node && now.ref.path === k.ref.path) continue;
      known.delete(id);
      const state = nodeState.get(k.nodeId);
      const hostLost = state === undefined || DOWN_STATES.has(state);
      to.removed(k.ref, { hostLost, reason: hostLost ? `node ${k.nodeId} is ${state ?? 'gone'}` : `executor ${id} left the cluster` });
    }
    for (const [id, k] of current) {
      if (known.has(id)) continue;
      known.set(id, k);
      to.added(k.ref);
    }
  };

  const poll = (): void => {
    if (inFlight || events === undefined) return;
    inFlight = true;
    o.system.ask<MasterRequest, ClusterStatus>(master, { kind: 'GetClusterStatus' }, { timeoutMs: o.askTimeoutMs ?? 5000 }).then(
      (status) => { inFlight = false; if (events !== undefined) apply(status, events); },
      (err: unknown) => { inFlight = false; log.debug({ err }, 'cluster status poll failed; executors unchanged'); },
    );
  };

  return {
    start(e) {
      o.system.registerProtocol(masterProtocol);
      events = e;
      timer = o.system.clock.setInterval(poll, intervalMs);
      poll();
    },
    stop() {
      events = undefined;
      timer?.cancel();
    },
  };
}
