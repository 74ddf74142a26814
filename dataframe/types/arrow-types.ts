// Mapping between Spark types and Arrow types: Int32, Int64, Float64, Utf8, Bool, Date32 (days),
// Timestamp(µs, UTC) for TimestampType and Timestamp(µs) without zone for TimestampNTZType, Decimal128, List, Struct, Map.
import * as A from 'apache-arrow';
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { DataType, StructTypeData } from './data-type.js';
import {
  ArrayType, BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType, FloatType, IntegerType,
  LongType, MapType, NullType, ShortType, StringType, StructField, StructType, TimestampNTZType, TimestampType,
} from './type-classes.js';

/** The Arrow type that stores values of `t`. */
export function toArrowType(t: DataType): A.DataType {
  switch (t.kind) {
    case 'null': return new A.Null();
    case 'boolean': return new A.Bool();
    case 'byte': return new A.Int8();
    case 'short': return new A.Int16();
    case 'integer': return new A.Int32();
    case 'long': return new A.Int64();
    case 'float': return new A.Float32();
    case 'double': return new A.Float64();
    case 'string': return new A.Utf8();
    case 'binary': return new A.Binary();
    case 'date': return new A.DateDay();
    case 'timestamp': return new A.TimestampMicrosecond('UTC');
    case 'timestamp_ntz': return new A.TimestampMicrosecond(null);
    case 'decimal': return new A.Decimal(t.scale, t.precision, 128);
    case 'array': return new A.List(new A.Field('element', toArrowType(t.elementType), t.containsNull));
    case 'map': return new A.Map_(new A.Field('entries', new A.Struct<any>([
      new A.Field('key', toArrowType(t.keyType), false),
      new A.Field('value', toArrowType(t.valueType), t.valueContainsNull),
    ]), false));
    case 'struct': return new A.Struct(t.fields.map((f) => new A.Field(f.name, toArrowType(f.dataType), f.nullable)));
    default: return assertNever(t, 'data type');
  }
}

/** An Arrow schema for a Spark struct type. */
export function toArrowSchema(schema: StructTypeData): A.Schema {
  return new A.Schema(schema.fields.map((f) => new A.Field(f.name, toArrowType(f.dataType), f.nullable)));
}

/** The Spark type for an Arrow type; unsigned and other types without a Spark twin throw UNSUPPORTED. */
export function fromArrowType(t: A.DataType): DataType {
  if (A.DataType.isNull(t)) return new NullType();
  if (A.DataType.isBool(t)) return new BooleanType();
  if (A.DataType.isInt(t) && t.isSigned) {
    switch (t.bitWidth) {
      case 8: return new ByteType();
      case 16: return new ShortType();
      case 32: return new IntegerType();
      case 64: return new LongType();
    }
  }
  if (A.DataType.isFloat(t)) return t.precision === A.Precision.SINGLE ? new FloatType() : new DoubleType();
  if (A.DataType.isUtf8(t) || A.DataType.isLargeUtf8(t)) return new StringType();
  if (A.DataType.isBinary(t) || A.DataType.isLargeBinary(t)) return new BinaryType();
  if (A.DataType.isDate(t)) return new DateType();
  if (A.DataType.isTimestamp(t)) return t.timezone ? new TimestampType() : new TimestampNTZType();
  if (A.DataType.isDecimal(t)) return new DecimalType(t.precision, t.scale);
  if (A.DataType.isList(t)) return new ArrayType(fromArrowType(t.children[0].type), t.children[0].nullable);
  if (A.DataType.isMap(t)) {
    const [k, v] = (t.children[0].type as A.Struct).children;
    return new MapType(fromArrowType(k.type), fromArrowType(v.type), v.nullable);
  }
  if (A.DataType.isStruct(t)) return new StructType(t.children.map((f) => new StructField(f.name, fromArrowType(f.type), f.nullable)));
  throw new EngineError(ErrorCode.Unsupported, `Arrow type ${String(t)} has no Spark data type`, { fields: { arrowType: String(t) } });
}

/** The Spark schema of an Arrow schema. */
export function fromArrowSchema(schema: A.Schema): StructType {
  return new StructType(schema.fields.map((f) => new StructField(f.name, fromArrowType(f.type), f.nullable)));
}
