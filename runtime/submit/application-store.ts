// Where submitted applications are recorded: the cluster's JetStream KV bucket `flint_<cluster>_apps`,
// one key per application id. Writers (the submitter, the node running the driver) change a record by
// compare-and-set on its revision, so concurrent updates never overwrite each other.
import { jetstream, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { EngineError, ErrorCode } from '../../common/index.js';
import { clusterBucket, DurableRecords } from '../master/index.js';
import type { ApplicationRecord } from './application-record.js';

/** Port for the application records (JetStream in production, a map in tests). */
export interface ApplicationStore {
  get(appId: string): Promise<ApplicationRecord | undefined>;
  /** Stores a new record; false when the id is taken. */
  create(record: ApplicationRecord): Promise<boolean>;
  /** Applies `change` to the current record (compare-and-set, retried on conflict); undefined when absent. */
  update(appId: string, change: (current: ApplicationRecord) => ApplicationRecord): Promise<ApplicationRecord | undefined>;
  /** Every record, oldest submission first. */
  list(): Promise<ApplicationRecord[]>;
}

/** KV bucket of a cluster's applications. */
export function appsBucket(cluster: string): string {
  return clusterBucket(cluster, 'apps');
}

/** Compare-and-set attempts before an update gives up (only many concurrent writers exhaust them). */
const MAX_CAS_ATTEMPTS = 10;

export class JetStreamApplicationStore implements ApplicationStore {
  private constructor(private readonly records: DurableRecords<ApplicationRecord>) {}

  /** Opens (creating if needed) the cluster's apps bucket. */
  static async open(nc: NatsConnection, cluster: string, options: { replicas?: number; timeoutMs?: number } = {}): Promise<JetStreamApplicationStore> {
    return new JetStreamApplicationStore(await DurableRecords.open<ApplicationRecord>(nc, { bucket: appsBucket(cluster), ...options }));
  }

  async get(appId: string): Promise<ApplicationRecord | undefined> {
    return (await this.records.get(appId))?.value;
  }

  async create(record: ApplicationRecord): Promise<boolean> {
    return (await this.records.create(record.appId, record)) !== undefined;
  }

  async update(appId: string, change: (current: ApplicationRecord) => ApplicationRecord): Promise<ApplicationRecord | undefined> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const current = await this.records.get(appId);
      if (!current) return undefined;
      const next = change(current.value);
      if ((await this.records.update(appId, next, current.revision)) !== undefined) return next;
    }
    throw new EngineError(ErrorCode.Internal, `application ${appId}: ${MAX_CAS_ATTEMPTS} conflicting updates in a row`, {
      retryable: true, fields: { appId },
    });
  }

  async list(): Promise<ApplicationRecord[]> {
    const out: ApplicationRecord[] = [];
    for (const key of await this.records.keys()) {
      const record = await this.records.get(key);
      if (record) out.push(record.value);
    }
    return out.sort((a, b) => a.submittedAt - b.submittedAt || a.appId.localeCompare(b.appId));
  }
}

/**
 * The cluster's application records, read-only and without creating the bucket (for `flint status`):
 * empty when nothing was ever submitted.
 */
export async function listApplications(nc: NatsConnection, cluster: string, options: { timeoutMs?: number } = {}): Promise<ApplicationRecord[]> {
  const js = options.timeoutMs === undefined ? jetstream(nc) : jetstream(nc, { timeout: options.timeoutMs });
  const kv = await new Kvm(js).open(appsBucket(cluster));
  try {
    await kv.status();
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return [];
    throw err;
  }
  const keys: string[] = [];
  for await (const k of await kv.keys()) keys.push(k);
  const out: ApplicationRecord[] = [];
  for (const key of keys) {
    const entry = await kv.get(key);
    if (entry && entry.operation === 'PUT') out.push(entry.json<ApplicationRecord>());
  }
  return out.sort((a, b) => a.submittedAt - b.submittedAt || a.appId.localeCompare(b.appId));
}
