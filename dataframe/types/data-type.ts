// Spark's data types as a closed union of plain, serializable records tagged by `kind`.
// Every function over types takes this data form; the PySpark-named classes (type-classes.ts) implement it.

/** Types with no parameters. */
export type AtomicKind =
  | 'string' | 'binary' | 'boolean' | 'byte' | 'short' | 'integer' | 'long'
  | 'float' | 'double' | 'date' | 'timestamp' | 'timestamp_ntz' | 'null';

export interface AtomicTypeData { readonly kind: AtomicKind }
export interface DecimalTypeData { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
export interface ArrayTypeData { readonly kind: 'array'; readonly elementType: DataType; readonly containsNull: boolean }
export interface MapTypeData {
  readonly kind: 'map';
  readonly keyType: DataType;
  readonly valueType: DataType;
  readonly valueContainsNull: boolean;
}
/** Field metadata is a JSON object, as Spark's `Metadata`. */
export type FieldMetadata = Readonly<Record<string, unknown>>;
export interface StructFieldData {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly metadata: FieldMetadata;
}
export interface StructTypeData { readonly kind: 'struct'; readonly fields: readonly StructFieldData[] }

/** Any Spark data type, as plain data. */
export type DataType = AtomicTypeData | DecimalTypeData | ArrayTypeData | MapTypeData | StructTypeData;
export type DataTypeKind = DataType['kind'];

/** Spark's maximum decimal precision (and scale). */
export const MAX_DECIMAL_PRECISION = 38;

const INTEGRAL: ReadonlySet<DataTypeKind> = new Set(['byte', 'short', 'integer', 'long']);
const NUMERIC: ReadonlySet<DataTypeKind> = new Set(['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal']);

export const isIntegral = (t: DataType): boolean => INTEGRAL.has(t.kind);
export const isNumeric = (t: DataType): boolean => NUMERIC.has(t.kind);
export const isFractional = (t: DataType): boolean => t.kind === 'float' || t.kind === 'double';
export const isDecimal = (t: DataType): t is DecimalTypeData => t.kind === 'decimal';
export const isAtomic = (t: DataType): boolean => t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct';

/** Structural equality of two types (field names compared exactly, metadata ignored). */
export function sameType(a: DataType, b: DataType, ignoreNullability = false): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'decimal': {
      const d = b as DecimalTypeData;
      return a.precision === d.precision && a.scale === d.scale;
    }
    case 'array': {
      const o = b as ArrayTypeData;
      return sameType(a.elementType, o.elementType, ignoreNullability) &&
        (ignoreNullability || a.containsNull === o.containsNull);
    }
    case 'map': {
      const o = b as MapTypeData;
      return sameType(a.keyType, o.keyType, ignoreNullability) &&
        sameType(a.valueType, o.valueType, ignoreNullability) &&
        (ignoreNullability || a.valueContainsNull === o.valueContainsNull);
    }
    case 'struct': {
      const o = b as StructTypeData;
      return a.fields.length === o.fields.length && a.fields.every((f, i) => {
        const g = o.fields[i];
        return f.name === g.name && sameType(f.dataType, g.dataType, ignoreNullability) &&
          (ignoreNullability || f.nullable === g.nullable);
      });
    }
    default:
      return true;
  }
}
