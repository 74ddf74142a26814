// Builds lineage nodes for the RDD API's operations the way Spark shapes them (join = cogroup +
// joinPairs, distinct = reduce by element, repartition = keyed shuffle). Ids come from injected counters.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { FileSplit, FunctionRef, ParallelizeSlice, PipelineOp } from './lineage-compute.js';
import type { Aggregator, Dependency, Partitioner, ShuffleDependency } from './lineage-dependency.js';
import { type Lineage, type RddNode, type StorageLevelName } from './lineage.js';

/** Id sources (the SparkContext's counters); inject them so ids stay unique per application. */
export interface LineageIds {
  nextRddId(): number;
  nextShuffleId(): number;
}

/** Counters from 0, for one builder per application and for tests. */
export function counterIds(): LineageIds {
  let rdd = 0;
  let shuffle = 0;
  return { nextRddId: () => rdd++, nextShuffleId: () => shuffle++ };
}

export interface ShuffleOptions {
  readonly numPartitions?: number;
  readonly mapSideCombine?: boolean;
}

/** Accumulates RDD nodes; every method returns the new RDD's id. */
export class LineageBuilder {
  private readonly nodes = new Map<number, RddNode>();

  constructor(private readonly ids: LineageIds = counterIds()) {}

  /** A snapshot of every node built so far. */
  get lineage(): Lineage {
    return { rdds: Object.fromEntries([...this.nodes].map(([id, n]) => [id, n])) };
  }

