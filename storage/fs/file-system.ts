// The FileSystem port: what formats and tables need from a store (local disk, S3), nothing more.
// Paths are absolute strings in the store's own form (`/data/x.csv`, `s3://bucket/key`).

/** One entry of a listing or a stat. */
export interface FileStatus {
  readonly path: string;
  readonly size: number;
  readonly isDirectory: boolean;
  readonly modifiedMs: number;
}

/** A store of files. Implementations map their own failures to the storage errors. */
export interface FileSystem {
  /** Status of `path`; throws FileNotFoundError when absent. */
  stat(path: string): Promise<FileStatus>;
  exists(path: string): Promise<boolean>;
  /** Immediate children of a directory (prefix), hidden ones included; sorted by path. */
  list(dir: string): Promise<FileStatus[]>;
  /** The whole file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Bytes [start, end) of the file. */
  readRange(path: string, start: number, end: number): Promise<Uint8Array>;
  /** The file as a stream of chunks (never the whole file in memory). */
  readStream(path: string): AsyncIterable<Uint8Array>;
  /** The file as a Blob whose slices read lazily where the store allows it (local files). */
  openBlob(path: string): Promise<Blob>;
  /** Writes (replaces) the file, creating parent directories as needed. */
  writeFile(path: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void>;
  /** Deletes a file, or a directory and everything under it when `recursive`. Absent paths are fine. */
  delete(path: string, recursive?: boolean): Promise<void>;
  /** Joins a child name onto a directory path. */
  join(dir: string, name: string): string;
}

/** The last component of a path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Spark's rule: names starting with `_` or `.` are metadata or hidden and are not data. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}
