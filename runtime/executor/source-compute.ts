// A source RDD's partition: a parallelized slice (inline, or a block this executor holds), a text file
// split (Hadoop line semantics), or a source kind a library registered.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { SourceSpec } from '../rdd/lineage.js';
import { sourceKind } from './source-registry.js';
import type { TaskContext } from './task-context.js';
import { appBlockName, decodeTaskValue } from './task-protocol.js';
import { readTextSplit } from './text-file-split-reader.js';
import { isThenable, valuesOf } from './user-values.js';

export async function computeSource(ctx: TaskContext, source: SourceSpec, rddId: number, partition: number): Promise<unknown[]> {
  const values = await sourceValues(ctx, source, rddId, partition);
  ctx.metrics.recordsRead += values.length;
  return values;
}

async function sourceValues(ctx: TaskContext, source: SourceSpec, rddId: number, partition: number): Promise<unknown[]> {
  switch (source.kind) {
    case 'parallelize': {
      // A pruned task copy lists only the slices it reads; any other partition of it is empty.
      const at = source.sliceIndex === undefined ? partition : source.sliceIndex.indexOf(partition);
      if (source.sliceIndex !== undefined && at < 0) return [];
      const slice = source.slices[at];
      if (slice === undefined) throw missingPartition(rddId, partition, `has ${source.slices.length} slices`);
      if (slice.kind === 'inline') return slice.values as unknown[];
      if (slice.onDriver === true) return decodeTaskValue(await driverSlice(ctx, slice.blockId, rddId, partition)) as unknown[];
      const bytes = await ctx.services.blocks.get(ctx.appId, slice.blockId);
      if (!bytes) {
        throw new EngineError(ErrorCode.BlockNotFound,
          `RDD ${rddId} partition ${partition}: parallelized slice block ${slice.blockId} is not on executor ${ctx.services.executorId}`,
          { fields: { rddId, partition, blockId: slice.blockId } });
      }
      return decodeTaskValue(bytes) as unknown[];
    }
    case 'textFile': {
      const split = source.splits[partition];
      if (split === undefined) throw missingPartition(rddId, partition, `has ${source.splits.length} splits`);
      return readTextSplit(split);
    }
    case 'registered': {
      const compute = sourceKind(source.name);
      const control = ctx.control;
      const result = compute(source.params, { appId: ctx.appId, taskId: ctx.taskId, rddId, partition, isKilled: () => control.killed });
      return valuesOf(isThenable(result) ? await result : result, `source kind ${source.name}`);
    }
    default:
      return assertNever(source, 'source');
  }
}

function missingPartition(rddId: number, partition: number, has: string): EngineError {
  return new EngineError(ErrorCode.BadMessage, `RDD ${rddId} ${has}; the task asks for partition ${partition}`, { fields: { rddId, partition } });
}

/** A parallelized slice the driver keeps in its block server (too large to travel in the task). */
async function driverSlice(ctx: TaskContext, blockId: string, rddId: number, partition: number): Promise<Uint8Array> {
  const from = ctx.task.driverBlocks;
  if (from === undefined) {
    throw new EngineError(ErrorCode.BlockNotFound, `RDD ${rddId} partition ${partition}: slice ${blockId} is on the driver, but the task names no driver block server`,
      { fields: { rddId, partition, blockId } });
  }
  return ctx.services.peers.fetch(from, appBlockName(ctx.appId, blockId));
}
