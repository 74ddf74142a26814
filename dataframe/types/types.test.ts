import t from 'tap';
import { Packr } from 'msgpackr';
import * as T from './index.js';

const struct = new T.StructType([
  new T.StructField('a', new T.IntegerType()),
  new T.StructField('b', new T.ArrayType(new T.LongType(), false), false),
  new T.StructField('c', new T.MapType(new T.StringType(), new T.DecimalType(10, 2))),
  new T.StructField('d', new T.StructType([new T.StructField('x', new T.DoubleType()), new T.StructField('y', new T.ArrayType(new T.StructType([new T.StructField('z', new T.DateType())])))])),
  new T.StructField('e', new T.TimestampType()),
  new T.StructField('f', new T.NullType()),
]);

t.test('simpleString', async (t) => {
  t.equal(new T.IntegerType().simpleString(), 'int');
  t.equal(new T.LongType().simpleString(), 'bigint');
  t.equal(new T.ByteType().simpleString(), 'tinyint');
  t.equal(new T.ShortType().simpleString(), 'smallint');
  t.equal(new T.DecimalType(10, 2).simpleString(), 'decimal(10,2)');
  t.equal(new T.ArrayType(new T.IntegerType()).simpleString(), 'array<int>');
  t.equal(new T.StructType([new T.StructField('a', new T.IntegerType()), new T.StructField('b', new T.StringType())]).simpleString(), 'struct<a:int,b:string>');
  t.equal(new T.MapType(new T.StringType(), new T.IntegerType()).simpleString(), 'map<string,int>');
  t.equal(new T.NullType().simpleString(), 'void');
  t.equal(new T.TimestampNTZType().simpleString(), 'timestamp_ntz');
  t.equal(T.sqlTypeName(new T.IntegerType()), 'INT');
});

t.test('treeString prints as Spark printSchema', async (t) => {
  t.equal(struct.treeString(), [
    'root',
    ' |-- a: integer (nullable = true)',
    ' |-- b: array (nullable = false)',
    ' |    |-- element: long (containsNull = false)',
    ' |-- c: map (nullable = true)',
    ' |    |-- key: string',
    ' |    |-- value: decimal(10,2) (valueContainsNull = true)',
    ' |-- d: struct (nullable = true)',
    ' |    |-- x: double (nullable = true)',
    ' |    |-- y: array (nullable = true)',
    ' |    |    |-- element: struct (containsNull = true)',
    ' |    |    |    |-- z: date (nullable = true)',
    ' |-- e: timestamp (nullable = true)',
    ' |-- f: void (nullable = true)',
    '',
  ].join('\n'));
  t.equal(new T.StructType([]).treeString(), 'root\n');
  t.equal(new T.StructType([new T.StructField('a\nb', new T.IntegerType())]).treeString(), 'root\n |-- a\\nb: integer (nullable = true)\n');
});

t.test('parseDataType reads DDL type strings', async (t) => {
  for (const s of ['int', 'bigint', 'decimal(10,2)', 'array<int>', 'map<string,int>', 'struct<a:int,b:string>', 'array<struct<a:decimal(38,18)>>', 'tinyint', 'smallint', 'boolean', 'date', 'timestamp', 'double', 'float', 'binary']) {
    t.equal(T.simpleString(T.parseDataType(s)), s);
  }
  t.equal(T.parseDataType('INTEGER').kind, 'integer');
  t.equal(T.simpleString(T.parseDataType('decimal')), 'decimal(10,0)');
  t.equal(T.simpleString(T.parseDataType('struct< a : int , b: string >')), 'struct<a:int,b:string>');
  t.throws(() => T.parseDataType('intt'), { code: 'ANALYSIS' });
  t.throws(() => T.parseDataType('array<int'), { code: 'ANALYSIS' });
  t.throws(() => new T.DecimalType(39, 0), { code: 'INVALID_ARGUMENT' });
});

t.test('types round-trip as plain data through JSON and msgpack', async (t) => {
  const json = JSON.parse(JSON.stringify(struct)) as T.StructTypeData;
  t.ok(T.sameType(json, struct));
  const revived = T.reviveStruct(json);
  t.equal(revived.treeString(), struct.treeString());
  const packr = new Packr();
  const mp = packr.unpack(packr.pack(struct)) as T.StructTypeData;
  t.ok(T.sameType(mp, struct));
  t.equal(T.reviveStruct(mp).simpleString(), struct.simpleString());
});

t.test('Arrow type mapping round-trips', async (t) => {
  const schema = T.toArrowSchema(struct);
  t.equal(String(schema.fields[0].type), 'Int32');
  t.equal(String(schema.fields[4].type), 'Timestamp<MICROSECOND, UTC>');
  t.equal(T.fromArrowSchema(schema).treeString(), struct.treeString());
  t.equal(T.fromArrowType(T.toArrowType(new T.TimestampNTZType())).kind, 'timestamp_ntz');
  t.equal(T.fromArrowType(T.toArrowType(new T.DateType())).kind, 'date');
  t.equal(T.fromArrowType(T.toArrowType(new T.BinaryType())).kind, 'binary');
});

const ty = (s: string) => T.parseDataType(s);
const str = (x: T.DataType | null | undefined) => (x ? T.simpleString(x) : 'none');

