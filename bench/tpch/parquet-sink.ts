// Streams Arrow record batches into one Parquet file through parquet-wasm's writer: batches cross
// into WebAssembly as Arrow IPC one at a time and leave as row groups of `rowGroupRows` rows, so a
// table never has to be held whole in memory. Written to `<path>.partial`, then renamed.
import { createWriteStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { Table, tableToIPC, type RecordBatch } from 'apache-arrow';
import * as parquet from 'parquet-wasm';

export type ParquetCompression = 'zstd' | 'snappy' | 'none';

export interface ParquetSinkOptions {
  readonly compression: ParquetCompression;
  readonly rowGroupRows: number;
}

export interface WrittenFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

const CODECS: Readonly<Record<ParquetCompression, parquet.Compression>> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  none: parquet.Compression.UNCOMPRESSED,
};

/** Writes `batches` (all of one schema) to the Parquet file `path`. */
export async function writeParquet(path: string, batches: Iterator<RecordBatch>, options: ParquetSinkOptions): Promise<WrittenFile> {
  let rows = 0;
  const source = new ReadableStream<parquet.RecordBatch>({
    pull(controller) {
      const next = batches.next();
      if (next.done) { controller.close(); return; }
      rows += next.value.numRows;
      const wasmTable = parquet.Table.fromIPCStream(tableToIPC(new Table([next.value]), 'stream'));
      const batch = wasmTable.recordBatch(0);
      wasmTable.free();
      if (batch) controller.enqueue(batch);
    },
  }, { highWaterMark: 0 });
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(CODECS[options.compression])
    .setMaxRowGroupSize(options.rowGroupRows)
    .setCreatedBy('flint bench/tpch (parquet-wasm 0.8.0)')
    .build();
  const partial = `${path}.partial`;
  const bytes = await parquet.transformParquetStream(source, properties);
  await bytes.pipeTo(Writable.toWeb(createWriteStream(partial)) as WritableStream<Uint8Array>);
  await rename(partial, path);
  return { path, rows, bytes: (await stat(path)).size };
}
