// In-memory application and bundle stores for DriverLauncher tests (the JetStream ones are tested end to end).
import { EngineError, ErrorCode } from '../../common/index.js';
import type { ApplicationRecord } from './application-record.js';
import type { ApplicationStore } from './application-store.js';
import { bundleHash, type BundleStore } from './bundle-store.js';

export class InMemoryApplicationStore implements ApplicationStore {
  readonly records = new Map<string, ApplicationRecord>();
  /** Every state written, in order, per application. */
  readonly history = new Map<string, string[]>();

  async get(appId: string): Promise<ApplicationRecord | undefined> {
    return this.records.get(appId);
  }

  async create(record: ApplicationRecord): Promise<boolean> {
    if (this.records.has(record.appId)) return false;
    this.write(record);
    return true;
  }

  async update(appId: string, change: (current: ApplicationRecord) => ApplicationRecord): Promise<ApplicationRecord | undefined> {
    const current = this.records.get(appId);
    if (!current) return undefined;
    const next = change(current);
    this.write(next);
    return next;
  }

  async list(): Promise<ApplicationRecord[]> {
    return [...this.records.values()];
  }

  private write(record: ApplicationRecord): void {
    this.records.set(record.appId, record);
    const h = this.history.get(record.appId) ?? [];
    if (h.at(-1) !== record.state) h.push(record.state);
    this.history.set(record.appId, h);
  }
}

export class InMemoryBundleStore implements BundleStore {
  readonly bundles = new Map<string, Uint8Array>();

  async put(bytes: Uint8Array): Promise<{ hash: string; uploaded: boolean }> {
    const hash = bundleHash(bytes);
    const uploaded = !this.bundles.has(hash);
    this.bundles.set(hash, bytes);
    return { hash, uploaded };
  }

  async get(hash: string): Promise<Uint8Array> {
    const bytes = this.bundles.get(hash);
    if (!bytes) throw new EngineError(ErrorCode.BlockNotFound, `no bundle ${hash}`);
    return bytes;
  }
}