t.test('numeric widening and arithmetic coercion', async (t) => {
  t.equal(str(T.widerNumericType(ty('tinyint'), ty('smallint'))), 'smallint');
  t.equal(str(T.widerNumericType(ty('int'), ty('bigint'))), 'bigint');
  t.equal(str(T.widerNumericType(ty('bigint'), ty('float'))), 'float');
  t.equal(str(T.widerNumericType(ty('int'), ty('decimal(5,2)'))), 'decimal(12,2)');
  t.equal(str(T.widerNumericType(ty('decimal(5,2)'), ty('double'))), 'double');
  t.equal(str(T.coerceArithmetic('add', ty('int'), ty('int'))?.result), 'int');
  t.equal(str(T.coerceArithmetic('divide', ty('int'), ty('int'))?.result), 'double');
  t.equal(str(T.coerceArithmetic('divide', ty('bigint'), ty('float'))?.result), 'double');
  t.equal(str(T.coerceArithmetic('add', ty('string'), ty('int'))?.result), 'double');
  t.equal(str(T.coerceArithmetic('add', ty('int'), ty('boolean'))?.result), 'none');
  t.equal(str(T.coerceArithmetic('multiply', ty('int'), ty('bigint'))?.left), 'bigint');
});

t.test('DecimalPrecision result types', async (t) => {
  const d = (a: string, b: string, op: T.ArithmeticOp) => str(T.coerceArithmetic(op, ty(a), ty(b))?.result);
  t.equal(d('decimal(10,2)', 'decimal(10,2)', 'add'), 'decimal(11,2)');
  t.equal(d('decimal(10,2)', 'decimal(5,3)', 'subtract'), 'decimal(12,3)');
  t.equal(d('decimal(10,2)', 'decimal(10,2)', 'multiply'), 'decimal(21,4)');
  t.equal(d('decimal(10,2)', 'decimal(10,2)', 'divide'), 'decimal(23,13)');
  t.equal(d('decimal(10,2)', 'decimal(5,3)', 'remainder'), 'decimal(5,3)');
  t.equal(d('decimal(38,10)', 'decimal(38,10)', 'multiply'), 'decimal(38,6)');
  t.equal(d('decimal(38,18)', 'decimal(38,18)', 'divide'), 'decimal(38,6)');
  t.equal(d('int', 'decimal(10,2)', 'add'), 'decimal(13,2)');
  t.equal(d('int', 'decimal(10,2)', 'divide'), 'decimal(23,11)');
  t.equal(d('decimal(10,2)', 'double', 'add'), 'double');
});

t.test('comparison coercion (non-ANSI)', async (t) => {
  t.equal(str(T.comparisonType(ty('string'), ty('int'))), 'int');
  t.equal(str(T.comparisonType(ty('bigint'), ty('string'))), 'bigint');
  t.equal(str(T.comparisonType(ty('string'), ty('decimal(10,2)'))), 'double');
  t.equal(str(T.comparisonType(ty('string'), ty('date'))), 'date');
  t.equal(str(T.comparisonType(ty('date'), ty('timestamp'))), 'timestamp');
  t.equal(str(T.comparisonType(ty('int'), ty('double'))), 'double');
  t.equal(str(T.comparisonType(ty('array<int>'), ty('int'))), 'none');
  t.equal(str(T.commonType([ty('int'), ty('bigint'), ty('void')])), 'bigint');
  t.equal(str(T.commonType([ty('int'), ty('string')])), 'string');
});

t.test('Java value formatting', async (t) => {
  const cases: Array<[number, string]> = [
    [1, '1.0'], [1e10, '1.0E10'], [1e-5, '1.0E-5'], [0.001, '0.001'], [1234567.0, '1234567.0'], [1e7, '1.0E7'],
    [-2.5, '-2.5'], [0, '0.0'], [-0, '-0.0'], [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
    [0.1 + 0.2, '0.30000000000000004'], [123.456, '123.456'], [1.7976931348623157e308, '1.7976931348623157E308'],
    [4.9e-324, '4.9E-324'], [100, '100.0'], [12345678.9, '1.23456789E7'], [0.00012, '1.2E-4'],
  ];
  for (const [v, s] of cases) t.equal(T.javaDoubleToString(v), s, `${v}`);
  t.equal(T.javaFloatToString(Math.fround(0.1)), '0.1');
  t.equal(T.javaFloatToString(Math.fround(3.14)), '3.14');
  t.equal(T.javaFloatToString(Math.fround(1e10)), '1.0E10');
  t.equal(T.decimalToString(12345n, 2), '123.45');
  t.equal(T.decimalToString(-5n, 3), '-0.005');
  t.equal(T.decimalToString(0n, 2), '0.00');
  t.equal(T.decimalToString(7n, 0), '7');
  t.equal(T.formatDate(0), '1970-01-01');
  t.equal(T.formatDate(-1), '1969-12-31');
  t.equal(T.formatDate(18262), '2020-01-01');
  t.equal(T.formatTimestamp(0n), '1970-01-01 00:00:00');
  t.equal(T.formatTimestamp(1_577_880_000_123_000n), '2020-01-01 12:00:00.123');
  t.equal(T.formatTimestamp(-1n), '1969-12-31 23:59:59.999999');
  t.equal(T.formatBinaryHex(new Uint8Array([1, 10, 255])), '[01 0A FF]');
});
