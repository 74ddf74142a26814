// Wires a `node runtime` process's state into its Prometheus endpoint: the node's actor-system
// counters, and for a Master candidate the leader gauge and the leader's node counts, read by a
// small client actor system that asks the well-known Master address with tracing suppressed (so a
// scrape never starts a trace).
import { context, type Meter } from '@opentelemetry/api';
import type { Logger } from '../../common/index.js';
import { ActorSystem } from '../actors/index.js';
import { masterProtocol, type MasterRequest } from '../cluster/cluster-protocol.js';
import { masterRef } from '../cluster/node-service.js';
import type { ClusterStatus } from '../master/index.js';
import type { Transport } from '../transport/transport.js';
import { observeActorSystem } from './actor-metrics.js';
import { observeCluster } from './cluster-metrics.js';

export interface RuntimeMetricsOptions {
  readonly meter: Meter;
  /** The node's actor system, when this process runs a node (read at each scrape). */
  readonly nodeSystem?: () => ActorSystem | undefined;
  /** This process's Master candidate, when it runs one. */
  readonly master?: { isLeader(): boolean };
  readonly transport: Transport;
  /** Id of the client system that reads the leader's status (unique on the cluster). */
  readonly clientId: string;
  readonly logger: Logger;
  /** How long a scrape waits for the leader's status (default 1 s). */
  readonly statusTimeoutMs?: number;
}

/** Registers the instruments; `stop()` terminates the status client. */
export function observeRuntime(options: RuntimeMetricsOptions): { stop(): Promise<void> } {
  if (options.nodeSystem) {
    const nodeSystem = options.nodeSystem;
    observeActorSystem(options.meter, () => nodeSystem()?.metrics());
  }
  if (!options.master) return { stop: () => Promise.resolve() };
  const master = options.master;
  const client = new ActorSystem({ nodeId: options.clientId, transport: options.transport, logger: options.logger.child({ component: 'metrics' }) });
  client.registerProtocol(masterProtocol);
  const timeoutMs = options.statusTimeoutMs ?? 1000;
  observeCluster(options.meter, {
    isLeader: () => master.isLeader(),
    status: async () => {
      // Loaded on the first scrape only: a process without a metrics port never loads the SDK core.
      const { suppressTracing } = await import('@opentelemetry/core');
      return context.with(suppressTracing(context.active()), () =>
        client.ask<MasterRequest, ClusterStatus>(masterRef, { kind: 'GetClusterStatus' }, { timeoutMs }));
    },
  });
  return { stop: () => client.terminate() };
}
