// Executors as local processes: the Master asks node agents to start or stop supervised executor
// processes, placing each new executor on the live node that runs the fewest (spreading load and
// the blast radius of a lost node). Commands carry the leader's epoch; agents refuse stale ones.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { ExecutorProvider, ExecutorSpec } from './executor-provider.js';

/** A live node and the executors it runs (as the Master's registry knows them). */
export interface PlacementNode {
  readonly id: string;
  readonly executorIds: readonly string[];
}

/** How the provider reaches node agents; the Master actor implements it with asks. */
export interface NodeAgentPort {
  /** Live (alive or suspected) nodes. */
  nodes(): readonly PlacementNode[];
  /** The node an executor runs on, if known. */
  nodeOf(executorId: string): string | undefined;
  launchOn(nodeId: string, count: number, spec: ExecutorSpec): Promise<readonly string[]>;
  stopOn(nodeId: string, executorId: string): Promise<void>;
}

/** Spreads `count` executors over nodes, one at a time onto the node with the fewest (ties: by id). */
export function placeExecutors(count: number, load: ReadonlyMap<string, number>): Map<string, number> {
  const counts = new Map(load);
  const placed = new Map<string, number>();
  if (counts.size === 0) return placed;
  for (let i = 0; i < count; i++) {
    let best: string | undefined;
    for (const [id, n] of counts) {
      const b = best === undefined ? undefined : counts.get(best)!;
      if (b === undefined || n < b || (n === b && id < best!)) best = id;
    }
    counts.set(best!, counts.get(best!)! + 1);
    placed.set(best!, (placed.get(best!) ?? 0) + 1);
  }
  return placed;
}

export class LocalProcessProvider implements ExecutorProvider {
  /** Launched executors not yet in the registry (they count for placement meanwhile), with their node and time. */
  private readonly inFlight = new Map<string, { readonly nodeId: string; readonly at: number }>();

  constructor(
    private readonly agents: NodeAgentPort,
    private readonly now: () => number,
    private readonly inFlightMs = 60_000,
  ) {}

  async launch(count: number, spec: ExecutorSpec): Promise<readonly string[]> {
    const placement = placeExecutors(count, this.load());
    if (placement.size === 0) throw new EngineError(ErrorCode.RemoteFailure, 'no live node can start executors', { retryable: true, fields: { count } });
    const results = await Promise.allSettled([...placement].map(async ([nodeId, n]) => {
      const ids = await this.agents.launchOn(nodeId, n, spec);
      for (const id of ids) this.inFlight.set(id, { nodeId, at: this.now() });
      return ids;
    }));
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    if (ids.length === 0) {
      const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      throw new EngineError(ErrorCode.RemoteFailure, `no executor could be started: ${(first?.reason as Error | undefined)?.message ?? 'no node answered'}`, {
        retryable: true, cause: first?.reason, fields: { count },
      });
    }
    return ids;
  }

  async release(executorId: string): Promise<void> {
    const nodeId = this.agents.nodeOf(executorId) ?? this.inFlight.get(executorId)?.nodeId;
    this.inFlight.delete(executorId);
    if (nodeId === undefined) return;
    await this.agents.stopOn(nodeId, executorId);
  }

  /** Executors per live node, counting launches the registry has not seen yet. */
  private load(): Map<string, number> {
    const nodes = this.agents.nodes();
    const load = new Map<string, number>();
    const registered = new Set<string>();
    for (const n of nodes) {
      load.set(n.id, n.executorIds.length);
      for (const id of n.executorIds) registered.add(id);
    }
    const now = this.now();
    for (const [id, f] of this.inFlight) {
      if (registered.has(id) || now - f.at >= this.inFlightMs) { this.inFlight.delete(id); continue; }
      if (load.has(f.nodeId)) load.set(f.nodeId, load.get(f.nodeId)! + 1);
    }
    return load;
  }
}
