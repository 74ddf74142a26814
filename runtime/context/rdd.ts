// The RDD API (PySpark's pyspark.RDD, line for line where JavaScript allows): transformations build
// lineage nodes through the context's LineageBuilder and return new RDDs at once; actions run jobs.
// Functions run on executors: each gets its captured values as its last argument, and a function
// that refers to anything else is refused here, at the call, naming the variable.
import { EngineError, ErrorCode } from '../../common/index.js';
import type { StorageLevelName } from '../rdd/lineage.js';
import { compareKeys } from '../executor/key-ordering.js';
import type { Captures } from './function-registry.js';
import type { RddContext } from './rdd-context.js';

export type Pair<K, V> = [K, V];

/** `numPartitions` or a captures object as the optional argument after a function (PySpark's positional numPartitions). */
type CapturesOrPartitions = Captures | number | undefined;

function split(arg: CapturesOrPartitions, numPartitions: number | undefined): { captures: Captures | undefined; numPartitions: number | undefined } {
  return typeof arg === 'number' ? { captures: undefined, numPartitions: arg } : { captures: arg, numPartitions };
}

function checkPartitions(n: number | undefined, what: string): void {
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
    throw new EngineError(ErrorCode.InvalidArgument, `${what}: numPartitions must be a positive integer, got ${n}`, { fields: { numPartitions: n } });
  }
}

export class RDD<T> {
  /** @internal use SparkContext methods to create RDDs */
  constructor(readonly context: RddContext, readonly id: number) {}

  getNumPartitions(): number { return this.context.builder.node(this.id).numPartitions; }

  /** The storage level set by persist/cache, or undefined. */
  getStorageLevel(): StorageLevelName | undefined { return this.context.builder.node(this.id).storageLevel; }

  toString(): string {
    const n = this.context.builder.node(this.id);
    return `${n.name}[${n.id}]`;
  }

  // ---- narrow transformations ----

  map<U, C extends Captures = Captures>(fn: (value: T, captures: C) => U, captures?: C): RDD<U> {
    return this.derive(this.context.builder.map(this.id, this.ship(fn, captures, 1, 'map')));
  }

  filter<C extends Captures = Captures>(fn: (value: T, captures: C) => unknown, captures?: C): RDD<T> {
    return this.derive(this.context.builder.filter(this.id, this.ship(fn, captures, 1, 'filter')));
  }

  flatMap<U, C extends Captures = Captures>(fn: (value: T, captures: C) => Iterable<U>, captures?: C): RDD<U> {
    return this.derive(this.context.builder.flatMap(this.id, this.ship(fn, captures, 1, 'flatMap')));
  }

  /** `fn` gets the partition's elements as an iterable and returns an iterable (a generator works). */
  mapPartitions<U, C extends Captures = Captures>(fn: (values: Iterable<T>, captures: C) => Iterable<U>, captures?: C): RDD<U> {
    return this.derive(this.context.builder.mapPartitions(this.id, this.ship(fn, captures, 1, 'mapPartitions'), false));
  }

  mapPartitionsWithIndex<U, C extends Captures = Captures>(fn: (index: number, values: Iterable<T>, captures: C) => Iterable<U>, captures?: C): RDD<U> {
    return this.derive(this.context.builder.mapPartitions(this.id, this.ship(fn, captures, 2, 'mapPartitionsWithIndex'), true));
  }

  keyBy<K, C extends Captures = Captures>(fn: (value: T, captures: C) => K, captures?: C): RDD<Pair<K, T>> {
    return this.derive(this.context.builder.keyBy(this.id, this.ship(fn, captures, 1, 'keyBy')));
  }

  mapValues<K, V, U, C extends Captures = Captures>(this: RDD<Pair<K, V>>, fn: (value: V, captures: C) => U, captures?: C): RDD<Pair<K, U>> {
    return this.derive(this.context.builder.mapValues(this.id, this.ship(fn, captures, 1, 'mapValues')));
  }

