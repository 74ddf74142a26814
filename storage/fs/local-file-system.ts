// The local FileSystem over node:fs: plain paths and `file://` URIs; writes go to a temp file then
// rename, so readers never see a half-written file.
import { promises as fsp, createReadStream, openAsBlob } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { FileNotFoundError, StorageIoError } from '../errors.js';
import type { FileStatus, FileSystem } from './file-system.js';

/** A plain path for a `file://` URI or a path. */
export function localPath(pathOrUri: string): string {
  return pathOrUri.startsWith('file:') ? fileURLToPath(pathOrUri) : pathOrUri;
}

function mapError(err: unknown, path: string, operation: string): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileNotFoundError(path, err);
  return new StorageIoError(path, operation, (err as Error)?.message ?? String(err), err);
}

async function guard<T>(path: string, operation: string, fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (err) { throw mapError(err, path, operation); }
}

/** Local disk. */
export class LocalFileSystem implements FileSystem {
  async stat(path: string): Promise<FileStatus> {
    const p = localPath(path);
    const s = await guard(path, 'stat', () => fsp.stat(p));
    return { path: p, size: s.size, isDirectory: s.isDirectory(), modifiedMs: s.mtimeMs };
  }

  async exists(path: string): Promise<boolean> {
    try { await fsp.access(localPath(path)); return true; } catch { return false; }
  }

  async list(dir: string): Promise<FileStatus[]> {
    const p = localPath(dir);
    const names = await guard(dir, 'list', () => fsp.readdir(p));
    const out = await Promise.all(names.sort().map((n) => this.stat(join(p, n))));
    return out;
  }

  readFile(path: string): Promise<Uint8Array> {
    return guard(path, 'read', () => fsp.readFile(localPath(path)));
  }

  readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    return guard(path, 'read', async () => {
      const fh = await fsp.open(localPath(path), 'r');
      try {
        const buf = Buffer.allocUnsafe(Math.max(0, end - start));
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        return buf.subarray(0, bytesRead);
      } finally { await fh.close(); }
    });
  }

  async *readStream(path: string): AsyncIterable<Uint8Array> {
    const stream = createReadStream(localPath(path), { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (err) { throw mapError(err, path, 'read'); }
  }

  openBlob(path: string): Promise<Blob> {
    return guard(path, 'open', () => openAsBlob(localPath(path)) as Promise<Blob>);
  }

  async writeFile(path: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    const p = localPath(path);
    const tmp = join(dirname(p), `.${randomUUID()}.tmp`);
    await guard(path, 'write', async () => {
      await fsp.mkdir(dirname(p), { recursive: true });
      try {
        await fsp.writeFile(tmp, data);
        await fsp.rename(tmp, p);
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
    });
  }

  delete(path: string, recursive = false): Promise<void> {
    return guard(path, 'delete', () => fsp.rm(localPath(path), { force: true, recursive }));
  }

  join(dir: string, name: string): string {
    return join(localPath(dir), name);
  }
}
