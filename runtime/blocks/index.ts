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
