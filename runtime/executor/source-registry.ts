// Source kinds that libraries above the runtime register with the executor (a DataFrame scan, a
// streaming batch): a `registered` source RDD names one and carries its parameters as plain data. As
// Spark SQL compiles to RDDs, the runtime never imports those libraries; they call registerSourceKind
// when loaded in the executor process.
import { EngineError, ErrorCode } from '../../common/index.js';

/** What a registered source sees of the task computing one of its partitions. */
export interface SourcePartitionContext {
  readonly appId: string;
  readonly taskId: number;
  readonly rddId: number;
  readonly partition: number;
  /** True once the task was killed: long reads should stop early (the task fails as killed anyway). */
  isKilled(): boolean;
}

/** Produces the elements of one partition of a registered source. */
export type SourceKindCompute = (params: unknown, ctx: SourcePartitionContext) =>
  readonly unknown[] | Iterable<unknown> | AsyncIterable<unknown> | Promise<readonly unknown[] | Iterable<unknown> | AsyncIterable<unknown>>;

const kinds = new Map<string, SourceKindCompute>();

/** Registers (or replaces) the source kind `name` in this process. */
export function registerSourceKind(name: string, compute: SourceKindCompute): void {
  if (name.length === 0) throw new EngineError(ErrorCode.InvalidArgument, 'a source kind needs a name');
  kinds.set(name, compute);
}

export function unregisterSourceKind(name: string): boolean {
  return kinds.delete(name);
}

/** The registered compute of `name`; UNSUPPORTED naming it and the known kinds otherwise. */
export function sourceKind(name: string): SourceKindCompute {
  const compute = kinds.get(name);
  if (!compute) {
    const known = [...kinds.keys()].sort().join(', ') || 'none';
    throw new EngineError(ErrorCode.Unsupported, `source kind ${JSON.stringify(name)} is not registered on this executor (registered: ${known})`, {
      fields: { sourceKind: name },
    });
  }
  return compute;
}
