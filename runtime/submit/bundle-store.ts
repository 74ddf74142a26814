// Program bundles in the cluster's JetStream object store (`flint_<cluster>_bundles`), named by the
// sha256 of their bytes: a put of a bundle already stored uploads nothing, and a fetched bundle is
// checked against its name, so a node runs exactly the bytes that were submitted.
import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { EngineError, ErrorCode } from '../../common/index.js';
import { clusterBucket } from '../master/index.js';

/** Port for bundle storage (JetStream in production, a map in tests). */
export interface BundleStore {
  /** Stores `bytes` under their hash unless already present. */
  put(bytes: Uint8Array): Promise<{ readonly hash: string; readonly uploaded: boolean }>;
  /** The bundle's bytes; throws BLOCK_NOT_FOUND when no bundle has this hash. */
  get(hash: string): Promise<Uint8Array>;
}

/** Object store bucket of a cluster's program bundles. */
export function bundlesBucket(cluster: string): string {
  return clusterBucket(cluster, 'bundles');
}

/** Hex sha256 of a bundle: its name in the store. */
export function bundleHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class JetStreamBundleStore implements BundleStore {
  private constructor(private readonly store: ObjectStore, readonly bucket: string) {}

  /** Opens (creating if needed) the cluster's bundle bucket. */
  static async open(nc: NatsConnection, cluster: string, options: { replicas?: number } = {}): Promise<JetStreamBundleStore> {
    const bucket = bundlesBucket(cluster);
    try {
      // Objm.create opens the bucket when it already exists.
      const store = await new Objm(nc).create(bucket, { replicas: options.replicas ?? 1, description: 'flint submit: program bundles by sha256' });
      return new JetStreamBundleStore(store, bucket);
    } catch (err) {
      throw new EngineError(ErrorCode.ConnectionFailed, `cannot open the JetStream object store ${bucket} (is JetStream enabled on the server?): ${(err as Error).message}`, {
        retryable: true, cause: err, fields: { bucket },
      });
    }
  }

  async put(bytes: Uint8Array): Promise<{ hash: string; uploaded: boolean }> {
    const hash = bundleHash(bytes);
    const info = await this.store.info(hash);
    if (info && !info.deleted) return { hash, uploaded: false };
    await this.store.putBlob({ name: hash, description: 'flint program bundle' }, bytes);
    return { hash, uploaded: true };
  }

  async get(hash: string): Promise<Uint8Array> {
    const bytes = await this.store.getBlob(hash);
    if (bytes === null) {
      throw new EngineError(ErrorCode.BlockNotFound, `no bundle ${hash} in ${this.bucket}`, { fields: { bundle: hash, bucket: this.bucket } });
    }
    if (bundleHash(bytes) !== hash) {
      throw new EngineError(ErrorCode.BlockCorrupt, `bundle ${hash} in ${this.bucket} does not match its hash`, { fields: { bundle: hash, bucket: this.bucket } });
    }
    return bytes;
  }
}
