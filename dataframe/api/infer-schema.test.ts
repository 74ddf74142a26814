import t from 'tap';
import * as T from '../types/index.js';
import { inferSchema, parseDdlSchema, toExternalValue, toInternalValue } from './index.js';

const names = (s: T.StructTypeData) => s.fields.map((f) => `${f.name}:${T.simpleString(f.dataType)}:${f.nullable}`);

t.test('inferSchema', async (t) => {
  t.test('infers PySpark\'s types from JS values; every field nullable', async (t) => {
    t.same(names(inferSchema([[1, 1.5, 'a', true, 2n, new Date(0), new Uint8Array([1])]])),
      ['_1:bigint:true', '_2:double:true', '_3:string:true', '_4:boolean:true', '_5:bigint:true', '_6:timestamp:true', '_7:binary:true']);
  });
  t.test('sorts object keys as PySpark sorts dict items, and renames by position', async (t) => {
    t.same(names(inferSchema([{ z: 1, a: 'x' }])), ['a:string:true', 'z:bigint:true']);
    t.same(names(inferSchema([[1, 'x']], ['id', 'name'])), ['id:bigint:true', 'name:string:true']);
  });
  t.test('takes a later row\'s type for a column null so far; integers and fractions merge to double', async (t) => {
    t.same(names(inferSchema([[null, 1], ['a', 2.5]])), ['_1:string:true', '_2:double:true']);
  });
  t.test('refuses empty data, undeterminable and conflicting types', async (t) => {
    t.throws(() => inferSchema([]), { message: /CANNOT_INFER_EMPTY_SCHEMA/ });
    t.throws(() => inferSchema([[null]]), { message: /^\[CANNOT_DETERMINE_TYPE\]/ });
    t.throws(() => inferSchema([[1], [true]]), { message: '[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `BooleanType` (field _1).' });
    t.throws(() => inferSchema([[[1, 2]]]), { code: 'UNSUPPORTED' });
  });
});

t.test('parseDdlSchema reads Spark DDL field lists', async (t) => {
  t.same(names(parseDdlSchema('a INT, b STRING NOT NULL, `c d` decimal(10, 2), m map<string,int>')),
    ['a:int:true', 'b:string:false', 'c d:decimal(10,2):true', 'm:map<string,int>:true']);
  t.same(names(parseDdlSchema('a: bigint, b: double')), ['a:bigint:true', 'b:double:true']);
  t.throws(() => parseDdlSchema('a nosuchtype'), { code: 'ANALYSIS' });
});

t.test('row values convert between JS and internal forms', async (t) => {
  t.equal(toInternalValue(5, { kind: 'long' }), 5n);
  t.equal(toInternalValue('12.3', { kind: 'decimal', precision: 10, scale: 2 }), 1230n);
  t.equal(toInternalValue(-1.5, { kind: 'decimal', precision: 10, scale: 2 }), -150n);
  t.equal(toInternalValue('1970-01-02', { kind: 'date' }), 1);
  t.equal(toInternalValue(new Date(1500), { kind: 'timestamp' }), 1_500_000n);
  t.equal(toInternalValue(undefined, { kind: 'string' }), null);
  t.throws(() => toInternalValue('x', { kind: 'integer' }), { message: /FIELD_DATA_TYPE_UNACCEPTABLE/ });
  t.throws(() => toInternalValue(1.5, { kind: 'long' }), { code: 'INVALID_ARGUMENT' });
  t.equal(toExternalValue(-150n, { kind: 'decimal', precision: 10, scale: 2 }), '-1.50');
  t.same(toExternalValue(1, { kind: 'date' }), new Date('1970-01-02T00:00:00Z'));
  t.same(toExternalValue(1_500_000n, { kind: 'timestamp' }), new Date(1500));
  t.equal(toExternalValue(7n, { kind: 'long' }), 7n);
});
