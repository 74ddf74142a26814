// Arrow IPC files (random-access format, `ARROW1` magic) and streams, read as record batches and
// written from tables or batch iterables. Bad bytes become a CorruptFileError naming the file.
import { open, type FileHandle } from 'node:fs/promises';
import * as A from 'apache-arrow';
import { EngineError } from '../../common/index.js';
import { CorruptFileError } from '../errors.js';
import { LocalFileSystem, localPath, type FileSystem } from '../fs/index.js';

export type IpcFormat = 'file' | 'stream';

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // ARROW1

/** Streams the record batches of an Arrow IPC file or stream (the format is detected). */
export async function* readArrowIpc(fs: FileSystem, path: string): AsyncGenerator<A.RecordBatch> {
  const head = await fs.readRange(path, 0, 8);
  if (head.length < 8) throw new CorruptFileError(path, 'arrow', `${head.length} bytes is too short for Arrow IPC`);
  const isFile = MAGIC.every((b, i) => head[i] === b);
  let batches: AsyncIterable<A.RecordBatch> | Iterable<A.RecordBatch>;
  let handle: FileHandle | undefined;
  try {
    if (isFile && fs instanceof LocalFileSystem) {
      // A local file is read through its handle: footer first, then one batch at a time.
      const { size } = await fs.stat(path);
      const tail = await fs.readRange(path, size - 6, size);
      if (size < 14 || !MAGIC.every((b, i) => tail[i] === b)) throw new Error('the trailing ARROW1 magic is missing');
      handle = await open(localPath(path), 'r');
      batches = await A.RecordBatchReader.from(handle);
    } else if (isFile) {
      // The file format keeps its footer at the end: it is read whole; streams are read incrementally.
      const bytes = await fs.readFile(path);
      const tail = bytes.subarray(bytes.length - 6);
      if (bytes.length < 14 || !MAGIC.every((b, i) => tail[i] === b)) throw new Error('the trailing ARROW1 magic is missing');
      batches = A.RecordBatchReader.from(bytes).open();
    } else {
      batches = await A.RecordBatchReader.from(fs.readStream(path));
    }
  } catch (err) {
    await handle?.close();
    if (err instanceof EngineError) throw err;
    throw new CorruptFileError(path, 'arrow', (err as Error)?.message ?? String(err), err);
  }
  let count = 0;
  try {
    for await (const batch of batches) { count++; yield batch; }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new CorruptFileError(path, 'arrow', `after ${count} batches: ${(err as Error)?.message ?? String(err)}`, err);
  } finally {
    await handle?.close();
  }
}

/** Reads a whole Arrow IPC file or stream as a table. */
export async function readArrowIpcTable(fs: FileSystem, path: string): Promise<A.Table> {
  const batches: A.RecordBatch[] = [];
  for await (const b of readArrowIpc(fs, path)) batches.push(b);
  return new A.Table(batches);
}

/** Writes a table (or batches sharing a schema) as an Arrow IPC file (default) or stream. */
export async function writeArrowIpc(fs: FileSystem, path: string, data: A.Table | readonly A.RecordBatch[], format: IpcFormat = 'file'): Promise<void> {
  const table = data instanceof A.Table ? data : new A.Table(data as A.RecordBatch[]);
  await fs.writeFile(path, A.tableToIPC(table, format));
}
