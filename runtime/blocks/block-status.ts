// Where a block manager lives and what it holds: plain data reported to the driver's BlockManagerMaster.
import type { StorageLevel } from './storage-level.js';

/** One block manager (Spark's BlockManagerId) and how peers reach its blocks. */
export interface BlockManagerId {
  readonly executorId: string;
  /** Machine the executor runs on (removeHost unregisters everything there). */
  readonly host: string;
  /** Flint node id: the NATS address of the node's block transfer service. */
  readonly node: string;
  /** Port of the direct block transfer socket on `host` (0 when only NATS serves blocks). */
  readonly port: number;
}

/** Where a block is stored on one block manager; NONE with zero sizes means removed. */
export interface BlockStatus {
  readonly level: StorageLevel;
  readonly memSize: number;
  readonly diskSize: number;
}

/** A change of one block on one block manager (Spark's UpdateBlockInfo). */
export interface BlockUpdate {
  readonly blockManagerId: BlockManagerId;
  readonly blockId: string;
  readonly status: BlockStatus;
}

export const sameBlockManager = (a: BlockManagerId, b: BlockManagerId): boolean =>
  a.executorId === b.executorId && a.host === b.host && a.node === b.node && a.port === b.port;
