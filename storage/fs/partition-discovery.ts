// Lists a table's data files under a root, skipping `_`/`.` names, and discovers Hive-style
// partitions (`key=value/` directories) with Spark's type inference for their values.
import * as A from 'apache-arrow';
import { EngineError, ErrorCode } from '../../common/index.js';
import { arrowTypeOfKind, convertText, inferKind, mergeKinds, type InferredKind } from '../inference/index.js';
import { baseName, isHiddenName, type FileSystem } from './file-system.js';

/** Spark's directory name for a null partition value. */
export const DEFAULT_PARTITION_NAME = '__HIVE_DEFAULT_PARTITION__';

/** A data file and the partition values its directories give it (typed per `partitionSchema`). */
export interface PartitionedFile {
  readonly path: string;
  readonly size: number;
  readonly partitionValues: Readonly<Record<string, unknown>>;
}

/** The files of a table and its partition columns (empty when not partitioned). */
export interface DiscoveredFiles {
  readonly files: readonly PartitionedFile[];
  readonly partitionSchema: A.Schema;
}

interface RawFile { path: string; size: number; parts: [string, string][] }

async function walk(fs: FileSystem, dir: string, parts: [string, string][], out: RawFile[]): Promise<void> {
  for (const entry of await fs.list(dir)) {
    const name = baseName(entry.path);
    if (isHiddenName(name)) continue;
    if (entry.isDirectory) {
      const eq = name.indexOf('=');
      const next: [string, string][] = eq > 0 ? [...parts, [name.slice(0, eq), decodeURIComponent(name.slice(eq + 1))]] : parts;
      await walk(fs, entry.path, next, out);
    } else {
      out.push({ path: entry.path, size: entry.size, parts });
    }
  }
}

/** Lists data files under `root` (a file or a directory) and infers partition columns (Spark's partition discovery). */
export async function discoverFiles(fs: FileSystem, root: string, options: { inferPartitionTypes?: boolean } = {}): Promise<DiscoveredFiles> {
  const status = await fs.stat(root);
  if (!status.isDirectory) return { files: [{ path: status.path, size: status.size, partitionValues: {} }], partitionSchema: new A.Schema([]) };
  const raw: RawFile[] = [];
  await walk(fs, root, [], raw);
  const withParts = raw.filter((f) => f.parts.length > 0);
  if (withParts.length === 0) return { files: raw.map((f) => ({ path: f.path, size: f.size, partitionValues: {} })), partitionSchema: new A.Schema([]) };

  const names = raw[0].parts.map(([k]) => k);
  for (const f of raw) {
    const these = f.parts.map(([k]) => k);
    if (these.join('/') !== names.join('/')) {
      throw new EngineError(ErrorCode.Analysis, `conflicting partition columns under ${root}: [${names.join(', ')}] and [${these.join(', ')}] (at ${f.path})`,
        { fields: { path: f.path } });
    }
  }
  const infer = options.inferPartitionTypes ?? true;
  const kinds: InferredKind[] = names.map((_, i) => raw.reduce<InferredKind>((k, f) => {
    const v = f.parts[i][1];
    return v === DEFAULT_PARTITION_NAME ? k : mergeKinds(k, infer ? inferKind(v) : 'string');
  }, 'null'));
  const types = kinds.map(arrowTypeOfKind);
  const partitionSchema = new A.Schema(names.map((n, i) => new A.Field(n, types[i], true)));
  const files = raw.map((f) => ({
    path: f.path,
    size: f.size,
    partitionValues: Object.fromEntries(f.parts.map(([k, v], i) =>
      [k, v === DEFAULT_PARTITION_NAME ? null : convertText(v, types[i]) ?? null])),
  }));
  return { files, partitionSchema };
}
