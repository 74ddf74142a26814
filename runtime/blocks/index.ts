// runtime/blocks: block ids and storage levels, the executor-side BlockManager (memory LRU over disk),
// the driver-side BlockManagerMaster and MapOutputTracker, and block transfer between nodes.
export * from './block-id.js';
export * from './storage-level.js';
export * from './block-status.js';
export * from './block-config.js';
export { UnifiedMemoryManager, memoryLimits, type MemoryLimits, type StorageEvictor } from './unified-memory-manager.js';
export { MemoryStore, type MemoryEntry, type EvictionListener } from './memory-store.js';
export { DiskStore, type DiskStoreOptions } from './disk-store.js';
export { BlockManager, type BlockManagerOptions, type RemoteBlocks } from './block-manager.js';
export { BlockManagerMaster, type BlockManagerInfo, type StorageSummary } from './block-manager-master.js';
export {
  MapOutputTracker, type MapStatus, type ShuffleBlockRef, type BlocksByLocation, type MapOutputStatistics,
} from './map-output-tracker.js';
export {
  DEFAULT_RETRY, withRetries, isRetryable, fetchFailed, blockNotFound,
  type BlockSource, type BlockTransferService, type RetryPolicy,
} from './block-transfer.js';
export { SocketBlockTransfer, type SocketBlockTransferOptions } from './socket-block-transfer.js';
export { SocketBlockServer, type SocketBlockServerOptions } from './socket-block-server.js';
export { SocketBlockClient, type SocketBlockClientOptions } from './socket-block-client.js';
export { NatsBlockTransfer, type NatsBlockTransferOptions } from './nats-block-transfer.js';
export { NatsBlockServer, type NatsBlockServerOptions } from './nats-block-server.js';
export { NatsBlockClient, type NatsBlockClientOptions } from './nats-block-client.js';
export { BLOCKS_PATH, blocksAddress } from './nats-block-protocol.js';
