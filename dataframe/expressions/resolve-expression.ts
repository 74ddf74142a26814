// The analyzer for one expression: binds column names to input ordinals (case-insensitive, Spark's default),
// applies non-ANSI coercion by inserting casts, and types every node; errors are ANALYSIS with Spark's classes.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { DataType, StructTypeData } from '../types/index.js';
import {
  coerceArithmetic, commonType, comparisonType, isNumeric, sameType, simpleString, sqlTypeName,
} from '../types/index.js';
import type { BoundExpression } from './bound-expression.js';
import { canCast, castIntroducesNull } from './can-cast.js';
import type { ArithmeticOperator, ComparisonOperator, Expression } from './expression.js';
import { ARITHMETIC_OPERATORS, COMPARISON_OPERATORS } from './expression.js';
import { expressionName } from './expression-name.js';
import { lookupFunction } from './function-registry.js';
import { likeToRegex } from './like-pattern.js';
import { unresolvedColumnError } from './suggest.js';

const BOOLEAN: DataType = { kind: 'boolean' };

function mismatch(e: Expression, detail: string): EngineError {
  return new EngineError(ErrorCode.Analysis,
    `[DATATYPE_MISMATCH] Cannot resolve "${expressionName(e)}" due to data type mismatch: ${detail}.`,
    { fields: { errorClass: 'DATATYPE_MISMATCH', expression: expressionName(e) } });
}

/** Wraps `b` in a cast to `to` unless it already has that type. */
export function castTo(b: BoundExpression, to: DataType): BoundExpression {
  if (sameType(b.dataType, to, true)) return b;
  return { kind: 'cast', child: b, dataType: to, nullable: b.nullable || castIntroducesNull(b.dataType, to) };
}