  flatMapValues<K, V, U, C extends Captures = Captures>(this: RDD<Pair<K, V>>, fn: (value: V, captures: C) => Iterable<U>, captures?: C): RDD<Pair<K, U>> {
    return this.derive(this.context.builder.flatMapValues(this.id, this.ship(fn, captures, 1, 'flatMapValues')));
  }

  keys<K, V>(this: RDD<Pair<K, V>>): RDD<K> { return this.derive(this.context.builder.keys(this.id)); }
  values<K, V>(this: RDD<Pair<K, V>>): RDD<V> { return this.derive(this.context.builder.values(this.id)); }

  union(other: RDD<T>): RDD<T> {
    this.sameContext(other);
    return this.derive(this.context.builder.union([this.id, other.id]));
  }

  /** Fewer partitions without a shuffle, or with one when `shuffle` (then it is repartition). */
  coalesce(numPartitions: number, shuffle = false): RDD<T> {
    checkPartitions(numPartitions, 'coalesce');
    return shuffle ? this.repartition(numPartitions) : this.derive(this.context.builder.coalesce(this.id, numPartitions));
  }

  // ---- shuffles ----

  repartition(numPartitions: number): RDD<T> {
    checkPartitions(numPartitions, 'repartition');
    return this.derive(this.context.builder.repartition(this.id, numPartitions));
  }

  reduceByKey<K, V, C extends Captures = Captures>(this: RDD<Pair<K, V>>, fn: (a: V, b: V, captures: C) => V, capturesOrPartitions?: C | number, numPartitions?: number): RDD<Pair<K, V>> {
    const a = split(capturesOrPartitions, numPartitions);
    checkPartitions(a.numPartitions, 'reduceByKey');
    const ref = this.ship(fn, a.captures, 2, 'reduceByKey');
    return this.derive(this.context.builder.reduceByKey(this.id, ref, { numPartitions: a.numPartitions ?? this.defaultPartitions() }));
  }

  groupByKey<K, V>(this: RDD<Pair<K, V>>, numPartitions?: number): RDD<Pair<K, V[]>> {
    checkPartitions(numPartitions, 'groupByKey');
    return this.derive(this.context.builder.groupByKey(this.id, { numPartitions: numPartitions ?? this.defaultPartitions() }));
  }

  aggregateByKey<K, V, U, C extends Captures = Captures>(this: RDD<Pair<K, V>>, zeroValue: U, seqFunc: (acc: U, value: V, captures: C) => U,
    combFunc: (a: U, b: U, captures: C) => U, capturesOrPartitions?: C | number, numPartitions?: number): RDD<Pair<K, U>> {
    const a = split(capturesOrPartitions, numPartitions);
    checkPartitions(a.numPartitions, 'aggregateByKey');
    const seq = this.ship(seqFunc, a.captures, 2, 'aggregateByKey');
    const comb = this.ship(combFunc, a.captures, 2, 'aggregateByKey');
    return this.derive(this.context.builder.aggregateByKey(this.id, zeroValue, seq, comb, { numPartitions: a.numPartitions ?? this.defaultPartitions() }));
  }

