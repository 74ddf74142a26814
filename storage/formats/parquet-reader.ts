// Parquet reading: footer metadata (row counts, statistics) through hyparquet with range reads, and
// row groups decoded one at a time by parquet-wasm (ParquetDecoder) with column projection, after
// pruning row groups by their statistics. At most one decoded row group is held at a time.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as A from 'apache-arrow';
import { parquetMetadataAsync, type FileMetaData } from 'hyparquet';
import { CorruptFileError } from '../errors.js';
import type { FileSystem } from '../fs/index.js';
import { LocalFileSystem, localPath } from '../fs/index.js';
import { nextParquetFileId, sharedParquetDecoder, type ParquetDecoder, type ParquetSource } from './parquet-decoder.js';
import { selectRowGroups, type ColumnStatistics, type ParquetPredicate, type PredicateValue, type RowGroupStatistics } from './row-group-pruning.js';

/** One row group as the footer describes it. */
export interface RowGroupInfo extends RowGroupStatistics {
  readonly index: number;
  readonly totalByteSize: number;
  readonly compressedSize: number;
}

/** What a planner needs of a Parquet file, read from its footer only. */
export interface ParquetFileInfo {
  readonly path: string;
  readonly size: number;
  readonly numRows: number;
  readonly columnNames: readonly string[];
  readonly rowGroups: readonly RowGroupInfo[];
  readonly createdBy?: string;
  /** The Arrow schema embedded by Arrow writers (`ARROW:schema`), when the file has one. */
  readonly arrowSchema?: A.Schema;
}

/** Options of `readParquet`. */
export interface ParquetReadOptions {
  /** Top-level columns to decode, in this order; all when omitted. */
  readonly columns?: readonly string[];
  /** A conjunction used to skip row groups (rows inside kept groups are not filtered). */
  readonly filters?: readonly ParquetPredicate[];
  /** Rows per record batch (default 65,536). */
  readonly batchSize?: number;
  /** Footer already read by `readParquetMetadata`. */
  readonly metadata?: ParquetFileInfo;
  /** Called with each row group index as it is decoded (tests, metrics). */
  readonly onRowGroup?: (index: number) => void;
  readonly decoder?: ParquetDecoder;
}

function toNumber(v: bigint | number | undefined): number { return v === undefined ? 0 : Number(v); }

function statValue(v: unknown): PredicateValue | undefined {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date ? v : undefined;
}

function describe(path: string, size: number, meta: FileMetaData): ParquetFileInfo {
  const rowGroups = meta.row_groups.map((rg, index): RowGroupInfo => {
    const columns: Record<string, ColumnStatistics> = {};
    let compressedSize = 0;
    for (const c of rg.columns) {
      const md = c.meta_data;
      if (md === undefined) continue;
      compressedSize += Number(md.total_compressed_size);
      const st = md.statistics;
      // Legacy min/max (no min_value) used signed byte order for strings: trust it for non-strings only.
      const legacyOk = typeof st?.min !== 'string';
      columns[md.path_in_schema.join('.')] = {
        min: statValue(st?.min_value ?? (legacyOk ? st?.min : undefined)),
        max: statValue(st?.max_value ?? (legacyOk ? st?.max : undefined)),
        nullCount: st?.null_count === undefined ? undefined : Number(st.null_count),
      };
    }
    return { index, numRows: toNumber(rg.num_rows), totalByteSize: toNumber(rg.total_byte_size), compressedSize, columns };
  });
  return {
    path, size, numRows: toNumber(meta.num_rows), columnNames: topLevelNames(meta), rowGroups, createdBy: meta.created_by,
    arrowSchema: embeddedArrowSchema(meta),
  };
}

// Arrow writers store the schema as a base64 IPC schema message; a stream of it plus EOS is readable.
function embeddedArrowSchema(meta: FileMetaData): A.Schema | undefined {
  const encoded = meta.key_value_metadata?.find((kv) => kv.key === 'ARROW:schema')?.value;
  if (encoded === undefined) return undefined;
  try {
    const message = Buffer.from(encoded, 'base64');
    return A.tableFromIPC(Buffer.concat([message, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])])).schema;
  } catch {
    return undefined; // an unreadable hint: the decoder's schema is used instead
  }
}

function topLevelNames(meta: FileMetaData): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (): void => { const n = meta.schema[i].num_children ?? 0; i++; for (let k = 0; k < n; k++) skip(); };
  while (i < meta.schema.length) { names.push(meta.schema[i].name); skip(); }
  return names;
}

/** Reads a Parquet footer: row counts, row-group statistics and column names (a few small range reads). */
export async function readParquetMetadata(fs: FileSystem, path: string): Promise<ParquetFileInfo> {
  const { size } = await fs.stat(path);
  if (size < 12) throw new CorruptFileError(path, 'parquet', `${size} bytes is too short for a Parquet file`);
  const buffer = {
    byteLength: size,
    slice: async (start: number, end?: number): Promise<ArrayBuffer> => {
      const bytes = await fs.readRange(path, start, end ?? size);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  let meta: FileMetaData;
  try { meta = await parquetMetadataAsync(buffer); } catch (err) {
    throw new CorruptFileError(path, 'parquet', (err as Error)?.message ?? String(err), err);
  }
  return describe(path, size, meta);
}

/** The Arrow schema a read of `path` produces: from the footer when an Arrow writer embedded it, else from the decoder. */
export async function readParquetSchema(fs: FileSystem, path: string, decoder: ParquetDecoder = sharedParquetDecoder()): Promise<A.Schema> {
  const embedded = (await readParquetMetadata(fs, path)).arrowSchema;
  if (embedded !== undefined) return embedded;
  const fileId = nextParquetFileId();
  const opened = await sourceOf(fs, path);
  try { return await decoder.open(fileId, path, opened.source); } finally { decoder.close(fileId); await opened.release(); }
}

interface OpenedSource { readonly source: ParquetSource; release(): Promise<void> }

// Remote files are spooled to a local temp file (streamed, never whole in memory) so the decoder
// reads them lazily through a file-backed Blob, as it reads local files.
async function sourceOf(fs: FileSystem, path: string): Promise<OpenedSource> {
  if (fs instanceof LocalFileSystem) return { source: { localPath: localPath(path) }, release: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'flint-parquet-'));
  const spool = join(dir, 'file.parquet');
  const release = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(Readable.from(fs.readStream(path)), createWriteStream(spool));
  } catch (err) { await release(); throw err; }
  return { source: { localPath: spool }, release };
}

/** Streams a Parquet file as Arrow record batches, one row group at a time, skipping pruned row groups. */
export async function* readParquet(fs: FileSystem, path: string, options: ParquetReadOptions = {}): AsyncGenerator<A.RecordBatch> {
  const info = options.metadata ?? await readParquetMetadata(fs, path);
  const keep = selectRowGroups(info.rowGroups, options.filters ?? []);
  if (keep.length === 0) return;
  const decoder = options.decoder ?? sharedParquetDecoder();
  const fileId = nextParquetFileId();
  const opened = await sourceOf(fs, path);
  try {
    await decoder.open(fileId, path, opened.source);
    for (const rg of keep) {
      const table = await decoder.readRowGroup(fileId, path, rg, options.columns, options.batchSize ?? 65_536);
      options.onRowGroup?.(rg);
      for (const batch of table.batches) yield batch;
    }
  } finally { decoder.close(fileId); await opened.release(); }
}
