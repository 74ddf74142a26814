// Blocks as files under spark.local.dir: one directory per store (removed on stop), files spread over
// hashed sub-directories (as Spark's DiskBlockManager). Writes go to a temp file renamed into place,
// so a reader never sees a partial block; each block's size and CRC-32 are kept and checked on read.
// Spill files are scratch data that dies with the process, so they are not fsynced.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { EngineError, ErrorCode } from '../../common/index.js';

const SUB_DIRS = 16;

interface DiskEntry {
  readonly file: string;
  readonly size: number;
  readonly crc: number;
}

export interface DiskStoreOptions {
  /** Parent directories (spark.local.dir, possibly several disks); each gets its own store dir. */
  readonly localDirs: readonly string[];
  /** Goes into the directory name, e.g. the executor id. */
  readonly name: string;
}

export class DiskStore {
  private readonly roots: readonly string[];
  private readonly entries = new Map<string, DiskEntry>();
  private readonly madeDirs = new Set<string>();
  private stopped = false;

  /** Creates the store's directories (one per local dir). */
  static async create(options: DiskStoreOptions): Promise<DiskStore> {
    if (options.localDirs.length === 0) throw new EngineError(ErrorCode.Config, 'spark.local.dir names no directory');
    const safe = options.name.replace(/[^A-Za-z0-9_-]/g, '_');
    const roots = await Promise.all(options.localDirs.map(async (dir) => {
      try {
        await mkdir(dir, { recursive: true });
        return await mkdtemp(join(dir, `flint-blocks-${safe}-`));
      } catch (err) {
        throw diskError(`cannot create a block directory under ${dir}`, dir, err);
      }
    }));
    return new DiskStore(roots);
  }

  private constructor(roots: readonly string[]) {
    this.roots = roots;
  }

  /** The store's directories (removed by stop()). */
  get directories(): readonly string[] { return this.roots; }

  get diskUsed(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.size;
    return total;
  }

  contains(blockId: string): boolean { return this.entries.has(blockId); }
  sizeOf(blockId: string): number | undefined { return this.entries.get(blockId)?.size; }
  blockIds(): string[] { return [...this.entries.keys()]; }

  /** Writes the block atomically (temp file + rename), replacing any previous copy. */
  async put(blockId: string, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    const file = await this.fileFor(blockId);
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw diskError(`cannot write block ${blockId}`, file, err);
    }
    this.entries.set(blockId, { file, size: bytes.byteLength, crc: crc32(bytes) });
  }

  /** The block's bytes, verified against the size and checksum written; undefined if absent. */
  async get(blockId: string): Promise<Uint8Array | undefined> {
    const entry = this.entries.get(blockId);
    if (!entry) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(entry.file);
    } catch (err) {
      throw diskError(`cannot read block ${blockId}`, entry.file, err);
    }
    if (bytes.byteLength !== entry.size || crc32(bytes) !== entry.crc) {
      throw new EngineError(ErrorCode.BlockCorrupt,
        `block ${blockId} on disk is corrupt (${bytes.byteLength} bytes read, ${entry.size} written, checksum ${crc32(bytes) === entry.crc ? 'matches' : 'differs'})`,
        { retryable: true, fields: { blockId, file: entry.file, expectedSize: entry.size, actualSize: bytes.byteLength } });
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Deletes the block's file; returns whether the block was stored. */
  async remove(blockId: string): Promise<boolean> {
    const entry = this.entries.get(blockId);
    if (!entry) return false;
    this.entries.delete(blockId);
    await unlink(entry.file).catch(() => undefined);
    return true;
  }

  /** Removes every block and the store's directories. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.entries.clear();
    await Promise.all(this.roots.map((root) => rm(root, { recursive: true, force: true })));
  }

  private async fileFor(blockId: string): Promise<string> {
    const hash = crc32(blockId);
    const root = this.roots[hash % this.roots.length];
    const sub = join(root, ((hash >>> 8) % SUB_DIRS).toString(16).padStart(2, '0'));
    if (!this.madeDirs.has(sub)) {
      await mkdir(sub, { recursive: true });
      this.madeDirs.add(sub);
    }
    return join(sub, blockId);
  }

  private assertOpen(): void {
    if (this.stopped) throw new EngineError(ErrorCode.DiskStoreFailed, 'the disk store is stopped');
  }
}

function diskError(message: string, path: string, cause: unknown): EngineError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new EngineError(ErrorCode.DiskStoreFailed, `${message}${detail}`, { fields: { path }, cause });
}
