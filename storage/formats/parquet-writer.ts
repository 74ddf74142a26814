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
  const wasmTable = PW.Table.fromIPCStream(A.tableToIPC(table, 'stream'));
  return PW.writeParquet(wasmTable, writerProperties(options));
}

function writerProperties(options: ParquetWriteOptions): PW.WriterProperties {
  const codec = CODECS[options.compression ?? 'snappy'];
  if (codec === undefined) throw new EngineError(ErrorCode.InvalidArgument, `unknown parquet compression ${options.compression}`, { fields: { compression: String(options.compression) } });
  return new PW.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(options.rowGroupSize ?? 1_048_576)
    .setStatisticsEnabled(PW.EnabledStatistics.Chunk)
    .setCreatedBy('flint')
    .build();
}

/** Writes record batches (one schema) to `path` as they arrive: the table is never whole in memory. */
export async function writeParquetStream(fs: FileSystem, path: string, batches: AsyncIterable<A.RecordBatch> | Iterable<A.RecordBatch>, options: ParquetWriteOptions = {}): Promise<void> {
  const source = (async function* () { for await (const b of batches) if (b.numRows > 0) yield b; })();
  const input = new ReadableStream({
    async pull(controller) {
      const next = await source.next();
      if (next.done) { controller.close(); return; }
      const wasmTable = PW.Table.fromIPCStream(A.tableToIPC(new A.Table([next.value]), 'stream'));
      controller.enqueue(wasmTable.recordBatch(0));
      wasmTable.free();
    },
  });
  const output = await PW.transformParquetStream(input, writerProperties(options));
  await fs.writeFile(path, output as unknown as AsyncIterable<Uint8Array>);
}

/** Writes an Arrow table to `path` as one Parquet file. */
export async function writeParquet(fs: FileSystem, path: string, table: A.Table, options: ParquetWriteOptions = {}): Promise<void> {
  await fs.writeFile(path, encodeParquet(table, options));
}