  node(id: number): RddNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new EngineError(ErrorCode.InvalidArgument, `RDD ${id} was not built here`, { fields: { rddId: id } });
    return n;
  }

  parallelize(slices: readonly (readonly unknown[])[] | readonly ParallelizeSlice[]): number {
    const asSlices = slices.map((s): ParallelizeSlice => (Array.isArray(s) ? { kind: 'inline', values: s } : (s as ParallelizeSlice)));
    return this.add('ParallelCollectionRDD', asSlices.length, [], { kind: 'source', source: { kind: 'parallelize', slices: asSlices } });
  }

  textFile(path: string, splits: readonly FileSplit[], minPartitions = splits.length): number {
    return this.add('HadoopRDD', splits.length, [], { kind: 'source', source: { kind: 'textFile', path, minPartitions, splits } });
  }

  map(parent: number, fn: FunctionRef): number { return this.pipe(parent, { kind: 'map', fn }); }
  filter(parent: number, fn: FunctionRef): number { return this.pipe(parent, { kind: 'filter', fn }); }
  flatMap(parent: number, fn: FunctionRef): number { return this.pipe(parent, { kind: 'flatMap', fn }); }
  mapPartitions(parent: number, fn: FunctionRef, withIndex = false): number { return this.pipe(parent, { kind: 'mapPartitions', fn, withIndex }); }
  keyBy(parent: number, fn: FunctionRef): number { return this.pipe(parent, { kind: 'keyBy', fn }); }
  mapValues(parent: number, fn: FunctionRef): number { return this.pipe(parent, { kind: 'mapValues', fn }); }
  flatMapValues(parent: number, fn: FunctionRef): number { return this.pipe(parent, { kind: 'flatMapValues', fn }); }
  keys(parent: number): number { return this.pipe(parent, { kind: 'keys' }); }
  values(parent: number): number { return this.pipe(parent, { kind: 'values' }); }

  reduceByKey(parent: number, fn: FunctionRef, opts: ShuffleOptions = {}): number {
    return this.shuffled(parent, { kind: 'reduce', fn }, { mapSideCombine: true, ...opts });
  }

  groupByKey(parent: number, opts: ShuffleOptions = {}): number {
    // As Spark: no map-side combine, it would not shrink the data.
    return this.shuffled(parent, { kind: 'group' }, { mapSideCombine: false, ...opts });
  }

  aggregateByKey(parent: number, zero: unknown, seqOp: FunctionRef, combOp: FunctionRef, opts: ShuffleOptions = {}): number {
    return this.shuffled(parent, { kind: 'aggregate', zero, seqOp, combOp }, { mapSideCombine: true, ...opts });
  }

  /** CoGroupedRDD over a shuffle of each parent: `[k, [vs of parent 0, vs of parent 1, …]]`. */
  cogroup(parents: readonly number[], numPartitions = this.maxPartitions(parents)): number {
    const deps = parents.map((p) => this.shuffleDep(p, { kind: 'hash', numPartitions }, { kind: 'group' }, false));
    return this.add('CoGroupedRDD', numPartitions, deps, { kind: 'cogroup' });
  }

  /** Inner join: cogroup, then every pair of values per key (Spark's join = cogroup + flatMapValues). */
  join(left: number, right: number, numPartitions?: number): number {
    return this.pipe(this.cogroup([left, right], numPartitions), { kind: 'joinPairs' });
  }

  distinct(parent: number, numPartitions?: number): number {
    const keyed = this.pipe(parent, { kind: 'asKeys' });
    return this.keys(this.shuffled(keyed, { kind: 'first' }, { mapSideCombine: true, numPartitions }));
  }

  /** `bounds` come from the sampling job the API runs first (Spark's RangePartitioner). */
  sortByKey(parent: number, bounds: readonly unknown[], ascending = true): number {
    const dep = { ...this.shuffleDep(parent, { kind: 'range', bounds, ascending }, undefined, false), keyOrdering: { ascending } };
    return this.add('ShuffledRDD', bounds.length + 1, [dep], { kind: 'shuffleRead' });
  }

  union(parents: readonly number[]): number {
    let outStart = 0;
    const deps: Dependency[] = parents.map((p) => {
      const length = this.node(p).numPartitions;
      const dep: Dependency = { kind: 'narrow', rddId: p, mapping: { kind: 'range', inStart: 0, outStart, length } };
      outStart += length;
      return dep;
    });
    return this.add('UnionRDD', outStart, deps, { kind: 'concat' });
  }

  /** Full shuffle into `numPartitions` (coalesce with shuffle = true). */
  repartition(parent: number, numPartitions: number): number {
    const keyed = this.pipe(parent, { kind: 'roundRobinKey', numPartitions });
    const dep = this.shuffleDep(keyed, { kind: 'hash', numPartitions }, undefined, false);
    return this.values(this.add('ShuffledRDD', numPartitions, [dep], { kind: 'shuffleRead' }));
  }

  /** Narrow coalesce: contiguous groups of parent partitions, no shuffle. */
  coalesce(parent: number, numPartitions: number): number {
    const n = this.node(parent).numPartitions;
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new EngineError(ErrorCode.InvalidArgument, `coalesce needs at least 1 partition, got ${numPartitions}`, { fields: { numPartitions } });
    }
    const k = Math.min(numPartitions, n);
    const groups = Array.from({ length: k }, (_, i) => {
      const from = Math.floor((i * n) / k);
      return Array.from({ length: Math.floor(((i + 1) * n) / k) - from }, (_, j) => from + j);
    });
    return this.add('CoalescedRDD', k, [{ kind: 'narrow', rddId: parent, mapping: { kind: 'coalesce', groups } }], { kind: 'concat' });
  }

  /** Marks an RDD persisted (`undefined` unpersists); nodes are replaced, never mutated. */
  persist(id: number, level: StorageLevelName | undefined): number {
    const { storageLevel: _old, ...rest } = this.node(id);
    this.nodes.set(id, level === undefined ? rest : { ...rest, storageLevel: level });
    return id;
  }

  /** A MapPartitionsRDD applying `op` to each partition of `parent` (also the per-partition halves of actions). */
  pipe(parent: number, op: PipelineOp): number {
    const n = this.node(parent).numPartitions;
    return this.add('MapPartitionsRDD', n, [{ kind: 'narrow', rddId: parent, mapping: 'one-to-one' }], { kind: 'pipeline', ops: [op] });
  }

  private shuffled(parent: number, aggregator: Aggregator, opts: ShuffleOptions): number {
    const numPartitions = opts.numPartitions ?? this.node(parent).numPartitions;
    const dep = this.shuffleDep(parent, { kind: 'hash', numPartitions }, aggregator, opts.mapSideCombine ?? false);
    return this.add('ShuffledRDD', numPartitions, [dep], { kind: 'shuffleRead' });
  }

  private shuffleDep(parent: number, partitioner: Partitioner, aggregator: Aggregator | undefined, mapSideCombine: boolean): ShuffleDependency {
    this.node(parent);
    const dep: ShuffleDependency = { kind: 'shuffle', shuffleId: this.ids.nextShuffleId(), rddId: parent, partitioner, mapSideCombine };
    return aggregator === undefined ? dep : { ...dep, aggregator };
  }

  private maxPartitions(parents: readonly number[]): number {
    return Math.max(...parents.map((p) => this.node(p).numPartitions));
  }

  private add(name: string, numPartitions: number, deps: readonly Dependency[], compute: RddNode['compute']): number {
    const id = this.ids.nextRddId();
    this.nodes.set(id, { id, name, numPartitions, deps, compute });
    return id;
  }
}
