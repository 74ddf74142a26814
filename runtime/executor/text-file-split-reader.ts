// Reads the lines of one byte-range split of a text file with Hadoop's LineRecordReader rules, so the
// splits of a file together yield each line exactly once: a split not starting at byte 0 skips through
// its first line terminator (that line belongs to the split before), and a split reads every line that
// starts at or before its end, through that line's terminator even past the end. Terminators are
// \n, \r\n and a lone \r; lines are decoded as UTF-8 without their terminator.
import { open, type FileHandle } from 'node:fs/promises';
import { EngineError, ErrorCode } from '../../common/index.js';
import type { FileSplit } from '../rdd/lineage.js';

const CHUNK = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** The lines of `split`; a missing or unreadable file fails with INVALID_ARGUMENT naming its path. */
export async function readTextSplit(split: FileSplit): Promise<string[]> {
  let fh: FileHandle;
  try {
    fh = await open(split.path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be opened (${code ?? (err as Error).message})`;
    throw new EngineError(ErrorCode.InvalidArgument, `input path ${split.path} ${why}`, { fields: { path: split.path }, cause: err });
  }
  try {
    return await readLines(fh, split);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError(ErrorCode.InvalidArgument, `reading input path ${split.path} failed: ${(err as Error).message}`, {
      fields: { path: split.path }, cause: err,
    });
  } finally {
    await fh.close();
  }
}

async function readLines(fh: FileHandle, split: FileSplit): Promise<string[]> {
  const end = split.start + split.length;
  const lines: string[] = [];
  const buf = Buffer.allocUnsafe(CHUNK);
  /** Bytes of the current line read from earlier chunks. */
  let partial: Buffer[] = [];
  let filePos = split.start;
  /** File offset where the current line starts. */
  let lineStart = split.start;
  let skipping = split.start !== 0;
  /** The previous chunk ended in \r: a \n starting this chunk belongs to that terminator. */
  let afterCR = false;

  const endLine = (chunk: Buffer, from: number, to: number): void => {
    if (skipping) {
      skipping = false;
    } else {
      const text = partial.length === 0
        ? chunk.toString('utf8', from, to)
        : Buffer.concat([...partial, chunk.subarray(from, to)]).toString('utf8');
      lines.push(text);
    }
    partial = [];
  };

  for (;;) {
    if (!skipping && lineStart > end && !afterCR) return lines;
    const { bytesRead } = await fh.read(buf, 0, CHUNK, filePos);
    if (bytesRead === 0) {
      // A last line without a terminator; an empty remainder is no line (Hadoop reads 0 bytes there).
      if (partial.length > 0 && !skipping) lines.push(Buffer.concat(partial).toString('utf8'));
      return lines;
    }
    const chunk = buf.subarray(0, bytesRead);
    const chunkStart = filePos;
    filePos += bytesRead;
    let i = 0;
    if (afterCR) {
      afterCR = false;
      if (chunk[0] === LF) { i = 1; lineStart += 1; }
      if (!skipping && lineStart > end) return lines;
    }
    let nextLF = chunk.indexOf(LF, i);
    let nextCR = chunk.indexOf(CR, i);
    while (i < bytesRead) {
      const t = nextLF < 0 ? nextCR : nextCR < 0 ? nextLF : Math.min(nextLF, nextCR);
      if (t < 0) {
        partial.push(Buffer.from(chunk.subarray(i)));
        break;
      }
      endLine(chunk, i, t);
      let next = t + 1;
      if (chunk[t] === CR) {
        if (next < bytesRead) {
          if (chunk[next] === LF) next += 1;
        } else {
          afterCR = true;
        }
      }
      lineStart = chunkStart + next;
      i = next;
      if (nextLF >= 0 && nextLF < i) nextLF = chunk.indexOf(LF, i);
      if (nextCR >= 0 && nextCR < i) nextCR = chunk.indexOf(CR, i);
      if (!skipping && lineStart > end && !afterCR) return lines;
    }
  }
}
