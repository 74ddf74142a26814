// Parquet writing through parquet-wasm (arrow-rs): an Arrow table in, one file out, with snappy or
// zstd compression and chunk-level min/max statistics for readers' row-group pruning.
import * as A from 'apache-arrow';
import * as PW from 'parquet-wasm';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { FileSystem } from '../fs/index.js';

export type ParquetCompression = 'snappy' | 'zstd' | 'none';

/** Options of `writeParquet`. */
export interface ParquetWriteOptions {
  /** Default snappy, as Spark's `spark.sql.parquet.compression.codec`. */
  readonly compression?: ParquetCompression;
  /** Maximum rows per row group (default 1,048,576). */
  readonly rowGroupSize?: number;
}

const CODECS: Record<ParquetCompression, PW.Compression> = {
  snappy: PW.Compression.SNAPPY, zstd: PW.Compression.ZSTD, none: PW.Compression.UNCOMPRESSED,
};

/** Encodes an Arrow table as Parquet bytes. */
export function encodeParquet(table: A.Table, options: ParquetWriteOptions = {}): Uint8Array {
  const codec = CODECS[options.compression ?? 'snappy'];
  if (codec === undefined) throw new EngineError(ErrorCode.InvalidArgument, `unknown parquet compression ${options.compression}`, { fields: { compression: String(options.compression) } });
  const props = new PW.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(options.rowGroupSize ?? 1_048_576)
    .setStatisticsEnabled(PW.EnabledStatistics.Chunk)
    .setCreatedBy('flint')
    .build();
  const wasmTable = PW.Table.fromIPCStream(A.tableToIPC(table, 'stream'));
  return PW.writeParquet(wasmTable, props);
}

/** Writes an Arrow table to `path` as one Parquet file. */
export async function writeParquet(fs: FileSystem, path: string, table: A.Table, options: ParquetWriteOptions = {}): Promise<void> {
  await fs.writeFile(path, encodeParquet(table, options));
}
