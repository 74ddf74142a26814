// PySpark-named type classes (`new T.IntegerType()`, `new T.StructType([...])`); each instance is also
// the plain data form (`kind` + fields), so it serializes as-is and `reviveDataType` restores the class.
import { EngineError, ErrorCode } from '../../common/index.js';
import type {
  AtomicKind, DataType, FieldMetadata, StructFieldData, StructTypeData,
} from './data-type.js';
import { sameType } from './data-type.js';
import { simpleString, typeName } from './type-names.js';
import { treeString } from './tree-string.js';

/** Methods shared by every type class (PySpark's `DataType`). */
abstract class TypeBase {
  abstract readonly kind: DataType['kind'];
  simpleString(): string { return simpleString(this as unknown as DataType); }
  typeName(): string { return typeName(this as unknown as DataType); }
  equals(other: DataType): boolean { return sameType(this as unknown as DataType, other); }
  toString(): string { return simpleString(this as unknown as DataType); }
}

function atomic<K extends AtomicKind>(kind: K) {
  return class extends TypeBase { readonly kind: K = kind; };
}

export class StringType extends atomic('string') {}
export class BinaryType extends atomic('binary') {}
export class BooleanType extends atomic('boolean') {}
export class ByteType extends atomic('byte') {}
export class ShortType extends atomic('short') {}
export class IntegerType extends atomic('integer') {}
export class LongType extends atomic('long') {}
export class FloatType extends atomic('float') {}
export class DoubleType extends atomic('double') {}
export class DateType extends atomic('date') {}
export class TimestampType extends atomic('timestamp') {}
export class TimestampNTZType extends atomic('timestamp_ntz') {}
export class NullType extends atomic('null') {}

export class DecimalType extends TypeBase {
  readonly kind = 'decimal' as const;
  /** Spark's default is decimal(10,0). */
  constructor(readonly precision = 10, readonly scale = 0) {
    super();
    if (!Number.isInteger(precision) || precision < 1 || precision > 38 || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new EngineError(ErrorCode.InvalidArgument,
        `Decimal precision ${precision} and scale ${scale} are invalid: need 1 <= precision <= 38 and 0 <= scale <= precision`,
        { fields: { precision, scale } });
    }
  }
}

export class ArrayType extends TypeBase {
  readonly kind = 'array' as const;
  constructor(readonly elementType: DataType, readonly containsNull = true) { super(); }
}

export class MapType extends TypeBase {
  readonly kind = 'map' as const;
  constructor(readonly keyType: DataType, readonly valueType: DataType, readonly valueContainsNull = true) { super(); }
}

export class StructField implements StructFieldData {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable = true,
    readonly metadata: FieldMetadata = {},
  ) {}
  simpleString(): string { return `${this.name}:${simpleString(this.dataType)}`; }
}

export class StructType extends TypeBase implements StructTypeData {
  readonly kind = 'struct' as const;
  readonly fields: readonly StructField[];
  constructor(fields: readonly StructFieldData[] = []) {
    super();
    this.fields = fields.map((f) => (f instanceof StructField ? f : new StructField(f.name, f.dataType, f.nullable, f.metadata)));
  }
  /** PySpark's `add(name, dataType, nullable, metadata)`; returns a new StructType (types are immutable). */
  add(name: string, dataType: DataType, nullable = true, metadata: FieldMetadata = {}): StructType {
    return new StructType([...this.fields, new StructField(name, dataType, nullable, metadata)]);
  }
  fieldNames(): string[] { return this.fields.map((f) => f.name); }
  get names(): string[] { return this.fieldNames(); }
  /** Field by exact name; undefined when absent. */
  field(name: string): StructField | undefined { return this.fields.find((f) => f.name === name); }
  treeString(maxDepth?: number): string { return treeString(this, maxDepth); }
}

/** Rebuilds class instances from the plain data form (after JSON/msgpack transport). */
export function reviveDataType(t: DataType): DataType {
  switch (t.kind) {
    case 'decimal': return new DecimalType(t.precision, t.scale);
    case 'array': return new ArrayType(reviveDataType(t.elementType), t.containsNull);
    case 'map': return new MapType(reviveDataType(t.keyType), reviveDataType(t.valueType), t.valueContainsNull);
    case 'struct': return reviveStruct(t);
    default: return atomicOf(t.kind);
  }
}

export function reviveStruct(t: StructTypeData): StructType {
  return new StructType(t.fields.map((f) => new StructField(f.name, reviveDataType(f.dataType), f.nullable, f.metadata ?? {})));
}

const ATOMIC: { readonly [K in AtomicKind]: new () => TypeBase & { kind: K } } = {
  string: StringType, binary: BinaryType, boolean: BooleanType, byte: ByteType, short: ShortType,
  integer: IntegerType, long: LongType, float: FloatType, double: DoubleType, date: DateType,
  timestamp: TimestampType, timestamp_ntz: TimestampNTZType, null: NullType,
};

/** A fresh instance of the atomic type class for `kind`. */
export function atomicOf(kind: AtomicKind): DataType {
  const C = ATOMIC[kind];
  if (C === undefined) throw new EngineError(ErrorCode.InvalidArgument, `unknown data type kind: ${String(kind)}`);
  return new C() as unknown as DataType;
}
