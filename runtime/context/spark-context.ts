// SparkContext: the entry point of the RDD API (PySpark's pyspark.SparkContext). It owns the
// application's lineage, shipped functions, accumulators and broadcasts, and a Driver that schedules
// its jobs on executors — worker threads here (local mode, the default) or a cluster's over NATS.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Conf, EngineError, ErrorCode, createLogger, type Logger } from '../../common/index.js';
import { AccumulatorRegistry, type Accumulator } from '../rdd/accumulator.js';
import type { AccumulatorParam } from '../rdd/accumulator-param.js';
import { BroadcastRegistry, type Broadcast } from '../rdd/broadcast.js';
import { blockName, broadcastBlockId } from '../blocks/block-id.js';

const broadcastBlockName = (id: number): string => blockName(broadcastBlockId(id));
import { LineageBuilder, counterIds } from '../rdd/lineage-builder.js';
import { rddOf, type Lineage, type RddNode } from '../rdd/lineage.js';
import { BUILTIN_COLLECT, encodeTaskValue } from '../executor/task-protocol.js';
import type { ParallelizeSlice } from '../rdd/lineage.js';
import { DriverBlockServer } from './driver-block-server.js';

/** Slices larger than this (encoded) are served from the driver's block server, not sent inside tasks. */
const INLINE_SLICE_BYTES = 256 * 1024;
import { Driver, type Backlog, type DriverEvent } from '../driver/index.js';
import { consoleProgress } from '../submit/console-progress.js';
import { BacklogReporter } from './backlog-reporter.js';
import { newApplicationId } from './app-id.js';
import { defaultParallelism as defaultParallelismKey, sparkAppName, sparkMaster } from './context-config.js';
import { startBackend, type ExecutionBackend } from './execution-backend.js';
import { FunctionRegistry } from './function-registry.js';
import { parseMasterUrl, type MasterUrl } from './master-url.js';
import { RDD } from './rdd.js';
import type { RddContext } from './rdd-context.js';
import { textFileSplits } from './text-file-splits.js';

export interface SparkContextOptions {
  /** spark.master; default local[*]. */
  readonly master?: string;
  readonly appName?: string;
  /** spark.* settings (as `--conf k=v`). */
  readonly conf?: Readonly<Record<string, string>> | Conf;
  readonly logger?: Logger;
}

export class SparkContext implements RddContext {
  readonly builder = new LineageBuilder(counterIds());
  readonly functions = new FunctionRegistry();
  private stopped = false;
  private nextSliceSet = 0;
  private backlog: BacklogReporter | undefined;
  private progress: { stop(): void } | undefined;

  private constructor(
    readonly appId: string,
    readonly appName: string,
    readonly master: MasterUrl,
    readonly conf: Conf,
    private readonly backend: ExecutionBackend,
    private readonly driver: Driver,
    private readonly accumulators: AccumulatorRegistry,
    private readonly broadcasts: BroadcastRegistry,
    private readonly blocks: DriverBlockServer,
    readonly log: Logger,
  ) {}

