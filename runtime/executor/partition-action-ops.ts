// The per-partition halves of actions (reduce, fold, aggregate, count, take, sortByKey's key sample,
// foreach, saveAsTextFile): each turns a partition into the small partial result the driver finishes.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { PipelineOp } from '../rdd/lineage.js';
import type { OpSite } from './pipeline-ops.js';
import { CHECK_MASK, type TaskContext } from './task-context.js';
import type { UserFunction } from './user-functions.js';
import { cloneZero, isThenable } from './user-values.js';

const ACTION_KINDS = new Set<PipelineOp['kind']>([
  'reducePartition', 'foldPartition', 'aggregatePartition', 'countPartition', 'takePartition', 'sampleKeys', 'foreach', 'saveAsTextFile',
]);

export type PartitionActionOp = Extract<PipelineOp, {
  readonly kind: 'reducePartition' | 'foldPartition' | 'aggregatePartition' | 'countPartition' | 'takePartition' | 'sampleKeys' | 'foreach' | 'saveAsTextFile';
}>;

export function isPartitionAction(op: PipelineOp): op is PartitionActionOp {
  return ACTION_KINDS.has(op.kind);
}

export async function applyPartitionAction(ctx: TaskContext, op: PartitionActionOp, input: readonly unknown[], site: OpSite,
  fn: UserFunction | undefined): Promise<unknown[]> {
  const n = input.length;
  switch (op.kind) {
    case 'reducePartition':
      return n === 0 ? [] : [await fold(ctx, fn!, input[0], input, 1)];
    case 'foldPartition': case 'aggregatePartition':
      return [await fold(ctx, fn!, cloneZero(op.zero), input, 0)];
    case 'countPartition':
      return [n];
    case 'takePartition':
      return input.slice(0, Math.max(0, op.n));
    case 'sampleKeys':
      return sampleKeys(input, op.size);
    case 'foreach': {
      const call = fn!.call;
      for (let i = 0; i < n; i++) {
        const r = call(input[i]);
        if (isThenable(r)) await ctx.settle(r);
        if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
      }
      return [];
    }
    case 'saveAsTextFile':
      await saveAsTextFile(ctx, op.path, input, site.partition);
      return [];
    default:
      return assertNever(op, 'partition action');
  }
}

async function fold(ctx: TaskContext, fn: UserFunction, initial: unknown, input: readonly unknown[], from: number): Promise<unknown> {
  const call = fn.call;
  let acc = initial;
  for (let i = from; i < input.length; i++) {
    acc = call(acc, input[i]);
    if (isThenable(acc)) acc = await ctx.settle(acc);
    if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
  }
  return acc;
}

/** Up to `size` keys of `[k, v]` elements at evenly spaced positions (all keys when there are fewer). */
function sampleKeys(input: readonly unknown[], size: number): unknown[] {
  const n = input.length;
  const take = Math.max(0, Math.min(n, Math.floor(size)));
  const out: unknown[] = [];
  for (let i = 0; i < take; i++) out.push((input[Math.floor((i * n) / take)] as readonly unknown[])[0]);
  return out;
}

/** One element as a text line: strings as they are, other scalars via String, objects and arrays as JSON. */
export function textLine(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x !== 'object' || x === null) return String(x);
  if (x instanceof Date) return x.toISOString();
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Lines per write call: bounds the string built at once. */
const LINES_PER_WRITE = 8192;

async function saveAsTextFile(ctx: TaskContext, dir: string, input: readonly unknown[], partition: number): Promise<void> {
  const name = `part-${String(partition).padStart(5, '0')}`;
  // A temp name per attempt, renamed into place: a retried or speculative attempt overwrites whole files only.
  const tmp = join(dir, `.${name}.${ctx.taskId}-${ctx.task.attempt}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      for (let start = 0; start < input.length; start += LINES_PER_WRITE) {
        let text = '';
        const end = Math.min(input.length, start + LINES_PER_WRITE);
        for (let i = start; i < end; i++) text += `${textLine(input[i])}\n`;
        await fh.write(text);
        await ctx.checkpoint();
      }
    } finally {
      await fh.close();
    }
    await rename(tmp, join(dir, name));
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (err instanceof EngineError) throw err;
    throw new EngineError(ErrorCode.InvalidArgument, `saveAsTextFile cannot write ${join(dir, name)}: ${(err as Error).message}`, {
      fields: { path: join(dir, name) }, cause: err,
    });
  }
  ctx.metrics.recordsWritten += input.length;
}
