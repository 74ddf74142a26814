// CSV with Spark's semantics on csv-parse: header, sep, quote, escape, nullValue, inferSchema (one
// pass over the data, Spark's type lattice), and the three parse modes with `_corrupt_record`.
import * as A from 'apache-arrow';
import { parse, type Options as CsvParseOptions } from 'csv-parse';
import { EngineError, ErrorCode } from '../../common/index.js';
import { MalformedRecordError } from '../errors.js';
import type { FileSystem } from '../fs/index.js';
import { columnBuilder, finishBatch } from './column-builder.js';
import { arrowTypeOfKind, inferKind, mergeKinds, textConverter, type InferredKind } from '../inference/index.js';
import { CORRUPT_RECORD_COLUMN, corruptColumnIndex, onMalformed, parseMode } from './parse-mode.js';

/** Spark's CSV options (`spark.read.option(...)`), with Spark's defaults. */
export interface CsvOptions {
  /** First line holds column names (default false: columns are `_c0`, `_c1`, …). */
  readonly header?: boolean;
  /** Field separator (default `,`); `delimiter` is an alias. */
  readonly sep?: string;
  readonly delimiter?: string;
  readonly quote?: string;
  /** Escape character inside quoted fields (default `\`). */
  readonly escape?: string;
  /** Infer column types from the data (default false: every column is a string). */
  readonly inferSchema?: boolean;
  /** Text read as null (default empty). */
  readonly nullValue?: string;
  readonly mode?: string;
  readonly columnNameOfCorruptRecord?: string;
  /** A user schema; a string field named like the corrupt-record column receives malformed lines. */
  readonly schema?: A.Schema;
  /** Rows per record batch (default 8,192). */
  readonly batchSize?: number;
}

interface CsvRecord { record: string[]; raw: string; info: { lines: number } }
interface Row { fields: string[]; raw: string; line: number }

function parserOptions(o: CsvOptions, withRaw: boolean): CsvParseOptions {
  return {
    delimiter: o.sep ?? o.delimiter ?? ',',
    quote: o.quote ?? '"',
    escape: o.escape ?? '\\',
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    // Raw text and line numbers double the parser's cost: asked for only when a row may need them.
    raw: withRaw,
    info: withRaw,
  };
}

/** Records in arrays, one array per input chunk (an await per chunk, not per record). */
async function* records(fs: FileSystem, path: string, o: CsvOptions, withRaw: boolean): AsyncGenerator<Row[]> {
  const parser = parse(parserOptions(o, withRaw));
  let failure: unknown;
  parser.on('error', (err) => { failure ??= err; });
  const drain = (): Row[] => {
    const out: Row[] = [];
    for (let r = parser.read() as CsvRecord | string[] | null; r !== null; r = parser.read() as CsvRecord | string[] | null) {
      if (!withRaw) { out.push({ fields: r as string[], raw: '', line: 0 }); continue; }
      const rec = r as CsvRecord;
      const raw = rec.raw.replace(/\r?\n$/, '');
      let newlines = 0;
      for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) newlines++;
      out.push({ fields: rec.record, raw, line: rec.info.lines - newlines });
    }
    return out;
  };
  const check = (): void => {
    if (failure === undefined) return;
    const e = failure as { message?: string; lines?: number };
    throw new MalformedRecordError(path, e.lines ?? 0, e.message ?? String(failure), failure);
  };
  for await (const chunk of fs.readStream(path)) {
    parser.write(chunk);
    check();
    const rows = drain();
    if (rows.length > 0) yield rows;
  }
  parser.end();
  const tail: Row[] = [];
  for (;;) {
    tail.push(...drain());
    check();
    if (parser.readableEnded) break;
    await new Promise<void>((resolve) => {
      const done = (): void => { parser.off('readable', done); parser.off('end', done); parser.off('error', done); resolve(); };
      parser.on('readable', done); parser.on('end', done); parser.on('error', done);
    });
  }
  if (tail.length > 0) yield tail;
}

function headerNames(fields: readonly string[]): string[] {
  return fields.map((f, i) => (f.trim() === '' ? `_c${i}` : f));
}

