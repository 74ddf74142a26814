// Builds stages from lineage (cut at shuffle dependencies, ancestors first, one stage per shuffle
// while a job needs it) and answers what a stage still misses: parent outputs, preferred locations.
import { parentPartitions, rddOf, type FunctionRef, type RddNode, type ShuffleDependency, type TaskLocation } from '../rdd/lineage.js';
import { shuffleDependencies } from '../rdd/lineage-graph.js';
import type { DagWork } from './dag-state.js';
import type { Stage, StageShape } from './stage.js';

/** The map stage for `dep`, created (with its missing ancestors, older first) when no active job has it. */
export function getOrCreateShuffleMapStage(w: DagWork, dep: ShuffleDependency, jobId: number): Stage {
  const existing = w.shuffleToStage[dep.shuffleId];
  if (existing !== undefined) return w.stage(existing);
  const parents = getOrCreateParentStages(w, dep.rddId, jobId);
  const stage = newStage(w, rddOf(w.lineage, dep.rddId), { type: 'shuffleMap', shuffleId: dep.shuffleId, dependency: dep }, parents, jobId);
  w.shuffleToStage[dep.shuffleId] = stage.id;
  return stage;
}

export function createResultStage(w: DagWork, rddId: number, partitions: readonly number[], func: FunctionRef, jobId: number): Stage {
  const parents = getOrCreateParentStages(w, rddId, jobId);
  return newStage(w, rddOf(w.lineage, rddId), { type: 'result', jobId, partitions, func }, parents, jobId);
}

function getOrCreateParentStages(w: DagWork, rddId: number, jobId: number): number[] {
  return shuffleDependencies(w.lineage, rddId).map((dep) => getOrCreateShuffleMapStage(w, dep, jobId).id);
}

function newStage(w: DagWork, rdd: RddNode, shape: StageShape, parents: number[], jobId: number): Stage {
  const id = w.nextStageId++;
  const stage: Stage = {
    id, rddId: rdd.id, numPartitions: rdd.numPartitions, shape, parents: [...new Set(parents)].sort((a, b) => a - b),
    firstJobId: jobId, jobIds: [], name: rdd.callSite ?? `${rdd.name}[${rdd.id}]`, nextAttempt: 0, failedAttempts: [], status: { kind: 'created' },
  };
  w.stages[id] = stage;
  return stage;
}

/** Adds `jobId` to the stage and every ancestor stage; returns all of their ids, ascending. */
export function registerJobOnStages(w: DagWork, finalStageId: number, jobId: number): number[] {
  const seen = new Set<number>();
  const stack = [finalStageId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const s = w.stage(id);
    if (!s.jobIds.includes(jobId)) w.update(id, { jobIds: [...s.jobIds, jobId].sort((a, b) => a - b) });
    stack.push(...s.parents);
  }
  return [...seen].sort((a, b) => a - b);
}

/** Map partitions of a shuffle map stage without a registered output. */
export function missingMapPartitions(w: DagWork, stage: Stage): number[] {
  if (stage.shape.type !== 'shuffleMap') return [];
  const missing: number[] = [];
  for (let p = 0; p < stage.numPartitions; p++) if (w.outputs.locationOf(stage.shape.shuffleId, p) === undefined) missing.push(p);
  return missing;
}

export function isStageAvailable(w: DagWork, stage: Stage): boolean {
  return stage.shape.type === 'shuffleMap' && missingMapPartitions(w, stage).length === 0;
}

function cachedLocations(w: DagWork, rdd: RddNode, partition: number): readonly TaskLocation[] {
  return rdd.storageLevel === undefined || w.cache === undefined ? [] : w.cache.cachedLocations(rdd.id, partition);
}

function fullyCached(w: DagWork, rdd: RddNode): boolean {
  if (rdd.storageLevel === undefined || w.cache === undefined || rdd.numPartitions === 0) return false;
  for (let p = 0; p < rdd.numPartitions; p++) if (cachedLocations(w, rdd, p).length === 0) return false;
  return true;
}

/**
 * Parent map stages whose outputs are not all available (Spark's getMissingParentStages): walks narrow
 * dependencies from the stage's RDD, stopping at RDDs cached in full, creating map stages as needed.
 */
export function missingParentStages(w: DagWork, stage: Stage): Stage[] {
  const missing = new Map<number, Stage>();
  const visited = new Set<number>();
  const stack = [stage.rddId];
  while (stack.length > 0) {
    const rdd = rddOf(w.lineage, stack.pop()!);
    if (visited.has(rdd.id)) continue;
    visited.add(rdd.id);
    if (fullyCached(w, rdd)) continue;
    for (const dep of rdd.deps) {
      if (dep.kind === 'narrow') {
        stack.push(dep.rddId);
        continue;
      }
      const mapStage = getOrCreateShuffleMapStage(w, dep, stage.firstJobId);
      if (!isStageAvailable(w, mapStage)) missing.set(mapStage.id, mapStage);
    }
  }
  return [...missing.values()].sort((a, b) => a.id - b.id);
}

/**
 * Where a task for `partition` of `rddId` should run (Spark's getPreferredLocs): cached copies first,
 * then the RDD's own hints, then the first narrow ancestor partition with either, depth first.
 */
export function preferredLocations(w: DagWork, rddId: number, partition: number): readonly TaskLocation[] {
  const visited = new Set<string>();
  const stack: [number, number][] = [[rddId, partition]];
  while (stack.length > 0) {
    const [id, p] = stack.pop()!;
    const key = `${id}:${p}`;
    if (visited.has(key)) continue;
    visited.add(key);
    const rdd = rddOf(w.lineage, id);
    const cached = cachedLocations(w, rdd, p);
    if (cached.length > 0) return cached;
    const own = rdd.preferredLocations?.[p] ?? [];
    if (own.length > 0) return own;
    const next: [number, number][] = [];
    for (const dep of rdd.deps) {
      if (dep.kind === 'narrow') for (const pp of parentPartitions(dep.mapping, p)) next.push([dep.rddId, pp]);
    }
    // Pushed in reverse so the first dependency's first partition is searched first.
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
  }
  return [];
}
