// compute(rdd, partition) over a task's RDD nodes (its stage: the RDD and its narrow ancestors), each
// partition materialized as an array. Persisted RDDs are read from this executor's block manager when
// there (a cache hit), else computed and stored at their level (a miss; the block manager reports the
// new block to the driver).
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import { blockName, rddBlockId } from '../blocks/block-id.js';
import { storageLevelByName } from '../blocks/storage-level.js';
import { parentPartitions, type RddNode } from '../rdd/lineage.js';
import { KeyMap } from './key-map.js';
import { applyOp } from './pipeline-ops.js';
import { fetchShuffleBlocks, readShuffled } from './shuffle-reader.js';
import { computeSource } from './source-compute.js';
import { CHECK_MASK, type TaskContext } from './task-context.js';
import { decodeTaskValue, encodeTaskValue } from './task-protocol.js';

export class PartitionComputer {
  private readonly nodes = new Map<number, RddNode>();

  constructor(private readonly ctx: TaskContext, rdds: readonly RddNode[]) {
    for (const node of rdds) this.nodes.set(node.id, node);
  }

  /** The elements of partition `partition` of RDD `rddId`. */
  async compute(rddId: number, partition: number): Promise<unknown[]> {
    const node = this.nodes.get(rddId);
    if (!node) throw new EngineError(ErrorCode.BadMessage, `the task's RDD nodes lack RDD ${rddId}`, { fields: { rddId } });
    if (partition < 0 || partition >= node.numPartitions) {
      throw new EngineError(ErrorCode.BadMessage, `RDD ${rddId} has ${node.numPartitions} partitions, not partition ${partition}`, { fields: { rddId, partition } });
    }
    return node.storageLevel ? this.cached(node, partition, node.storageLevel) : this.computeUncached(node, partition);
  }

  private async cached(node: RddNode, partition: number, levelName: string): Promise<unknown[]> {
    const { ctx } = this;
    const name = blockName(rddBlockId(node.id, partition));
    let bytes: Uint8Array | undefined;
    try {
      bytes = await ctx.services.blocks.get(ctx.appId, name);
    } catch (err) {
      // A corrupt or unreadable copy is recomputed from lineage, like a missing one.
      ctx.log.warn({ err, block: name }, 'cached block unreadable; recomputing it');
    }
    if (bytes) {
      ctx.metrics.cacheHits++;
      return decodeTaskValue(bytes) as unknown[];
    }
    const values = await this.computeUncached(node, partition);
    ctx.metrics.cacheMisses++;
    const level = storageLevelByName(levelName);
    if (!level) throw new EngineError(ErrorCode.BadMessage, `RDD ${node.id} has unknown storage level ${levelName}`, { fields: { rddId: node.id, level: levelName } });
    try {
      await ctx.services.blocks.put(ctx.appId, name, encodeTaskValue(values), level);
    } catch (err) {
      // Caching is an optimisation: the task still has its values.
      ctx.log.warn({ err, block: name }, 'could not cache a partition');
    }
    return values;
  }

  private async computeUncached(node: RddNode, partition: number): Promise<unknown[]> {
    const { ctx } = this;
    const c = node.compute;
    switch (c.kind) {
      case 'source':
        return computeSource(ctx, c.source, node.id, partition);
      case 'pipeline': {
        let values = await this.compute(this.onlyDep(node).rddId, partition);
        for (const op of c.ops) values = await applyOp(ctx, op, values, { rddId: node.id, partition });
        return values;
      }
      case 'shuffleRead': {
        const dep = this.onlyDep(node);
        if (dep.kind !== 'shuffle') throw this.badDeps(node, 'a shuffle read needs a shuffle dependency');
        return readShuffled(ctx, dep, partition, node.numPartitions, node.id);
      }
      case 'cogroup':
        return this.cogroup(node, partition);
      case 'concat': {
        const out: unknown[] = [];
        for (const dep of node.deps) {
          if (dep.kind !== 'narrow') throw this.badDeps(node, 'a concat reads only narrow dependencies');
          for (const p of parentPartitions(dep.mapping, partition)) {
            const values = await this.compute(dep.rddId, p);
            for (let i = 0; i < values.length; i++) out.push(values[i]);
          }
        }
        return out;
      }
      default:
        return assertNever(c, 'compute spec');
    }
  }

  /** `[k, [vs of dep 0, vs of dep 1, …]]` for every key in any dependency. */
  private async cogroup(node: RddNode, partition: number): Promise<unknown[]> {
    const { ctx } = this;
    const width = node.deps.length;
    const groups = new KeyMap<unknown[][] | undefined>();
    const add = (d: number, k: unknown, v: unknown): void => {
      const i = groups.slot(k, undefined);
      let g = groups.values[i];
      if (!g) {
        g = Array.from({ length: width }, () => []);
        groups.values[i] = g;
      }
      g[d].push(v);
    };
    for (let d = 0; d < width; d++) {
      const dep = node.deps[d];
      if (dep.kind === 'shuffle') {
        for (const flat of await fetchShuffleBlocks(ctx, dep, partition, node.numPartitions)) {
          for (let i = 0; i + 1 < flat.length; i += 2) {
            add(d, flat[i], flat[i + 1]);
            if (((i >>> 1) & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
          }
        }
      } else {
        for (const p of parentPartitions(dep.mapping, partition)) {
          const pairs = await this.compute(dep.rddId, p);
          for (let i = 0; i < pairs.length; i++) {
            const pair = pairs[i] as readonly [unknown, unknown];
            add(d, pair[0], pair[1]);
            if ((i & CHECK_MASK) === CHECK_MASK) await ctx.checkpoint();
          }
        }
      }
    }
    const out: unknown[] = [];
    for (let i = 0; i < groups.size; i++) out.push([groups.keys[i], groups.values[i]]);
    return out;
  }

  private onlyDep(node: RddNode): RddNode['deps'][number] {
    if (node.deps.length !== 1) throw this.badDeps(node, `expected one dependency, found ${node.deps.length}`);
    return node.deps[0];
  }

  private badDeps(node: RddNode, why: string): EngineError {
    return new EngineError(ErrorCode.BadMessage, `RDD ${node.id} (${node.name}): ${why}`, { fields: { rddId: node.id } });
  }
}
