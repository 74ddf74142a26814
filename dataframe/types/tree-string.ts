// printSchema's tree exactly as Spark's StructType.treeString prints it:
// "root\n |-- a: integer (nullable = true)\n" with nested levels indented by "    |".
import type { DataType, StructTypeData } from './data-type.js';
import { typeName } from './type-names.js';

const META: ReadonlyArray<[string, string]> = [
  ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t'], ['\f', '\\f'], ['\b', '\\b'], ['\u000B', '\\v'], ['\u0007', '\\a'],
];

/** Spark's SchemaUtils.escapeMetaCharacters: control characters shown as escapes. */
export function escapeMetaCharacters(s: string): string {
  let out = s;
  for (const [from, to] of META) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** Spark's `StructType.treeString(maxDepth)`; maxDepth <= 0 means unlimited. */
export function treeString(schema: StructTypeData, maxDepth = Number.MAX_SAFE_INTEGER): string {
  const lines: string[] = ['root\n'];
  const depth = maxDepth > 0 ? maxDepth : Number.MAX_SAFE_INTEGER;
  for (const f of schema.fields) {
    fieldLine(lines, ' |', f.name, f.dataType, `(nullable = ${f.nullable})`, depth, 1);
  }
  return lines.join('');
}

function fieldLine(out: string[], prefix: string, name: string, t: DataType, suffix: string, maxDepth: number, level: number): void {
  if (level > maxDepth) return;
  out.push(`${prefix}-- ${escapeMetaCharacters(name)}: ${typeName(t)} ${suffix}\n`);
  children(out, t, `${prefix}    |`, maxDepth, level + 1);
}

function children(out: string[], t: DataType, prefix: string, maxDepth: number, level: number): void {
  if (level > maxDepth) return;
  switch (t.kind) {
    case 'struct':
      for (const f of t.fields) fieldLine(out, prefix, f.name, f.dataType, `(nullable = ${f.nullable})`, maxDepth, level);
      return;
    case 'array':
      out.push(`${prefix}-- element: ${typeName(t.elementType)} (containsNull = ${t.containsNull})\n`);
      children(out, t.elementType, `${prefix}    |`, maxDepth, level + 1);
      return;
    case 'map':
      out.push(`${prefix}-- key: ${typeName(t.keyType)}\n`);
      children(out, t.keyType, `${prefix}    |`, maxDepth, level + 1);
      out.push(`${prefix}-- value: ${typeName(t.valueType)} (valueContainsNull = ${t.valueContainsNull})\n`);
      children(out, t.valueType, `${prefix}    |`, maxDepth, level + 1);
      return;
    default:
      return;
  }
}