  /** Starts executors (local) or joins a cluster, and the driver's scheduler. */
  static async create(options: SparkContextOptions = {}): Promise<SparkContext> {
    // `flint submit` passes --master and --conf through the environment; settings made in code win, as in Spark.
    const conf = new Conf(Object.entries(submittedConf()));
    const own = options.conf instanceof Conf ? options.conf.entries() : Object.entries(options.conf ?? {});
    for (const [k, v] of own) conf.set(k, v);
    if (options.master !== undefined) conf.set(sparkMaster.key, options.master);
    if (options.appName !== undefined) conf.set(sparkAppName.key, options.appName);
    const master = parseMasterUrl(conf.get(sparkMaster));
    const appId = newApplicationId();
    const appName = conf.get(sparkAppName);
    const log = (options.logger ?? createLogger({ level: process.env.FLINT_LOG_LEVEL ?? 'warn', name: 'flint' })).child({ app: appId });
    const backend = await startBackend(master, appId, conf, log);
    const accumulators = new AccumulatorRegistry();
    let driver: Driver | undefined;
    let backlog: BacklogReporter | undefined;
    let blocks: DriverBlockServer | undefined;
    // unpersist/destroy reach the executors' caches (and the driver's served copy) through the driver.
    const broadcasts = new BroadcastRegistry({
      unpersist: async (id) => { driver?.removeBroadcast(id); },
      destroy: async (id) => { driver?.removeBroadcast(id); blocks?.remove(broadcastBlockName(id)); },
    });
    try {
      blocks = await DriverBlockServer.start(appId, backend.system.nodeId, conf, log);
      // On a cluster the Master's autoscaler sizes executors from this application's backlog.
      backlog = master.kind === 'cluster' ? new BacklogReporter(backend.system, appId, conf) : undefined;
      const onBacklog = backlog === undefined ? undefined : (b: Backlog) => backlog!.update(b);
      driver = await Driver.start({ system: backend.system, appId, conf, accumulators, broadcasts, executors: backend.executors, logger: log,
        driverBlocks: blocks.endpoint, driverBlockStore: blocks, ...(onBacklog ? { onBacklog } : {}) });
    } catch (err) {
      backlog?.stop();
      await blocks?.close();
      await backend.stop();
      throw err;
    }
    const sc = new SparkContext(appId, appName, master, conf, backend, driver!, accumulators, broadcasts, blocks!, log);
    sc.backlog = backlog;
    sc.progress = consoleProgress(sc);
    log.info({ master: master.kind === 'local' ? `local[${master.executors}]` : 'cluster', appName }, 'SparkContext started');
    return sc;
  }

  /** spark.default.parallelism, else the local executor count, else the cluster's executors' cores. */
  get defaultParallelism(): number {
    const configured = this.conf.get(defaultParallelismKey);
    if (configured > 0) return configured;
    if (this.backend.localCores !== undefined) return this.backend.localCores;
    const cores = this.driver.executors().reduce((n, e) => n + e.cores, 0);
    return Math.max(2, cores);
  }

  defaultParallelismForShuffles(): number | undefined {
    const configured = this.conf.get(defaultParallelismKey);
    return configured > 0 ? configured : undefined;
  }

  // ---- creating RDDs ----

