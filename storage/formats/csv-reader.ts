// CSV with Spark's semantics on csv-parse: header, sep, quote, escape, nullValue, inferSchema (one
// pass over the data, Spark's type lattice), and the three parse modes with `_corrupt_record`.
import { Readable } from 'node:stream';
import * as A from 'apache-arrow';
import { parse, type Options as CsvParseOptions } from 'csv-parse';
import { EngineError, ErrorCode } from '../../common/index.js';
import { MalformedRecordError } from '../errors.js';
import type { FileSystem } from '../fs/index.js';
import { columnBuilder, finishBatch } from './column-builder.js';
import { arrowTypeOfKind, convertText, inferKind, mergeKinds, type InferredKind } from '../inference/index.js';
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

function parserOptions(o: CsvOptions): CsvParseOptions {
  return {
    delimiter: o.sep ?? o.delimiter ?? ',',
    quote: o.quote ?? '"',
    escape: o.escape ?? '\\',
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    raw: true,
    info: true,
  };
}

async function* records(fs: FileSystem, path: string, o: CsvOptions): AsyncGenerator<{ fields: string[]; raw: string; line: number }> {
  const parser = Readable.from(fs.readStream(path)).pipe(parse(parserOptions(o)));
  try {
    for await (const r of parser as AsyncIterable<CsvRecord>) {
      const raw = r.raw.replace(/\r?\n$/, '');
      const newlines = raw.split('\n').length - 1;
      yield { fields: r.record, raw, line: r.info.lines - newlines };
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const e = err as { message?: string; lines?: number };
    throw new MalformedRecordError(path, e.lines ?? 0, e.message ?? String(err), err);
  }
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
    for await (const { fields } of records(fs, path, options)) {
      if (first && options.header) {
        first = false;
        names ??= headerNames(fields);
        continue;
      }
      first = false;
      while (kinds.length < fields.length) kinds.push('null');
      if (options.inferSchema) {
        fields.forEach((f, i) => { if (f !== nullValue && kinds[i] !== 'string') kinds[i] = mergeKinds(kinds[i], inferKind(f, kinds[i])); });
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
  let first = true;
  for await (const { fields, raw, line } of records(fs, path, options)) {
    if (first && options.header) { first = false; continue; }
    first = false;
    let problem: string | undefined = fields.length !== dataIdx.length
      ? `expected ${dataIdx.length} fields, found ${fields.length}` : undefined;
    for (let j = 0; j < dataIdx.length; j++) {
      const text = fields[j];
      if (text === undefined || text === nullValue) { values[j] = null; continue; }
      const type = schema.fields[dataIdx[j]].type;
      const v = convertText(text, type);
      if (v === undefined) {
        problem ??= `cannot parse ${JSON.stringify(text)} as ${String(type)} for column ${schema.fields[dataIdx[j]].name}`;
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
  if (rows > 0) yield finishBatch(schema, builders, rows);
}

/** Validates single-character options as Spark does. */
export function checkCsvOptions(o: CsvOptions): void {
  for (const [k, v] of [['quote', o.quote], ['escape', o.escape]] as const) {
    if (v !== undefined && v.length !== 1) throw new EngineError(ErrorCode.InvalidArgument, `CSV option ${k} must be one character, got ${JSON.stringify(v)}`, { fields: { option: k } });
  }
}