/** Index of column `name` in `schema`: exact match first, then a single case-insensitive match. */
export function resolveColumnIndex(schema: StructTypeData, name: string): number {
  const exact = schema.fields.findIndex((f) => f.name === name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  const matches = schema.fields.flatMap((f, i) => (f.name.toLowerCase() === lower ? [i] : []));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new EngineError(ErrorCode.Analysis,
      `[AMBIGUOUS_REFERENCE] Reference \`${name}\` is ambiguous, could be: [${matches.map((i) => `\`${schema.fields[i].name}\``).join(', ')}].`,
      { fields: { errorClass: 'AMBIGUOUS_REFERENCE', name } });
  }
  throw unresolvedColumnError(name, schema.fields.map((f) => f.name));
}

/** Resolves `e` against the input `schema` into a typed, bound expression. */
export function resolveExpression(e: Expression, schema: StructTypeData): BoundExpression {
  switch (e.kind) {
    case 'column': {
      const ordinal = resolveColumnIndex(schema, e.name);
      const f = schema.fields[ordinal];
      return { kind: 'input', ordinal, name: f.name, dataType: f.dataType, nullable: f.nullable };
    }
    case 'literal':
      return { kind: 'literal', value: e.value, dataType: e.dataType, nullable: e.value === null };
    case 'alias': case 'sortOrder':
      return resolveExpression(e.child, schema);
    case 'binary': {
      const l = resolveExpression(e.left, schema);
      const r = resolveExpression(e.right, schema);
      if (ARITHMETIC_OPERATORS.has(e.op)) {
        const op = e.op as ArithmeticOperator;
        const c = coerceArithmetic(op, l.dataType, r.dataType);
        if (c === null) throw mismatch(e, `the left and right operands of the binary operator have incompatible types ("${sqlTypeName(l.dataType)}" and "${sqlTypeName(r.dataType)}")`);
        const alwaysNullable = op === 'divide' || op === 'remainder' || c.result.kind === 'decimal';
        return { kind: 'arithmetic', op, left: castTo(l, c.left), right: castTo(r, c.right), dataType: c.result, nullable: alwaysNullable || l.nullable || r.nullable };
      }
      if (COMPARISON_OPERATORS.has(e.op)) {
        const op = e.op as ComparisonOperator;
        const t = comparisonType(l.dataType, r.dataType);
        if (t === null) throw mismatch(e, `the left and right operands of the binary operator have incompatible types ("${sqlTypeName(l.dataType)}" and "${sqlTypeName(r.dataType)}")`);
        return { kind: 'comparison', op, left: castTo(l, t), right: castTo(r, t), dataType: BOOLEAN, nullable: op !== 'eqNullSafe' && (l.nullable || r.nullable) };
      }
      for (const side of [l, r]) {
        if (side.dataType.kind !== 'boolean' && side.dataType.kind !== 'null') throw mismatch(e, `the binary operator requires the input type "BOOLEAN", not "${sqlTypeName(side.dataType)}"`);
      }
      return { kind: 'logical', op: e.op as 'and' | 'or', left: castTo(l, BOOLEAN), right: castTo(r, BOOLEAN), dataType: BOOLEAN, nullable: l.nullable || r.nullable };
    }
    case 'unary': {
      const c = resolveExpression(e.child, schema);
      switch (e.op) {
        case 'isNull': case 'isNotNull':
          return { kind: 'unary', op: e.op, child: c, dataType: BOOLEAN, nullable: false };
        case 'not':
          if (c.dataType.kind !== 'boolean' && c.dataType.kind !== 'null') throw mismatch(e, `parameter 1 requires the "BOOLEAN" type, however "${expressionName(e.child)}" has the type "${sqlTypeName(c.dataType)}"`);
          return { kind: 'unary', op: 'not', child: castTo(c, BOOLEAN), dataType: BOOLEAN, nullable: c.nullable };
        case 'negate': {
          const t = c.dataType.kind === 'string' || c.dataType.kind === 'null' ? { kind: 'double' } as DataType : c.dataType;
          if (!isNumeric(t)) throw mismatch(e, `parameter 1 requires the "NUMERIC" type, however "${expressionName(e.child)}" has the type "${sqlTypeName(c.dataType)}"`);
          return { kind: 'unary', op: 'negate', child: castTo(c, t), dataType: t, nullable: c.nullable };
        }
      }
      return assertNever(e as never, 'unary operator');
    }
    case 'cast': {
      const c = resolveExpression(e.child, schema);
      if (!canCast(c.dataType, e.to)) throw mismatch(e, `cannot cast "${sqlTypeName(c.dataType)}" to "${sqlTypeName(e.to)}"`);
      return { kind: 'cast', child: c, dataType: e.to, nullable: c.nullable || castIntroducesNull(c.dataType, e.to) };
    }
    case 'caseWhen': {
      const conds = e.branches.map((b) => resolveExpression(b.condition, schema));
      for (const [i, c] of conds.entries()) {
        if (c.dataType.kind !== 'boolean' && c.dataType.kind !== 'null') throw mismatch(e, `WHEN expressions in CaseWhen should all be boolean type, but the ${i + 1}th when expression's type is ${simpleString(c.dataType)}`);
      }
      const values = e.branches.map((b) => resolveExpression(b.value, schema));
      const other = e.otherwise ? resolveExpression(e.otherwise, schema) : null;
      const all = other ? [...values, other] : values;
      const t = commonType(all.map((v) => v.dataType));
      if (t === null) throw mismatch(e, `THEN and ELSE expressions should all be same type or coercible to a common type, got ${all.map((v) => simpleString(v.dataType)).join(', ')}`);
      return {
        kind: 'caseWhen',
        branches: conds.map((c, i) => ({ condition: castTo(c, BOOLEAN), value: castTo(values[i], t) })),
        otherwise: other ? castTo(other, t) : null,
        dataType: t,
        nullable: other === null || all.some((v) => v.nullable),
      };
    }
    case 'in': {
      const c = resolveExpression(e.child, schema);
      const list = e.list.map((x) => resolveExpression(x, schema));
      let t: DataType | null = c.dataType;
      for (const x of list) t = t === null ? null : comparisonType(t, x.dataType);
      if (t === null) throw mismatch(e, `input to \`in\` should all be the same type, but it's [${[c, ...list].map((x) => simpleString(x.dataType)).join(', ')}]`);
      const tt = t;
      return { kind: 'in', child: castTo(c, tt), list: list.map((x) => castTo(x, tt)), dataType: BOOLEAN, nullable: c.nullable || list.some((x) => x.nullable) };
    }
    case 'like': case 'rlike': {
      const c = resolveExpression(e.child, schema);
      if (c.dataType.kind === 'array' || c.dataType.kind === 'map' || c.dataType.kind === 'struct') throw mismatch(e, `parameter 1 requires the "STRING" type, however "${expressionName(e.child)}" has the type "${sqlTypeName(c.dataType)}"`);
      const regex = e.kind === 'like' ? likeToRegex(e.pattern, e.escapeChar) : e.pattern;
      return { kind: 'regexMatch', child: castTo(c, { kind: 'string' }), regex, flags: e.kind === 'like' ? 's' : '', dataType: BOOLEAN, nullable: c.nullable };
    }
    case 'coalesce': {
      const cs = e.children.map((x) => resolveExpression(x, schema));
      const t = commonType(cs.map((x) => x.dataType));
      if (t === null) throw mismatch(e, `input to function coalesce should all be the same type, but it's [${cs.map((x) => simpleString(x.dataType)).join(', ')}]`);
      return { kind: 'coalesce', children: cs.map((x) => castTo(x, t)), dataType: t, nullable: cs.every((x) => x.nullable) };
    }
    case 'call': {
      const fn = lookupFunction(e.name);
      if (fn === undefined) {
        throw new EngineError(ErrorCode.Analysis,
          `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${e.name}\` on search path [\`system\`.\`builtin\`].`,
          { fields: { errorClass: 'UNRESOLVED_ROUTINE', routineName: e.name } });
      }
      const args = e.args.map((x) => resolveExpression(x, schema));
      if (args.length < fn.minArgs || args.length > fn.maxArgs) {
        throw new EngineError(ErrorCode.Analysis, `[WRONG_NUM_ARGS] The \`${fn.name}\` requires ${fn.minArgs === fn.maxArgs ? fn.minArgs : `at least ${fn.minArgs}`} parameters but the actual number is ${args.length}.`,
          { fields: { errorClass: 'WRONG_NUM_ARGS', functionName: fn.name } });
      }
      const sig = fn.signature(args.map((a) => a.dataType));
      if (sig === null) throw mismatch(e, `function ${fn.name} does not accept arguments of types (${args.map((a) => simpleString(a.dataType)).join(', ')})`);
      return {
        kind: 'call', name: fn.name, args: args.map((a, i) => castTo(a, sig.argTypes[i])),
        dataType: sig.dataType, nullable: sig.introducesNull || args.some((a) => a.nullable),
      };
    }
    default:
      return assertNever(e, 'expression');
  }
}
