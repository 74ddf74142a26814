// Durable records on a JetStream KV bucket (a stream keeping per-key history): put-if-absent,
// compare-and-set by revision, get, delete, list. Values are JSON. Conflicts are results, not errors.
// Production nats-server config must set `jetstream { sync_interval: always }` (needs nats-server
// ≥ 2.10; 2.9.10 rejects the key) so an acknowledged write survives a power loss; tests run without it.
import { jetstream, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { EngineError, ErrorCode, isSubjectToken } from '../../common/index.js';

/** One stored record with the revision to pass to `update`. */
export interface DurableRecord<T> {
  readonly key: string;
  readonly value: T;
  readonly revision: number;
}

export interface DurableRecordsOptions {
  /** Bucket name: letters, digits, `_` and `-`. */
  readonly bucket: string;
  /** Stream replicas: 1 in tests, 3 on a production JetStream cluster. */
  readonly replicas?: number;
  /** Revisions kept per key (default 5). */
  readonly history?: number;
  /** Time limit for each JetStream request (default the connection's). */
  readonly timeoutMs?: number;
}

/** Bucket of a cluster's application records (`flint_<cluster>_records`). */
export function recordsBucket(cluster: string): string {
  return clusterBucket(cluster, 'records');
}

/** Bucket `flint_<cluster>_<purpose>`, validating the cluster name. */
export function clusterBucket(cluster: string, purpose: string): string {
  if (!isSubjectToken(cluster)) {
    throw new EngineError(ErrorCode.InvalidArgument, `cluster name "${cluster}" must use only letters, digits, "_" and "-"`, { fields: { cluster } });
  }
  return `flint_${cluster}_${purpose}`;
}

function isWrongLastSequence(err: unknown): boolean {
  return err instanceof JetStreamApiError
    && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Records of type `T` (plain JSON data) in one KV bucket. */
export class DurableRecords<T = unknown> {
  private constructor(private readonly kv: KV, readonly bucket: string, private readonly timeoutMs: number | undefined) {}

  /** Opens the bucket, creating it if missing (idempotent, safe against a concurrent creator). */
  static async open<T = unknown>(nc: NatsConnection, options: DurableRecordsOptions): Promise<DurableRecords<T>> {
    const js = options.timeoutMs === undefined ? jetstream(nc) : jetstream(nc, { timeout: options.timeoutMs });
    const kvm = new Kvm(js);
    const config = { history: options.history ?? 5, replicas: options.replicas ?? 1 };
    let kv: KV;
    try {
      kv = await kvm.create(options.bucket, config);
    } catch (err) {
      // Two processes creating the bucket at once: the loser's add fails; the bucket exists now.
      try {
        kv = await kvm.open(options.bucket);
        await kv.status();
      } catch {
        throw new EngineError(ErrorCode.ConnectionFailed, `cannot open JetStream bucket ${options.bucket}: ${(err as Error).message}`, {
          retryable: true, cause: err, fields: { bucket: options.bucket },
        });
      }
    }
    return new DurableRecords<T>(kv, options.bucket, options.timeoutMs);
  }

  /** The current record, or undefined when absent or deleted. */
  async get(key: string): Promise<DurableRecord<T> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { key, value: JSON.parse(decoder.decode(entry.value)) as T, revision: entry.revision };
  }

  /** Stores `value` only if `key` is absent (or deleted); returns its revision, or undefined if it exists. */
  async create(key: string, value: T): Promise<number | undefined> {
    try {
      return await this.kv.create(key, encode(value));
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw err;
    }
  }

  /** Replaces `key` only if its revision is still `revision`; returns the new revision or undefined on conflict. */
  async update(key: string, value: T, revision: number): Promise<number | undefined> {
    try {
      return await this.kv.update(key, encode(value), revision, this.timeoutMs);
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw err;
    }
  }

  /** Stores `value` unconditionally; returns its revision. */
  async put(key: string, value: T): Promise<number> {
    return this.kv.put(key, encode(value));
  }

  /** Deletes `key` (a delete marker; history is kept). */
  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  /** Keys of live records, optionally filtered by a KV subject filter (`app.>`), sorted. */
  async keys(filter?: string): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.kv.keys(filter)) out.push(k);
    return out.sort();
  }
}

function encode<T>(value: T): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}
