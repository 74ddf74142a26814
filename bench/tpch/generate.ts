// `node dist/bench/tpch/generate.js --sf 0.01 --out DIR [--tables a,b] [--compression zstd|snappy|none]
// [--row-group-rows N]`: writes dbgen-identical TPC-H tables as Parquet (see docs/tpch.md).
import { parseArgs } from 'node:util';
import { generateTpch } from './generate-tpch.js';
import type { ParquetCompression } from './parquet-sink.js';
import { TABLE_NAMES, type TableName } from './schema.js';
import { MAX_SCALE_FACTOR, MIN_SCALE_FACTOR } from './table-generator.js';

const USAGE = 'usage: generate --sf <scale factor> --out <dir> [--tables region,nation,…] [--compression zstd|snappy|none] [--row-group-rows N]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        sf: { type: 'string' }, out: { type: 'string' }, tables: { type: 'string' },
        compression: { type: 'string', default: 'zstd' }, 'row-group-rows': { type: 'string', default: '1000000' },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  const scaleFactor = Number(values.sf);
  if (values.sf === undefined || !(scaleFactor >= MIN_SCALE_FACTOR && scaleFactor <= MAX_SCALE_FACTOR)) {
    fail(`--sf must be a number in [${MIN_SCALE_FACTOR}, ${MAX_SCALE_FACTOR}], got ${values.sf}`);
  }
  if (values.out === undefined) fail('--out is required');
  const tables = values.tables?.split(',').map((t) => t.trim()) ?? [...TABLE_NAMES];
  for (const t of tables) if (!(TABLE_NAMES as readonly string[]).includes(t)) fail(`unknown table ${t}`);
  const compression = values.compression as ParquetCompression;
  if (!['zstd', 'snappy', 'none'].includes(compression)) fail(`unknown compression ${compression}`);
  const rowGroupRows = Number(values['row-group-rows']);
  if (!(rowGroupRows >= 1)) fail('--row-group-rows must be ≥ 1');

  const started = performance.now();
  const manifest = await generateTpch({
    scaleFactor, outDir: values.out, tables: tables as TableName[], compression, rowGroupRows,
    onTable: (t) => console.log(`${t.table.padEnd(9)} ${String(t.rows).padStart(10)} rows ${(t.bytes / 1048576).toFixed(1).padStart(8)} MiB ${(t.millis / 1000).toFixed(1).padStart(6)} s`),
  });
  const bytes = manifest.tables.reduce((s, t) => s + t.bytes, 0);
  console.log(`SF ${scaleFactor}: ${(bytes / 1048576).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s (text pool included) → ${values.out}`);
}

await main();
