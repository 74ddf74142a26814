// Block ids as Spark names them: typed data (a union tagged by `kind`) with a canonical string form
// (`rdd_3_7`, `shuffle_1_4_2`, `broadcast_0`, `taskresult_12`) used as map keys, file names and on the wire.
import { EngineError, ErrorCode } from '../../common/index.js';

export type BlockId =
  | { readonly kind: 'rdd'; readonly rddId: number; readonly partition: number }
  | { readonly kind: 'shuffle'; readonly shuffleId: number; readonly mapId: number; readonly reduceId: number }
  | { readonly kind: 'broadcast'; readonly broadcastId: number }
  | { readonly kind: 'taskresult'; readonly taskId: number };

export const rddBlockId = (rddId: number, partition: number): BlockId => ({ kind: 'rdd', rddId, partition });
export const shuffleBlockId = (shuffleId: number, mapId: number, reduceId: number): BlockId =>
  ({ kind: 'shuffle', shuffleId, mapId, reduceId });
export const broadcastBlockId = (broadcastId: number): BlockId => ({ kind: 'broadcast', broadcastId });
export const taskResultBlockId = (taskId: number): BlockId => ({ kind: 'taskresult', taskId });

/** The canonical string form (Spark's `BlockId.name`). */
export function blockName(id: BlockId): string {
  switch (id.kind) {
    case 'rdd': return `rdd_${id.rddId}_${id.partition}`;
    case 'shuffle': return `shuffle_${id.shuffleId}_${id.mapId}_${id.reduceId}`;
    case 'broadcast': return `broadcast_${id.broadcastId}`;
    case 'taskresult': return `taskresult_${id.taskId}`;
  }
}

const PATTERN = /^(?:rdd_(\d+)_(\d+)|shuffle_(\d+)_(\d+)_(\d+)|broadcast_(\d+)|taskresult_(\d+))$/;

/** Parses a canonical block name; throws INVALID_ARGUMENT naming the text otherwise. */
export function parseBlockId(name: string): BlockId {
  const m = PATTERN.exec(name);
  if (!m) {
    throw new EngineError(ErrorCode.InvalidArgument,
      `${JSON.stringify(name)} is not a block id (rdd_<rdd>_<part>, shuffle_<shuffle>_<map>_<reduce>, broadcast_<id>, taskresult_<task>)`,
      { fields: { blockId: name } });
  }
  if (m[1] !== undefined) return rddBlockId(Number(m[1]), Number(m[2]));
  if (m[3] !== undefined) return shuffleBlockId(Number(m[3]), Number(m[4]), Number(m[5]));
  if (m[6] !== undefined) return broadcastBlockId(Number(m[6]));
  return taskResultBlockId(Number(m[7]));
}

/** True when `name` is a block id string of the given kind (cheap prefix test, no parse). */
export function isBlockOfKind(name: string, kind: BlockId['kind']): boolean {
  return name.startsWith(`${kind}_`);
}

/** The RDD id of an `rdd_…` block name, or undefined for other kinds. */
export function rddIdOf(name: string): number | undefined {
  if (!name.startsWith('rdd_')) return undefined;
  const end = name.indexOf('_', 4);
  return end < 0 ? undefined : Number(name.slice(4, end));
}
