import t from 'tap';
import * as A from 'apache-arrow';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MalformedRecordError } from '../errors.js';
import { LocalFileSystem } from '../fs/index.js';
import { inferJsonSchema, readJson, type JsonOptions } from './json-reader.js';

const fs = new LocalFileSystem();
const dir = mkdtempSync(join(tmpdir(), 'flint-json-'));
let seq = 0;
function file(lines: string[]): string {
  const p = join(dir, `f${seq++}.json`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}
const typesOf = (s: A.Schema): string[] => s.fields.map((f) => `${f.name}:${f.type}`);
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));

async function read(path: string, options: JsonOptions = {}): Promise<unknown[]> {
  const batches: A.RecordBatch[] = [];
  for await (const b of readJson(fs, path, options)) batches.push(b);
  return plain(new A.Table(batches).toArray().map((r) => r.toJSON())) as unknown[];
}

t.test('json lines', async (t) => {
  t.test('merges fields across lines, sorted by name, with Spark types', async (t) => {
    const p = file([
      '{"b": 1, "a": "x", "nested": {"y": 1}}',
      '{"c": 2.5, "b": 2, "nested": {"z": true}, "tags": ["p", "q"]}',
      '{"b": 3.5, "n": null, "e": []}',
    ]);
    const schema = await inferJsonSchema(fs, [p]);
    t.same(typesOf(schema), ['a:Utf8', 'b:Float64', 'c:Float64', 'e:List<Utf8>', 'n:Utf8', 'nested:Struct<{y:Int64, z:Bool}>', 'tags:List<Utf8>']);
    const r = await read(p);
    t.same(r[0], { a: 'x', b: 1, c: null, e: null, n: null, nested: { y: 1, z: null }, tags: null });
    t.same(r[1], { a: null, b: 2, c: 2.5, e: null, n: null, nested: { y: null, z: true }, tags: ['p', 'q'] });
  });

  t.test('widens conflicting types to string, keeping the JSON text', async (t) => {
    const p = file(['{"v": 1}', '{"v": "two"}', '{"v": {"k": 3}}']);
    t.same(typesOf(await inferJsonSchema(fs, [p])), ['v:Utf8']);
    t.same(await read(p), [{ v: '1' }, { v: 'two' }, { v: '{"k":3}' }]);
  });

  t.test('keeps 64-bit integers exact and integral floats as doubles', async (t) => {
    const p = file(['{"id": 9007199254740993, "x": 1.0, "s": "9007199254740993 1.0"}', '{"id": -9223372036854775808, "x": 2e3, "s": 1}']);
    t.same(typesOf(await inferJsonSchema(fs, [p])), ['id:Int64', 's:Utf8', 'x:Float64']);
    const batches: A.RecordBatch[] = [];
    for await (const b of readJson(fs, p)) batches.push(b);
    t.same([...(batches[0].getChild('id')!.data[0].values as BigInt64Array)], [9007199254740993n, -9223372036854775808n]);
    t.same(batches[0].getChild('x')!.toArray(), new Float64Array([1, 2000]));
    t.same(batches[0].getChild('s')!.toArray(), ['9007199254740993 1.0', '1']);
  });

  t.test('reads a top-level array as one row per element and skips blank lines', async (t) => {
    const p = file(['[{"a": 1}, {"a": 2}]', '', '{"a": 3}']);
    t.same(await read(p), [{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  const bad = (): string => file(['{"a": 1}', '{"a": 2', '7', '{"a": 4}']);

  t.test('PERMISSIVE inference adds _corrupt_record and keeps the bad lines there', async (t) => {
    const p = bad();
    t.same(typesOf(await inferJsonSchema(fs, [p])), ['_corrupt_record:Utf8', 'a:Int64']);
    t.same(await read(p), [
      { _corrupt_record: null, a: 1 }, { _corrupt_record: '{"a": 2', a: null }, { _corrupt_record: '7', a: null }, { _corrupt_record: null, a: 4 },
    ]);
  });

  t.test('PERMISSIVE with a schema marks rows whose values do not fit', async (t) => {
    const p = file(['{"a": 1, "d": "2024-02-03"}', '{"a": "x", "d": "2024-02-03"}']);
    const schema = new A.Schema([new A.Field('a', new A.Int32(), true), new A.Field('d', new A.DateDay(), true), new A.Field('_corrupt_record', new A.Utf8(), true)]);
    t.same(await read(p, { schema }), [
      { a: 1, d: Date.UTC(2024, 1, 3), _corrupt_record: null },
      { a: null, d: Date.UTC(2024, 1, 3), _corrupt_record: '{"a": "x", "d": "2024-02-03"}' },
    ]);
  });

  t.test('DROPMALFORMED drops bad lines from inference and data', async (t) => {
    const p = bad();
    t.same(typesOf(await inferJsonSchema(fs, [p], { mode: 'DROPMALFORMED' })), ['a:Int64']);
    t.same(await read(p, { mode: 'DROPMALFORMED' }), [{ a: 1 }, { a: 4 }]);
  });

  t.test('FAILFAST throws MalformedRecordError naming file and line', async (t) => {
    const p = bad();
    const err = await read(p, { mode: 'FAILFAST' }).catch((e: unknown) => e);
    t.type(err, MalformedRecordError);
    t.equal((err as MalformedRecordError).line, 2);
    t.match((err as Error).message, `${p}:2`);
  });
});
