// Generates TPC-H tables at a scale factor into a directory: `<table>.parquet` per table plus
// `manifest.json` (scale factor, rows, bytes and SHA-256 of each file). Output is deterministic:
// the same scale factor and options give the same bytes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeParquet, type ParquetCompression } from './parquet-sink.js';
import { TABLE_NAMES, type TableName } from './schema.js';
import { checkScaleFactor } from './table-generator.js';
import { TABLES } from './tables.js';
import { defaultTextPool, type TextPool } from './text-pool.js';

export interface GenerateOptions {
  readonly scaleFactor: number;
  readonly outDir: string;
  readonly tables?: readonly TableName[];
  readonly compression?: ParquetCompression;
  /** Rows per Parquet row group (default 1,000,000). */
  readonly rowGroupRows?: number;
  /** Rows per generated Arrow batch (default 65,536). */
  readonly batchRows?: number;
  /** The text pool (default: dbgen's 300 MiB pool, built once per process). */
  readonly pool?: TextPool;
  /** Called after each table with its file and the milliseconds it took. */
  readonly onTable?: (table: TableManifest) => void;
}

export interface TableManifest {
  readonly table: TableName;
  readonly file: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly millis: number;
}

export interface Manifest {
  readonly generator: 'flint-tpch-dbgen';
  readonly scaleFactor: number;
  readonly compression: ParquetCompression;
  readonly rowGroupRows: number;
  readonly tables: readonly TableManifest[];
}

/** Writes the requested tables (default all eight) and the manifest; returns the manifest. */
export async function generateTpch(options: GenerateOptions): Promise<Manifest> {
  checkScaleFactor(options.scaleFactor);
  const compression = options.compression ?? 'zstd';
  const rowGroupRows = options.rowGroupRows ?? 1_000_000;
  const batchRows = options.batchRows ?? 65_536;
  await mkdir(options.outDir, { recursive: true });
  const pool = options.pool ?? defaultTextPool();
  const tables: TableManifest[] = [];
  for (const table of options.tables ?? TABLE_NAMES) {
    const started = performance.now();
    const file = `${table}.parquet`;
    const path = join(options.outDir, file);
    const batches = TABLES[table].batches({ scaleFactor: options.scaleFactor, pool, batchRows });
    const written = await writeParquet(path, batches, { compression, rowGroupRows });
    const entry: TableManifest = {
      table, file, rows: written.rows, bytes: written.bytes, sha256: await sha256(path),
      millis: Math.round(performance.now() - started),
    };
    tables.push(entry);
    options.onTable?.(entry);
  }
  const manifest: Manifest = { generator: 'flint-tpch-dbgen', scaleFactor: options.scaleFactor, compression, rowGroupRows, tables };
  const stable = { ...manifest, tables: tables.map(({ millis: _, ...t }) => t) };
  await writeFile(join(options.outDir, 'manifest.json'), `${JSON.stringify(stable, null, 2)}\n`);
  return manifest;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
