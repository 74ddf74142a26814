// The fencing epoch's durable high-water mark. Redis is only a cache that can lose its data, so
// every granted epoch is also written here, conditionally on the revision read, and a new grant is
// never below stored + 1: epochs stay monotonic across Redis flushes and restarts.
import type { NatsConnection } from '@nats-io/nats-core';
import { systemClock, type Clock } from '../../common/index.js';
import { DurableRecords } from './durable-records.js';
import { masterBucket } from './master-keys.js';

/** What the store holds: the highest granted epoch, and the revision to write against. */
export interface StoredEpoch {
  /** 0 when no epoch was ever granted. */
  readonly epoch: number;
  /** 0 when absent. */
  readonly revision: number;
}

/** Port for the durable epoch (JetStream in production; any linearizable store works). */
export interface EpochStore {
  read(): Promise<StoredEpoch>;
  /** Stores `epoch` if the stored revision is still `revision`; false on a conflicting writer. */
  write(epoch: number, revision: number): Promise<boolean>;
}

const EPOCH_KEY = 'epoch';

interface EpochRecord { readonly epoch: number; readonly holder: string; readonly grantedAt: number }

/** The epoch in the JetStream KV bucket `flint_<cluster>_master`, key `epoch`. */
export class JetStreamEpochStore implements EpochStore {
  private constructor(
    private readonly records: DurableRecords<EpochRecord>,
    private readonly holder: string,
    private readonly clock: Clock,
  ) {}

  /** Opens (creating if needed) the cluster's master bucket. `holder` is recorded with each write. */
  static async open(nc: NatsConnection, cluster: string, holder: string, options: { replicas?: number; timeoutMs?: number; clock?: Clock } = {}): Promise<JetStreamEpochStore> {
    const { clock = systemClock, ...bucketOptions } = options;
    const records = await DurableRecords.open<EpochRecord>(nc, { bucket: masterBucket(cluster), ...bucketOptions });
    return new JetStreamEpochStore(records, holder, clock);
  }

  async read(): Promise<StoredEpoch> {
    const r = await this.records.get(EPOCH_KEY);
    return r ? { epoch: r.value.epoch, revision: r.revision } : { epoch: 0, revision: 0 };
  }

  async write(epoch: number, revision: number): Promise<boolean> {
    const record: EpochRecord = { epoch, holder: this.holder, grantedAt: this.clock.now() };
    const written = revision === 0
      ? await this.records.create(EPOCH_KEY, record)
      : await this.records.update(EPOCH_KEY, record, revision);
    return written !== undefined;
  }
}
