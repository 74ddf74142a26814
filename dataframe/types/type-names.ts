// Spark's spellings of types: `simpleString` (DDL: int, bigint, decimal(10,2), array<int>, struct<a:int>)
// and `typeName` (printSchema: integer, long, decimal(10,2), array, struct).
import { assertNever } from '../../common/index.js';
import type { DataType } from './data-type.js';

/** Spark's `DataType.simpleString`, e.g. `int`, `bigint`, `map<string,int>`, `struct<a:int,b:string>`. */
export function simpleString(t: DataType): string {
  switch (t.kind) {
    case 'byte': return 'tinyint';
    case 'short': return 'smallint';
    case 'integer': return 'int';
    case 'long': return 'bigint';
    case 'null': return 'void';
    case 'string': case 'binary': case 'boolean': case 'float': case 'double':
    case 'date': case 'timestamp': case 'timestamp_ntz':
      return t.kind;
    case 'decimal': return `decimal(${t.precision},${t.scale})`;
    case 'array': return `array<${simpleString(t.elementType)}>`;
    case 'map': return `map<${simpleString(t.keyType)},${simpleString(t.valueType)}>`;
    case 'struct': return `struct<${t.fields.map((f) => `${f.name}:${simpleString(f.dataType)}`).join(',')}>`;
    default: return assertNever(t, 'data type');
  }
}

/** Spark's `DataType.typeName`, as printed by printSchema: `integer`, `long`, `void`, `array`. */
export function typeName(t: DataType): string {
  switch (t.kind) {
    case 'null': return 'void';
    case 'decimal': return `decimal(${t.precision},${t.scale})`;
    default: return t.kind;
  }
}

/** Spark's `DataType.sql`, as used in CAST(... AS INT) column names. */
export function sqlTypeName(t: DataType): string {
  switch (t.kind) {
    case 'array': return `ARRAY<${sqlTypeName(t.elementType)}>`;
    case 'map': return `MAP<${sqlTypeName(t.keyType)}, ${sqlTypeName(t.valueType)}>`;
    case 'struct': return `STRUCT<${t.fields.map((f) => `${f.name}: ${sqlTypeName(f.dataType)}`).join(', ')}>`;
    default: return simpleString(t).toUpperCase();
  }
}
