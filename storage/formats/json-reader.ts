// JSON lines with Spark's semantics (`spark.read.json`): one JSON object per line (a top-level array
// yields one row per element), schema inference merged across lines and files, and the three parse
// modes with `_corrupt_record`.
import * as A from 'apache-arrow';
import type { FileSystem } from '../fs/index.js';
import { columnBuilder, finishBatch, ListBuilder, StructBuilder, type ColumnBuilder } from './column-builder.js';
import { parseDate, parseDecimal, parseTimestamp } from '../inference/index.js';
import { JsonFloat, parseJsonText, stringifyJson } from './json-numbers.js';
import { emptyShape, isRecord, mergeShape, shapeFields } from './json-schema-inference.js';
import { CORRUPT_RECORD_COLUMN, corruptColumnIndex, onMalformed, parseMode, type ParseMode } from './parse-mode.js';

/** Spark's JSON options. */
export interface JsonOptions {
  readonly mode?: string;
  readonly columnNameOfCorruptRecord?: string;
  readonly schema?: A.Schema;
  /** Rows per record batch (default 8,192). */
  readonly batchSize?: number;
}

interface Line { readonly text: string; readonly line: number }

/** Lines of a file with their 1-based numbers, streamed in arrays (one await per chunk). */
async function* lines(fs: FileSystem, path: string): AsyncGenerator<Line[]> {
  let rest = '';
  let line = 0;
  const utf8 = new TextDecoder('utf-8');
  const cut = (p: string): string => (p.endsWith('\r') ? p.slice(0, -1) : p);
  for await (const chunk of fs.readStream(path)) {
    const parts = (rest + utf8.decode(chunk, { stream: true })).split('\n');
    rest = parts.pop()!;
    yield parts.map((p) => ({ text: cut(p), line: ++line }));
  }
  rest += utf8.decode();
  if (rest !== '') yield [{ text: cut(rest), line: ++line }];
}

type Parsed = { rows: Record<string, unknown>[] } | { error: string };

function parseLine(text: string): Parsed {
  let v: unknown;
  try { v = parseJsonText(text); } catch (err) { return { error: (err as Error).message }; }
  if (isRecord(v)) return { rows: [v] };
  if (Array.isArray(v) && v.every(isRecord)) return { rows: v as Record<string, unknown>[] };
  return { error: 'a JSON record must be an object (or an array of objects)' };
}

