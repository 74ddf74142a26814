// The DAG core's read-only view of where shuffle outputs and cached blocks are (the MapOutputTracker
// and BlockManagerMaster are the truth), an overlay for changes the core made within one step, and a
// plain in-memory table that applies the core's commands (for tests and simple shells).
import type { TaskLocation } from '../rdd/lineage.js';
import type { DagCommand, MapOutputScope } from './dag-commands.js';
import type { MapStatus } from './dag-events.js';

export interface MapOutputLocation {
  readonly executorId: string;
  readonly host: string;
}

/** Where each map output is; undefined when missing. Location lets the core find what a lost executor held. */
export interface MapOutputView {
  locationOf(shuffleId: number, mapPartition: number): MapOutputLocation | undefined;
}

/** Where cached partitions of persisted RDDs are. */
export interface CacheView {
  cachedLocations(rddId: number, partition: number): readonly TaskLocation[];
}

/** What the caller passes to every step. */
export interface DagView {
  readonly mapOutputs: MapOutputView;
  readonly cache?: CacheView;
}

export function isAvailable(view: MapOutputView, shuffleId: number, mapPartition: number): boolean {
  return view.locationOf(shuffleId, mapPartition) !== undefined;
}

function inScope(loc: MapOutputLocation, scope: MapOutputScope): boolean {
  return scope.kind === 'executor' ? loc.executorId === scope.executorId : loc.host === scope.host;
}

/** The caller's view plus the registrations and removals this step has already commanded. */
export class OverlayMapOutputs implements MapOutputView {
  private readonly entries = new Map<string, MapOutputLocation | null>();
  private readonly removed: { scope: MapOutputScope; shuffleId?: number }[] = [];

  constructor(private readonly base: MapOutputView) {}

  locationOf(shuffleId: number, mapPartition: number): MapOutputLocation | undefined {
    const own = this.entries.get(`${shuffleId}:${mapPartition}`);
    if (own !== undefined) return own ?? undefined;
    const loc = this.base.locationOf(shuffleId, mapPartition);
    if (loc === undefined) return undefined;
    return this.removed.some((r) => (r.shuffleId === undefined || r.shuffleId === shuffleId) && inScope(loc, r.scope)) ? undefined : loc;
  }

  register(shuffleId: number, mapPartition: number, status: MapStatus): void {
    this.entries.set(`${shuffleId}:${mapPartition}`, { executorId: status.executorId, host: status.host });
  }

  unregister(scope: MapOutputScope, shuffleId?: number): void {
    for (const [key, loc] of this.entries) {
      if (loc !== null && inScope(loc, scope) && (shuffleId === undefined || key.startsWith(`${shuffleId}:`))) this.entries.set(key, null);
    }
    this.removed.push({ scope, shuffleId });
  }
}

/** A map-output registry as plain maps; `apply` performs the core's Register/Unregister commands. */
export class MapOutputTable implements MapOutputView {
  private readonly outputs = new Map<number, Map<number, MapStatus>>();

  locationOf(shuffleId: number, mapPartition: number): MapOutputLocation | undefined {
    const s = this.outputs.get(shuffleId)?.get(mapPartition);
    return s === undefined ? undefined : { executorId: s.executorId, host: s.host };
  }

  /** Registered map partitions of a shuffle, ascending. */
  partitions(shuffleId: number): number[] {
    return [...(this.outputs.get(shuffleId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  apply(commands: readonly DagCommand[]): void {
    for (const c of commands) {
      if (c.kind === 'RegisterMapOutput') {
        let s = this.outputs.get(c.shuffleId);
        if (s === undefined) this.outputs.set(c.shuffleId, (s = new Map()));
        s.set(c.mapPartition, c.status);
      } else if (c.kind === 'UnregisterMapOutputs') {
        for (const [shuffleId, s] of this.outputs) {
          if (c.shuffleId !== undefined && c.shuffleId !== shuffleId) continue;
          for (const [p, status] of s) if (inScope(status, c.scope)) s.delete(p);
        }
      }
    }
  }
}
