// Cluster gauges of a Master candidate: whether it leads, and — only on the leader, so summing over
// candidates never double-counts — how many nodes the leader's membership holds in each state.
import type { Meter } from '@opentelemetry/api';
import type { ClusterStatus } from '../master/index.js';

/** Every node state the membership knows; each is reported (0 when empty) so series never vanish. */
export const NODE_STATES = ['alive', 'suspected', 'lost', 'left'] as const;

export interface ClusterMetricsSource {
  /** True while this candidate holds the leader lease. */
  isLeader(): boolean;
  /** The leader's membership (rejects or resolves undefined when it cannot be read in time). */
  status(): Promise<ClusterStatus | undefined>;
}

/** Registers `flint_master_leader` and `flint_cluster_nodes{state}`. */
export function observeCluster(meter: Meter, source: ClusterMetricsSource): void {
  const leader = meter.createObservableGauge('flint_master_leader', {
    description: '1 while this Master candidate holds the leader lease, else 0',
  });
  const nodes = meter.createObservableGauge('flint_cluster_nodes', {
    description: 'Nodes in the elected leader\'s membership by state (reported by the leader only)',
  });
  meter.addBatchObservableCallback(async (result) => {
    const leading = source.isLeader();
    result.observe(leader, leading ? 1 : 0);
    if (!leading) return;
    const status = await source.status().catch(() => undefined);
    if (!status) return;
    const counts = new Map<string, number>(NODE_STATES.map((s) => [s, 0]));
    for (const n of status.nodes) counts.set(n.state, (counts.get(n.state) ?? 0) + 1);
    for (const [state, count] of counts) result.observe(nodes, count, { state });
  }, [leader, nodes]);
}
