// The one place that names the Master's Redis keys and JetStream buckets for a cluster. Redis keys
// share the hash tag `{<cluster>}` so multi-key Lua scripts stay in one slot on a Redis Cluster too.
import { clusterBucket } from './durable-records.js';

export interface MasterRedisKeys {
  /** The leader lease: value is the holder's candidate id, with a TTL. */
  readonly leader: string;
  /** The fencing epoch of the current term (a cache of the durable high-water mark). */
  readonly epoch: string;
  /** Set of node ids in the stored registry. */
  readonly nodes: string;
  /** Set of executor ids in the stored registry. */
  readonly executors: string;
  /** Prefix of the per-node hashes (`<nodePrefix><id>`). */
  readonly nodePrefix: string;
  /** Prefix of the per-executor hashes. */
  readonly executorPrefix: string;
}

/** Redis keys of `cluster` (validated as a subject token). */
export function masterRedisKeys(cluster: string): MasterRedisKeys {
  clusterBucket(cluster, 'master'); // validates the name
  const p = `flint:{${cluster}}:`;
  return {
    leader: `${p}leader`, epoch: `${p}epoch`, nodes: `${p}nodes`, executors: `${p}executors`,
    nodePrefix: `${p}node:`, executorPrefix: `${p}executor:`,
  };
}

/** JetStream KV bucket holding the Master's durable state (the epoch high-water mark). */
export function masterBucket(cluster: string): string {
  return clusterBucket(cluster, 'master');
}
