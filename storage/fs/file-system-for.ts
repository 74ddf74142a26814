// Picks the FileSystem for a path by its scheme: `s3://`/`s3a://` → S3 (settings from Spark keys),
// `file://` or a plain path → local disk.
import { StorageIoError } from '../errors.js';
import type { FileSystem } from './file-system.js';
import { LocalFileSystem } from './local-file-system.js';
import { S3FileSystem, s3SettingsFromConf } from './s3-file-system.js';

/** The FileSystem that serves `path`, configured from `conf` (Spark `spark.hadoop.fs.s3a.*` keys). */
export function fileSystemFor(path: string, conf: Readonly<Record<string, string>> = {}): FileSystem {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file') return new LocalFileSystem();
  if (scheme === 's3' || scheme === 's3a') return new S3FileSystem(s3SettingsFromConf(conf));
  throw new StorageIoError(path, 'open', `no file system for scheme ${scheme}://`);
}
