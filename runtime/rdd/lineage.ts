// The RDD lineage as plain serializable data: nodes keyed by id, each naming its dependencies and
// how it computes. Nodes are immutable and ids never reused, so lineages from many jobs merge freely.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { ComputeSpec } from './lineage-compute.js';
import { checkNarrowMapping, partitionerSize, type Dependency } from './lineage-dependency.js';

export * from './lineage-compute.js';
export * from './lineage-dependency.js';

/** A place a task prefers to run: one executor (cached block) or a host (input data); Spark's TaskLocation. */
export type TaskLocation =
  | { readonly kind: 'executor'; readonly executorId: string; readonly host: string }
  | { readonly kind: 'host'; readonly host: string };

/** Spark's storage levels that Flint supports; absent means not persisted. */
export type StorageLevelName = 'MEMORY_ONLY' | 'MEMORY_AND_DISK' | 'DISK_ONLY';

/** One RDD. `name` is Spark's class name ('MapPartitionsRDD', 'ShuffledRDD', …) for UIs and explain output. */
export interface RddNode {
  readonly id: number;
  readonly name: string;
  readonly numPartitions: number;
  readonly deps: readonly Dependency[];
  readonly compute: ComputeSpec;
  readonly storageLevel?: StorageLevelName;
  /** Per partition, where its input lives (file blocks, hosts of a parallelized block). */
  readonly preferredLocations?: readonly (readonly TaskLocation[])[];
  /** User call site that created it (`map at app.ts:12`). */
  readonly callSite?: string;
}

/** A set of RDD nodes closed under dependencies. */
export interface Lineage {
  readonly rdds: Readonly<Record<number, RddNode>>;
}

export const emptyLineage: Lineage = { rdds: {} };

/** The node `id`; throws INVALID_ARGUMENT when the lineage lacks it. */
export function rddOf(lineage: Lineage, id: number): RddNode {
  const node = lineage.rdds[id];
  if (node === undefined) throw new EngineError(ErrorCode.InvalidArgument, `RDD ${id} is not in the lineage`, { fields: { rddId: id } });
  return node;
}

/** Builds a lineage from nodes and validates it (see validateLineage). */
export function lineageOf(nodes: Iterable<RddNode>): Lineage {
  const rdds: Record<number, RddNode> = {};
  for (const n of nodes) {
    if (rdds[n.id] !== undefined) throw new EngineError(ErrorCode.InvalidArgument, `RDD id ${n.id} appears twice`, { fields: { rddId: n.id } });
    rdds[n.id] = n;
  }
  const lineage = { rdds };
  validateLineage(lineage);
  return lineage;
}

/** The union of two lineages; a node id present in both must describe the same RDD. */
export function mergeLineage(a: Lineage, b: Lineage): Lineage {
  const rdds: Record<number, RddNode> = { ...a.rdds };
  for (const n of Object.values(b.rdds)) {
    const old = rdds[n.id];
    if (old !== undefined && old !== n && (old.name !== n.name || old.numPartitions !== n.numPartitions)) {
      throw new EngineError(ErrorCode.InvalidArgument, `RDD ${n.id} is ${old.name}[${old.numPartitions}] and ${n.name}[${n.numPartitions}] in two lineages`, {
        fields: { rddId: n.id },
      });
    }
    rdds[n.id] = n;
  }
  return { rdds };
}

/**
 * Checks every invariant the schedulers rely on: dependencies exist and have smaller ids (so the graph
 * is acyclic), narrow mappings fit, shuffle partitioners produce the child's partition count, shuffle
 * ids are unique, and compute specs agree with their dependencies. Throws INVALID_ARGUMENT naming the RDD.
 */
export function validateLineage(lineage: Lineage): void {
  const shuffleOwner = new Map<number, number>();
  for (const node of Object.values(lineage.rdds)) {
    const bad = (why: string): never => {
      throw new EngineError(ErrorCode.InvalidArgument, `RDD ${node.id} (${node.name}): ${why}`, { fields: { rddId: node.id } });
    };
    if (!Number.isInteger(node.numPartitions) || node.numPartitions < 0) bad(`invalid partition count ${node.numPartitions}`);
    if (node.preferredLocations !== undefined && node.preferredLocations.length !== node.numPartitions) {
      bad(`${node.preferredLocations.length} preferred-location lists for ${node.numPartitions} partitions`);
    }
    for (const dep of node.deps) {
      const parent = lineage.rdds[dep.rddId];
      if (parent === undefined) bad(`depends on RDD ${dep.rddId}, which is not in the lineage`);
      if (dep.rddId >= node.id) bad(`depends on RDD ${dep.rddId}, which is not older than it`);
      if (dep.kind === 'narrow') {
        checkNarrowMapping(dep.mapping, node.id, node.numPartitions, parent.id, parent.numPartitions);
      } else {
        if (partitionerSize(dep.partitioner) !== node.numPartitions) bad(`shuffle ${dep.shuffleId} partitions into ${partitionerSize(dep.partitioner)}, not ${node.numPartitions}`);
        const owner = shuffleOwner.get(dep.shuffleId);
        if (owner !== undefined && owner !== node.id) bad(`shuffle ${dep.shuffleId} is also read by RDD ${owner}`);
        shuffleOwner.set(dep.shuffleId, node.id);
      }
    }
    const c = node.compute;
    if (c.kind === 'source' && node.deps.length > 0) bad('a source has dependencies');
    if (c.kind === 'pipeline' && (node.deps.length !== 1 || node.deps[0].kind !== 'narrow' || node.deps[0].mapping !== 'one-to-one')) {
      bad('a pipeline needs exactly one one-to-one parent');
    }
    if (c.kind === 'shuffleRead' && (node.deps.length !== 1 || node.deps[0].kind !== 'shuffle')) bad('a shuffle read needs exactly one shuffle dependency');
    if (c.kind === 'concat' && node.deps.some((d) => d.kind !== 'narrow')) bad('a concat reads only narrow dependencies');
    if (c.kind === 'cogroup' && node.deps.length === 0) bad('a cogroup needs dependencies');
  }
}
