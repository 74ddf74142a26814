// Walks over a Lineage: narrow ancestors (what one task computes), the shuffle dependencies where
// stages are cut, and topological order. Iterative, so long lineages (iterative jobs) do not overflow.
import { rddOf, type Lineage, type RddNode } from './lineage.js';
import type { ShuffleDependency } from './lineage-dependency.js';

/** Ids of every RDD reachable from `rddId` through narrow dependencies only, `rddId` excluded. */
export function narrowAncestors(lineage: Lineage, rddId: number): number[] {
  const seen = new Set<number>([rddId]);
  const stack = [rddId];
  const out: number[] = [];
  while (stack.length > 0) {
    for (const dep of rddOf(lineage, stack.pop()!).deps) {
      if (dep.kind !== 'narrow' || seen.has(dep.rddId)) continue;
      seen.add(dep.rddId);
      out.push(dep.rddId);
      stack.push(dep.rddId);
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * The shuffle dependencies that `rddId`'s stage reads: those reachable through narrow dependencies
 * without crossing another shuffle (Spark's getShuffleDependencies), ordered by shuffle id.
 */
export function shuffleDependencies(lineage: Lineage, rddId: number): ShuffleDependency[] {
  const found = new Map<number, ShuffleDependency>();
  for (const id of [rddId, ...narrowAncestors(lineage, rddId)]) {
    for (const dep of rddOf(lineage, id).deps) if (dep.kind === 'shuffle') found.set(dep.shuffleId, dep);
  }
  return [...found.values()].sort((a, b) => a.shuffleId - b.shuffleId);
}

/** `rddId` and its narrow ancestors, parents first: exactly the nodes one task of its stage computes. */
export function narrowClosure(lineage: Lineage, rddId: number): RddNode[] {
  return [...narrowAncestors(lineage, rddId), rddId].sort((a, b) => a - b).map((id) => rddOf(lineage, id));
}

/**
 * Ids of the RDDs `rootId` depends on (through any dependency) and `rootId` itself, every RDD after
 * all its parents; without `rootId`, the whole lineage. Ties break by id, so the order is stable.
 */
export function topologicalOrder(lineage: Lineage, rootId?: number): number[] {
  const ids = rootId === undefined ? Object.values(lineage.rdds).map((n) => n.id) : reachable(lineage, rootId);
  const indegree = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const id of ids) {
    const parents = new Set(rddOf(lineage, id).deps.map((d) => d.rddId));
    indegree.set(id, parents.size);
    for (const p of parents) children.set(p, [...(children.get(p) ?? []), id]);
  }
  const ready = ids.filter((id) => indegree.get(id) === 0).sort((a, b) => a - b);
  const out: number[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    out.push(id);
    for (const c of children.get(id) ?? []) {
      const left = indegree.get(c)! - 1;
      indegree.set(c, left);
      if (left === 0) insertSorted(ready, c);
    }
  }
  return out;
}

/** The sub-lineage `rootId` needs: itself and every ancestor. */
export function lineageFor(lineage: Lineage, rootId: number): Lineage {
  const rdds: Record<number, RddNode> = {};
  for (const id of reachable(lineage, rootId)) rdds[id] = rddOf(lineage, id);
  return { rdds };
}

function reachable(lineage: Lineage, rootId: number): number[] {
  const seen = new Set<number>([rootId]);
  const stack = [rootId];
  while (stack.length > 0) {
    for (const dep of rddOf(lineage, stack.pop()!).deps) {
      if (!seen.has(dep.rddId)) {
        seen.add(dep.rddId);
        stack.push(dep.rddId);
      }
    }
  }
  return [...seen];
}

function insertSorted(xs: number[], x: number): void {
  let i = 0;
  while (i < xs.length && xs[i] < x) i++;
  xs.splice(i, 0, x);
}