  /** `[k, [values of this, values of other]]` for every key of either. */
  cogroup<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V[], W[]]>> {
    this.sameContext(other);
    checkPartitions(numPartitions, 'cogroup');
    return this.derive(this.context.builder.cogroup([this.id, other.id], numPartitions ?? this.defaultPartitions(other)));
  }

  /** Inner join: `[k, [v, w]]` for every pair of values with equal keys. */
  join<K, V, W>(this: RDD<Pair<K, V>>, other: RDD<Pair<K, W>>, numPartitions?: number): RDD<Pair<K, [V, W]>> {
    this.sameContext(other);
    checkPartitions(numPartitions, 'join');
    return this.derive(this.context.builder.join(this.id, other.id, numPartitions ?? this.defaultPartitions(other)));
  }

  distinct(numPartitions?: number): RDD<T> {
    checkPartitions(numPartitions, 'distinct');
    return this.derive(this.context.builder.distinct(this.id, numPartitions ?? this.getNumPartitions()));
  }

  /**
   * Sorts by key into `numPartitions` ranges. Like Spark, it first runs a job sampling keys to find
   * the range bounds, so this call is async.
   */
  async sortByKey<K, V>(this: RDD<Pair<K, V>>, ascending = true, numPartitions?: number): Promise<RDD<Pair<K, V>>> {
    checkPartitions(numPartitions, 'sortByKey');
    const n = numPartitions ?? this.getNumPartitions();
    const bounds = n <= 1 ? [] : await this.rangeBounds(n);
    return this.derive(this.context.builder.sortByKey(this.id, bounds, ascending));
  }

  /** sortBy(keyfunc): keyBy, sortByKey, values. */
  async sortBy<K, C extends Captures = Captures>(keyfunc: (value: T, captures: C) => K, ascending = true, numPartitions?: number, captures?: C): Promise<RDD<T>> {
    return (await this.keyBy(keyfunc, captures).sortByKey(ascending, numPartitions)).values();
  }

  // ---- persistence ----

  cache(): this { return this.persist('MEMORY_ONLY'); }

  persist(level: StorageLevelName = 'MEMORY_ONLY'): this {
    const current = this.getStorageLevel();
    if (current !== undefined && current !== level) {
      throw new EngineError(ErrorCode.Unsupported, `Cannot change storage level of an RDD after it was already assigned a level (${current} → ${level})`,
        { fields: { rddId: this.id } });
    }
    this.context.builder.persist(this.id, level);
    return this;
  }

  async unpersist(): Promise<this> {
    this.context.builder.persist(this.id, undefined);
    await this.context.unpersist(this.id);
    return this;
  }

  // ---- actions ----

  async collect(): Promise<T[]> {
    const parts = await this.context.runJob<T[]>(this.id, undefined, 'collect');
    return parts.flat() as T[];
  }

  async count(): Promise<number> {
    const parts = await this.context.runJob<number[]>(this.context.builder.pipe(this.id, { kind: 'countPartition' }), undefined, 'count');
    let n = 0;
    for (const p of parts) n += p[0] ?? 0;
    return n;
  }

  /** The first `num` elements, scanning one partition first and then more (Spark's take). */
  async take(num: number): Promise<T[]> {
    if (!Number.isInteger(num) || num < 0) throw new EngineError(ErrorCode.InvalidArgument, `take: num must be a non-negative integer, got ${num}`);
    const out: T[] = [];
    const total = this.getNumPartitions();
    let scanned = 0;
    while (out.length < num && scanned < total) {
      // Spark's scale-up: 1 partition first, then up to 4× what was scanned so far.
      const count = scanned === 0 ? 1 : Math.min(total - scanned, Math.max(1, scanned * 4));
      const partitions = Array.from({ length: count }, (_, i) => scanned + i);
      const taker = this.context.builder.pipe(this.id, { kind: 'takePartition', n: num - out.length });
      const parts = await this.context.runJob<T[]>(taker, partitions, 'take');
      for (const p of parts) for (const v of p) if (out.length < num) out.push(v);
      scanned += count;
    }
    return out;
  }

  async first(): Promise<T> {
    const got = await this.take(1);
    if (got.length === 0) throw new EngineError(ErrorCode.InvalidArgument, 'RDD is empty');
    return got[0] as T;
  }

  async isEmpty(): Promise<boolean> { return (await this.take(1)).length === 0; }

  async reduce<C extends Captures = Captures>(fn: (a: T, b: T, captures: C) => T, captures?: C): Promise<T> {
    const ref = this.ship(fn, captures, 2, 'reduce');
    const parts = await this.context.runJob<T[]>(this.context.builder.pipe(this.id, { kind: 'reducePartition', fn: ref }), undefined, 'reduce');
    const partials = parts.flat() as T[];
    if (partials.length === 0) throw new EngineError(ErrorCode.InvalidArgument, 'Can not reduce() empty RDD');
    const c = (captures ?? {}) as C;
    return partials.reduce((a, b) => fn(a, b, c));
  }

  async fold<C extends Captures = Captures>(zeroValue: T, fn: (a: T, b: T, captures: C) => T, captures?: C): Promise<T> {
    const ref = this.ship(fn, captures, 2, 'fold');
    const parts = await this.context.runJob<T[]>(this.context.builder.pipe(this.id, { kind: 'foldPartition', zero: zeroValue, fn: ref }), undefined, 'fold');
    const c = (captures ?? {}) as C;
    return (parts.flat() as T[]).reduce((a, b) => fn(a, b, c), structuredClone(zeroValue));
  }

  async aggregate<U, C extends Captures = Captures>(zeroValue: U, seqOp: (acc: U, value: T, captures: C) => U, combOp: (a: U, b: U, captures: C) => U, captures?: C): Promise<U> {
    const seq = this.ship(seqOp, captures, 2, 'aggregate');
    this.ship(combOp, captures, 2, 'aggregate'); // checked like seqOp, though only the driver runs it
    const parts = await this.context.runJob<U[]>(this.context.builder.pipe(this.id, { kind: 'aggregatePartition', zero: zeroValue, seqOp: seq }), undefined, 'aggregate');
    const c = (captures ?? {}) as C;
    return (parts.flat() as U[]).reduce((a, b) => combOp(a, b, c), structuredClone(zeroValue));
  }

  async foreach<C extends Captures = Captures>(fn: (value: T, captures: C) => unknown, captures?: C): Promise<void> {
    await this.context.runJob(this.context.builder.pipe(this.id, { kind: 'foreach', fn: this.ship(fn, captures, 1, 'foreach') }), undefined, 'foreach');
  }

  async countByKey<K, V>(this: RDD<Pair<K, V>>): Promise<Map<K, number>> {
    const counts = await this.map(([k]) => [k, 1] as Pair<K, number>).reduceByKey((a, b) => a + b).collect();
    return new Map(counts);
  }

  async collectAsMap<K, V>(this: RDD<Pair<K, V>>): Promise<Map<K, V>> {
    return new Map(await this.collect());
  }

  /** Writes one `part-NNNNN` text file per partition and `_SUCCESS`; refuses an existing directory, as Hadoop. */
  async saveAsTextFile(path: string): Promise<void> {
    await this.context.saveAsTextFile(this.id, path);
  }

  // ---- internals ----

  private async rangeBounds(numPartitions: number): Promise<unknown[]> {
    // Spark samples about 20 keys per output partition (capped at 1e6), spread over the input partitions.
    const perPartition = Math.ceil((Math.min(20 * numPartitions, 1e6) * 3) / Math.max(1, this.getNumPartitions()));
    const sampler = this.context.builder.pipe(this.id, { kind: 'sampleKeys', size: perPartition });
    const keys = (await this.context.runJob<unknown[]>(sampler, undefined, 'sortByKey')).flat();
    keys.sort(compareKeys);
    const bounds: unknown[] = [];
    for (let i = 1; i < numPartitions && keys.length > 0; i++) {
      const k = keys[Math.min(keys.length - 1, Math.floor((i * keys.length) / numPartitions))];
      if (bounds.length === 0 || compareKeys(bounds[bounds.length - 1], k) < 0) bounds.push(k);
    }
    return bounds;
  }

  private ship(fn: Function, captures: Captures | undefined, argCount: number, operation: string) {
    if (typeof fn !== 'function') {
      throw new EngineError(ErrorCode.InvalidArgument, `${operation} expects a function, got ${fn === null ? 'null' : typeof fn}`, { fields: { operation } });
    }
    return this.context.functions.ship(fn, captures, argCount, operation);
  }

  private derive<U>(id: number): RDD<U> { return new RDD<U>(this.context, id); }

  private defaultPartitions(other?: RDD<unknown>): number {
    const configured = this.context.defaultParallelismForShuffles();
    if (configured !== undefined) return configured;
    return Math.max(this.getNumPartitions(), other?.getNumPartitions() ?? 0);
  }

  private sameContext(other: RDD<unknown>): void {
    if (other.context !== this.context) throw new EngineError(ErrorCode.InvalidArgument, 'RDDs of two different SparkContexts cannot be combined');
  }
}
