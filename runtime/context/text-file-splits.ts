// textFile's input splits, as Hadoop's FileInputFormat computes them: the goal size is the total
// bytes over minPartitions, capped by a block size, so a large file is read by many tasks; each
// executor then reads its byte range with LineRecordReader semantics.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { FileSplit } from '../rdd/lineage.js';

/** Hadoop's default block size for local files (fs.local.block.size). */
const BLOCK_SIZE = 32 * 1024 * 1024;

/** The files `path` names: itself, or a directory's visible files in name order (`_SUCCESS`, `.crc` skipped, as Hadoop). */
function inputFiles(path: string): { path: string; size: number }[] {
  const local = path.startsWith('file://') ? new URL(path).pathname : path;
  let info;
  try {
    info = statSync(local);
  } catch (err) {
    throw new EngineError(ErrorCode.InvalidArgument, `Input path does not exist: ${path}`, { fields: { path }, cause: err });
  }
  if (!info.isDirectory()) return [{ path: local, size: info.size }];
  const names = readdirSync(local).filter((n) => !n.startsWith('_') && !n.startsWith('.')).sort();
  const files = [];
  for (const n of names) {
    const s = statSync(join(local, n));
    if (s.isFile()) files.push({ path: join(local, n), size: s.size });
  }
  return files;
}

/** Splits of every input file; sync, because PySpark's textFile() returns an RDD at once. */
export function textFileSplits(path: string, minPartitions: number): FileSplit[] {
  const files = inputFiles(path);
  const total = files.reduce((n, f) => n + f.size, 0);
  const goal = Math.max(1, Math.ceil(total / Math.max(1, minPartitions)));
  const splitSize = Math.max(1, Math.min(goal, BLOCK_SIZE));
  const splits: FileSplit[] = [];
  for (const f of files) {
    if (f.size === 0) { splits.push({ path: f.path, start: 0, length: 0 }); continue; }
    // Hadoop's SPLIT_SLOP: the last split may be up to 10 % larger rather than leave a sliver.
    let start = 0;
    while (f.size - start > splitSize * 1.1) {
      splits.push({ path: f.path, start, length: splitSize });
      start += splitSize;
    }
    splits.push({ path: f.path, start, length: f.size - start });
  }
  return splits;
}
