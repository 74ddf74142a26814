// The S3 FileSystem (`s3://bucket/key`, `s3a://bucket/key`) over @aws-sdk/client-s3, configured from
// Spark's `spark.hadoop.fs.s3a.*` keys. Directories are key prefixes ending in `/`. Secrets are never
// put in messages or logs.
import {
  DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { FileNotFoundError, StorageIoError } from '../errors.js';
import type { FileStatus, FileSystem } from './file-system.js';

/** Connection settings of an S3 store. */
export interface S3Settings {
  readonly endpoint?: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly pathStyle: boolean;
}

const PREFIX = 'spark.hadoop.fs.s3a.';

/** Reads S3 settings from Spark keys (`spark.hadoop.fs.s3a.endpoint`, `access.key`, `secret.key`, `path.style.access`, `region`). */
export function s3SettingsFromConf(conf: Readonly<Record<string, string>>): S3Settings {
  const get = (k: string): string | undefined => conf[PREFIX + k] ?? conf['fs.s3a.' + k];
  const endpoint = get('endpoint');
  return {
    endpoint: endpoint === undefined ? undefined : /^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`,
    region: get('region') ?? get('endpoint.region') ?? 'us-east-1',
    accessKeyId: get('access.key'),
    secretAccessKey: get('secret.key'),
    pathStyle: (get('path.style.access') ?? 'false').toLowerCase() === 'true',
  };
}

/** Bucket and key of an `s3://` or `s3a://` URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new StorageIoError(uri, 'parse', 'not an s3:// or s3a:// URI');
  return { bucket: m[1], key: m[2] };
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** S3 or an S3-compatible store. */
export class S3FileSystem implements FileSystem {
  private readonly client: S3Client;

  constructor(settings: S3Settings, client?: S3Client) {
    this.client = client ?? new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.pathStyle,
      credentials: settings.accessKeyId !== undefined && settings.secretAccessKey !== undefined
        ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    });
  }

  private async call<T>(path: string, operation: string, fn: () => Promise<T>): Promise<T> {
    try { return await fn(); } catch (err) {
      if (isNotFound(err)) throw new FileNotFoundError(path, err);
      throw new StorageIoError(path, operation, (err as Error)?.name ?? 'error', err);
    }
  }

  async stat(path: string): Promise<FileStatus> {
    const { bucket, key } = parseS3Uri(path);
    if (key !== '' && !key.endsWith('/')) {
      try {
        const head = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { path, size: head.ContentLength ?? 0, isDirectory: false, modifiedMs: head.LastModified?.getTime() ?? 0 };
      } catch (err) {
        if (!isNotFound(err)) throw new StorageIoError(path, 'stat', (err as Error)?.name ?? 'error', err);
      }
    }
    const prefix = key === '' || key.endsWith('/') ? key : key + '/';
    const page = await this.call(path, 'list', () =>
      this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 })));
    if ((page.KeyCount ?? 0) === 0 && key !== '') throw new FileNotFoundError(path);
    return { path: path.replace(/\/+$/, ''), size: 0, isDirectory: true, modifiedMs: 0 };
  }

  async exists(path: string): Promise<boolean> {
    try { await this.stat(path); return true; } catch (err) {
      if (err instanceof FileNotFoundError) return false;
      throw err;
    }
  }

  async list(dir: string): Promise<FileStatus[]> {
    const { bucket, key } = parseS3Uri(dir);
    const scheme = dir.slice(0, dir.indexOf('://'));
    const prefix = key === '' || key.endsWith('/') ? key : key + '/';
    const out: FileStatus[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.call(dir, 'list', () => this.client.send(new ListObjectsV2Command({
        Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token,
      })));
      for (const p of page.CommonPrefixes ?? []) {
        out.push({ path: `${scheme}://${bucket}/${p.Prefix!.replace(/\/$/, '')}`, size: 0, isDirectory: true, modifiedMs: 0 });
      }
      for (const o of page.Contents ?? []) {
        if (o.Key === prefix) continue;
        out.push({ path: `${scheme}://${bucket}/${o.Key}`, size: o.Size ?? 0, isDirectory: false, modifiedMs: o.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    if (out.length === 0 && !(await this.exists(dir))) throw new FileNotFoundError(dir);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const { bucket, key } = parseS3Uri(path);
    return this.call(path, 'read', async () => {
      const res = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return res.Body!.transformToByteArray();
    });
  }

  async readRange(path: string, start: number, end: number): Promise<Uint8Array> {
    if (end <= start) return new Uint8Array(0);
    const { bucket, key } = parseS3Uri(path);
    return this.call(path, 'read', async () => {
      const res = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end - 1}` }));
      return res.Body!.transformToByteArray();
    });
  }

  async *readStream(path: string): AsyncIterable<Uint8Array> {
    const { bucket, key } = parseS3Uri(path);
    const res = await this.call(path, 'read', () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    try {
      for await (const chunk of res.Body as AsyncIterable<Uint8Array>) yield chunk;
    } catch (err) { throw new StorageIoError(path, 'read', (err as Error)?.message ?? 'stream error', err); }
  }

  /** The object's bytes as an in-memory Blob (S3 has no lazy Blob; readers that can use ranges should). */
  async openBlob(path: string): Promise<Blob> {
    return new Blob([await this.readFile(path)]);
  }

  async writeFile(path: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
    const { bucket, key } = parseS3Uri(path);
    let body: Uint8Array;
    if (data instanceof Uint8Array) body = data;
    else {
      const chunks: Uint8Array[] = [];
      for await (const c of data) chunks.push(c);
      body = Buffer.concat(chunks);
    }
    await this.call(path, 'write', () => this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })));
  }

  async delete(path: string, recursive = false): Promise<void> {
    const { bucket, key } = parseS3Uri(path);
    const keys: string[] = [key];
    if (recursive) {
      const prefix = key.endsWith('/') ? key : key + '/';
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await this.call(path, 'list', () => this.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })));
        for (const o of page.Contents ?? []) keys.push(o.Key!);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    }
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      await this.call(path, 'delete', () => this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } })));
    }
  }

  join(dir: string, name: string): string {
    return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
  }

  /** Releases the HTTP agent's sockets. */
  close(): void { this.client.destroy(); }
}