/** Spark's CSV schema inference over the files (the first line of each is the header when `header`). */
export async function inferCsvSchema(fs: FileSystem, paths: readonly string[], options: CsvOptions = {}): Promise<A.Schema> {
  const nullValue = options.nullValue ?? '';
  let names: string[] | undefined;
  let kinds: InferredKind[] = [];
  for (const path of paths) {
    let first = true;
    for await (const chunk of records(fs, path, options, false)) {
      for (const { fields } of chunk) {
        if (first && options.header) {
          first = false;
          names ??= headerNames(fields);
          continue;
        }
        first = false;
        while (kinds.length < fields.length) kinds.push('null');
        if (!options.inferSchema) continue;
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i];
          if (f !== nullValue && kinds[i] !== 'string') kinds[i] = mergeKinds(kinds[i], inferKind(f, kinds[i]));
        }
      }
    }
  }
  const width = names?.length ?? kinds.length;
  kinds = Array.from({ length: width }, (_, i) => (options.inferSchema ? kinds[i] ?? 'null' : 'string'));
  return new A.Schema(kinds.map((k, i) => new A.Field(names?.[i] ?? `_c${i}`, arrowTypeOfKind(k), true)));
}

/** Reads one CSV file as record batches of `schema` (default: inferred from this file). */
export async function* readCsv(fs: FileSystem, path: string, options: CsvOptions = {}): AsyncGenerator<A.RecordBatch> {
  const mode = parseMode(options.mode);
  const schema = options.schema ?? await inferCsvSchema(fs, [path], options);
  const corruptName = options.columnNameOfCorruptRecord ?? CORRUPT_RECORD_COLUMN;
  const corruptIdx = corruptColumnIndex(schema, corruptName);
  const dataIdx = schema.fields.map((_, i) => i).filter((i) => i !== corruptIdx);
  const nullValue = options.nullValue ?? '';
  const batchSize = options.batchSize ?? 8192;
  let builders = schema.fields.map((f) => columnBuilder(f.type));
  let rows = 0;
  const values: unknown[] = new Array(dataIdx.length);
  const converters = dataIdx.map((i) => textConverter(schema.fields[i].type));
  const withRaw = corruptIdx >= 0 || mode === 'FAILFAST';
  let first = true;
  for await (const chunk of records(fs, path, options, withRaw)) {
    for (const { fields, raw, line } of chunk) {
      if (first && options.header) { first = false; continue; }
      first = false;
      let problem: string | undefined = fields.length !== dataIdx.length
        ? `expected ${dataIdx.length} fields, found ${fields.length}` : undefined;
      for (let j = 0; j < dataIdx.length; j++) {
        const text = fields[j];
        if (text === undefined || text === nullValue) { values[j] = null; continue; }
        const v = converters[j](text);
        if (v === undefined) {
          const f = schema.fields[dataIdx[j]];
          problem ??= `cannot parse ${JSON.stringify(text)} as ${String(f.type)} for column ${f.name}`;
          values[j] = null;
        } else values[j] = v;
      }
      if (problem !== undefined && onMalformed(mode, path, line, problem) === 'drop') continue;
      for (let j = 0; j < dataIdx.length; j++) {
        const b = builders[dataIdx[j]];
        if (values[j] === null) b.appendNull(); else b.append(values[j]);
      }
      if (corruptIdx >= 0) {
        if (problem === undefined) builders[corruptIdx].appendNull(); else builders[corruptIdx].append(raw);
      }
      if (++rows === batchSize) {
        yield finishBatch(schema, builders, rows);
        builders = schema.fields.map((f) => columnBuilder(f.type));
        rows = 0;
      }
    }
  }
  if (rows > 0) yield finishBatch(schema, builders, rows);
}

/** Validates single-character options as Spark does. */
export function checkCsvOptions(o: CsvOptions): void {
  for (const [k, v] of [['quote', o.quote], ['escape', o.escape]] as const) {
    if (v !== undefined && v.length !== 1) throw new EngineError(ErrorCode.InvalidArgument, `CSV option ${k} must be one character, got ${JSON.stringify(v)}`, { fields: { option: k } });
  }
}