  /** Distributes `data` over `numSlices` partitions (PySpark's slicing: contiguous, evenly sized). */
  parallelize<T>(data: Iterable<T>, numSlices?: number): RDD<T> {
    this.checkRunning();
    const values = Array.isArray(data) ? (data as T[]) : [...data];
    const k = numSlices ?? this.defaultParallelism;
    if (!Number.isInteger(k) || k < 1) throw new EngineError(ErrorCode.InvalidArgument, `parallelize: numSlices must be a positive integer, got ${k}`);
    const n = values.length;
    const id = this.nextSliceSet++;
    const slices = Array.from({ length: k }, (_, i): ParallelizeSlice => {
      const values_ = values.slice(Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k));
      if (values_.length < 1024) return { kind: 'inline', values: values_ };
      // A slice too large for a task message stays in the driver's block server; the task names it.
      const bytes = encodeTaskValue(values_);
      if (bytes.byteLength <= INLINE_SLICE_BYTES) return { kind: 'inline', values: values_ };
      const blockId = `slice_${id}_${i}`;
      this.blocks.put(blockId, bytes);
      return { kind: 'block', blockId, onDriver: true };
    });
    return new RDD<T>(this, this.builder.parallelize(slices));
  }

  /** Integers [start, end) by `step`, as PySpark's range (one argument means [0, start)). */
  range(start: number, end?: number, step = 1, numSlices?: number): RDD<number> {
    const [from, to] = end === undefined ? [0, start] : [start, end];
    if (step === 0) throw new EngineError(ErrorCode.InvalidArgument, 'range: step cannot be 0');
    const out: number[] = [];
    for (let v = from; step > 0 ? v < to : v > to; v += step) out.push(v);
    return this.parallelize(out, numSlices);
  }

  /** Lines of a text file or of every file in a directory, split into at least `minPartitions` ranges. */
  textFile(path: string, minPartitions?: number): RDD<string> {
    this.checkRunning();
    const min = minPartitions ?? Math.min(this.defaultParallelism, 2);
    return new RDD<string>(this, this.builder.textFile(path, textFileSplits(path, min), min));
  }

  union<T>(rdds: readonly RDD<T>[]): RDD<T> {
    if (rdds.length === 0) throw new EngineError(ErrorCode.InvalidArgument, 'union needs at least one RDD');
    return new RDD<T>(this, this.builder.union(rdds.map((r) => r.id)));
  }

  emptyRDD<T>(): RDD<T> {
    return new RDD<T>(this, this.builder.parallelize([]));
  }

  // ---- shared variables ----

  broadcast<T>(value: T): Broadcast<T> {
    this.checkRunning();
    return this.broadcasts.create(value);
  }

  accumulator<T>(initial: T, param?: AccumulatorParam<T>): Accumulator<T> {
    this.checkRunning();
    return this.accumulators.create(initial, param);
  }

  // ---- observing ----

  /** Listener-bus events (JobStart, StageSubmitted, TaskEnd, JobEnd…); returns an unsubscribe function. */
  onEvent(listener: (event: DriverEvent) => void): () => void {
    return this.driver.onEvent(listener);
  }

  /** The executors this application uses. */
  executors(): ReturnType<Driver['executors']> {
    return this.driver.executors();
  }

  /** Where the blocks of persisted RDDs are, with their memory and disk sizes. */
  rddBlocks(rddId?: number): ReturnType<Driver['rddBlocks']> {
    return this.driver.rddBlocks(rddId);
  }

  // ---- RddContext ----

  async runJob<R = unknown[]>(rddId: number, partitions: readonly number[] | undefined, action: string): Promise<R[]> {
    this.checkRunning();
    const lineage = this.lineageOf(rddId);
    const n = rddOf(lineage, rddId).numPartitions;
    const parts = partitions ?? Array.from({ length: n }, (_, i) => i);
    const results = await this.driver.runJob({
      lineage, finalRddId: rddId, partitions: parts, func: { id: BUILTIN_COLLECT },
      functions: this.functions.functionsOf(lineage), callSite: callSite(action),
    });
    return results as R[];
  }

  async unpersist(rddId: number): Promise<void> {
    await this.driver.unpersist(rddId);
  }

  async saveAsTextFile(rddId: number, path: string): Promise<void> {
    const dir = path.startsWith('file://') ? new URL(path).pathname : path;
    if (existsSync(dir)) {
      throw new EngineError(ErrorCode.InvalidArgument, `Output directory ${path} already exists`, { fields: { path } });
    }
    mkdirSync(dir, { recursive: true });
    await this.runJob(this.builder.pipe(rddId, { kind: 'saveAsTextFile', path: dir }), undefined, 'saveAsTextFile');
    writeFileSync(`${dir}/_SUCCESS`, '');
  }

  /** Stops the driver, the executors' state of this application and (local mode) the executor threads. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.progress?.stop();
    this.backlog?.stop();
    try {
      await this.driver.stop();
    } finally {
      await this.blocks.close();
      await this.backend.stop();
    }
  }

  /** The job's RDD and its ancestors only: the context's whole lineage grows with every action. */
  private lineageOf(rddId: number): Lineage {
    const nodes: Record<number, RddNode> = {};
    const stack = [rddId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (nodes[id] !== undefined) continue;
      const node = this.builder.node(id);
      nodes[id] = node;
      for (const dep of node.deps) stack.push(dep.rddId);
    }
    return { rdds: nodes };
  }

  private checkRunning(): void {
    if (this.stopped) throw new EngineError(ErrorCode.InvalidArgument, 'Cannot call methods on a stopped SparkContext', { fields: { appId: this.appId } });
  }
}

/** The environment variable `flint submit` sets: a JSON object of spark.* settings for the program's context. */
export const SUBMIT_CONF_ENV = 'FLINT_SUBMIT_CONF';

function submittedConf(): Record<string, string> {
  const raw = process.env[SUBMIT_CONF_ENV];
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new EngineError(ErrorCode.Config, `${SUBMIT_CONF_ENV} is not JSON`, { cause: err });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new EngineError(ErrorCode.Config, `${SUBMIT_CONF_ENV} must be a JSON object of settings`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

/** `collect at app.ts:12`: the first stack frame outside Flint (Spark's call site). */
function callSite(action: string): string {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  const frame = stack.find((l) => !/[/\\](runtime|dist[/\\]runtime)[/\\]context[/\\]|node:internal/.test(l));
  const where = frame?.match(/\(?([^()\s]+):(\d+):\d+\)?$/);
  if (!where) return action;
  const file = where[1].split(/[/\\]/).pop();
  return `${action} at ${file}:${where[2]}`;
}