/** Spark's JSON schema inference over files; PERMISSIVE adds the corrupt-record column when a line is malformed. */
export async function inferJsonSchema(fs: FileSystem, paths: readonly string[], options: JsonOptions = {}): Promise<A.Schema> {
  const mode = parseMode(options.mode);
  let shape = emptyShape();
  let sawCorrupt = false;
  for (const path of paths) {
    for await (const chunk of lines(fs, path)) {
      for (const { text, line } of chunk) {
        if (text.trim() === '') continue;
        const parsed = parseLine(text);
        if ('error' in parsed) {
          onMalformed(mode, path, line, parsed.error);
          if (mode === 'PERMISSIVE') sawCorrupt = true;
          continue;
        }
        for (const row of parsed.rows) shape = mergeShape(shape, row);
      }
    }
  }
  const fields = shapeFields(shape);
  const corrupt = options.columnNameOfCorruptRecord ?? CORRUPT_RECORD_COLUMN;
  const withCorrupt = sawCorrupt && !fields.some((f) => f.name === corrupt)
    ? [...fields, new A.Field(corrupt, new A.Utf8(), true)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    : fields;
  return new A.Schema(withCorrupt);
}

/** Appends `v` as a value of the builder's type; false when it does not convert (the builder got a null). */
function appendJson(b: ColumnBuilder, v: unknown): boolean {
  if (v === null || v === undefined) { b.appendNull(); return true; }
  const t = b.type;
  let out: unknown;
  if (A.DataType.isUtf8(t)) out = typeof v === 'string' ? v : stringifyJson(v);
  else if (A.DataType.isBool(t)) out = typeof v === 'boolean' ? v : undefined;
  else if (A.DataType.isInt(t)) {
    if (fits(t, v)) out = t.bitWidth === 64 ? BigInt(v as number | bigint) : Number(v);
  } else if (A.DataType.isFloat(t)) {
    out = typeof v === 'number' || typeof v === 'bigint' ? Number(v) : v instanceof JsonFloat ? v.value : v === 'NaN' ? NaN : v === 'Infinity' || v === '+Infinity' ? Infinity : v === '-Infinity' ? -Infinity : undefined;
  } else if (A.DataType.isDecimal(t)) out = decimalOf(t, v);
  else if (A.DataType.isDate(t)) out = typeof v === 'string' ? parseDate(v) : undefined;
  else if (A.DataType.isTimestamp(t)) out = typeof v === 'string' ? parseTimestamp(v) : undefined;
  else if (b instanceof StructBuilder) {
    if (!isRecord(v)) { b.appendNull(); return false; }
    let ok = true;
    (b.type as A.Struct).children.forEach((f, i) => { ok = appendJson(b.children[i], v[f.name]) && ok; });
    b.append(null);
    return ok;
  } else if (b instanceof ListBuilder) {
    if (!Array.isArray(v)) { b.appendNull(); return false; }
    let ok = true;
    for (const e of v) ok = appendJson(b.child, e) && ok;
    b.append(v.length);
    return ok;
  }
  if (out === undefined) { b.appendNull(); return false; }
  b.append(out);
  return true;
}

function decimalOf(t: A.Decimal, v: unknown): bigint | undefined {
  const text = typeof v === 'number' || typeof v === 'bigint' ? String(v) : v instanceof JsonFloat ? String(v.value) : undefined;
  return text === undefined ? undefined : parseDecimal(text, t.precision, t.scale);
}

/** True when every value of `v` converts to `type` (nulls and absent fields always do). */
function fits(type: A.DataType, v: unknown): boolean {
  if (v === null || v === undefined || A.DataType.isUtf8(type)) return true;
  if (A.DataType.isBool(type)) return typeof v === 'boolean';
  if (A.DataType.isInt(type)) {
    const lim = 2n ** BigInt(type.bitWidth - 1);
    return (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) && BigInt(v) >= -lim && BigInt(v) < lim;
  }
  if (A.DataType.isFloat(type)) return typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonFloat || v === 'NaN' || v === 'Infinity' || v === '+Infinity' || v === '-Infinity';
  if (A.DataType.isDecimal(type)) return decimalOf(type, v) !== undefined;
  if (A.DataType.isDate(type)) return typeof v === 'string' && parseDate(v) !== undefined;
  if (A.DataType.isTimestamp(type)) return typeof v === 'string' && parseTimestamp(v) !== undefined;
  if (A.DataType.isStruct(type)) return isRecord(v) && type.children.every((f) => fits(f.type, v[f.name]));
  if (A.DataType.isList(type)) return Array.isArray(v) && v.every((e) => fits(type.children[0].type, e));
  return false;
}

function conforms(schema: A.Schema, row: Record<string, unknown>, corruptIdx: number): boolean {
  return schema.fields.every((f, i) => i === corruptIdx || fits(f.type, row[f.name]));
}

/** Reads one JSON lines file as record batches of `schema` (default: inferred from this file). */
export async function* readJson(fs: FileSystem, path: string, options: JsonOptions = {}): AsyncGenerator<A.RecordBatch> {
  const mode: ParseMode = parseMode(options.mode);
  const schema = options.schema ?? await inferJsonSchema(fs, [path], options);
  const corruptIdx = corruptColumnIndex(schema, options.columnNameOfCorruptRecord ?? CORRUPT_RECORD_COLUMN);
  const batchSize = options.batchSize ?? 8192;
  const fresh = (): ColumnBuilder[] => schema.fields.map((f) => columnBuilder(f.type));
  let builders = fresh();
  let rows = 0;
  const emitRow = (row: Record<string, unknown> | undefined, raw: string | undefined): void => {
    schema.fields.forEach((f, i) => {
      if (i === corruptIdx) return;
      appendJson(builders[i], row?.[f.name]);
    });
    if (corruptIdx >= 0) { if (raw === undefined) builders[corruptIdx].appendNull(); else builders[corruptIdx].append(raw); }
    rows++;
  };
  for await (const chunk of lines(fs, path)) {
    for (const { text, line } of chunk) {
      if (text.trim() === '') continue;
      const parsed = parseLine(text);
      if ('error' in parsed) {
        if (onMalformed(mode, path, line, parsed.error) === 'keep') emitRow(undefined, text);
      } else {
        for (const row of parsed.rows) {
          if (!conforms(schema, row, corruptIdx)) {
            if (onMalformed(mode, path, line, 'a value does not match the schema') === 'drop') continue;
            emitRow(row, text);
          } else emitRow(row, undefined);
        }
      }
      if (rows >= batchSize) { yield finishBatch(schema, builders, rows); builders = fresh(); rows = 0; }
    }
  }
  if (rows > 0) yield finishBatch(schema, builders, rows);
}
