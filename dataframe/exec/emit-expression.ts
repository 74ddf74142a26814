// Generates the per-row JS statements for a bound expression: one fused body per tree, locals `vK`/`nK`
// per node, Spark null semantics (propagation, three-valued AND/OR, lazy CASE), non-ANSI arithmetic.
import { EngineError, ErrorCode, assertNever } from '../../common/index.js';
import type { BoundExpression } from '../expressions/index.js';
import type { DataType } from '../types/index.js';
import { simpleString } from '../types/index.js';
import { castCode } from './cast-codegen.js';
import type { CodegenContext, Emitted } from './codegen-context.js';
import { emitCall } from './emit-call.js';

const WRAP: Readonly<Record<string, string>> = { byte: ' << 24 >> 24', short: ' << 16 >> 16', integer: ' | 0' };
const CMP: Readonly<Record<string, string>> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function literalCode(ctx: CodegenContext, value: unknown, t: DataType): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : ctx.constant(value);
  if (typeof value === 'boolean') return String(value);
  if (t.kind === 'boolean') return String(Boolean(value));
  return ctx.constant(value);
}

/** Equality of two non-null values of type `t` as JS code. */
export function equalCode(t: DataType, a: string, b: string): string {
  switch (t.kind) {
    case 'double': case 'float': return `(${a} === ${b} || (${a} !== ${a} && ${b} !== ${b}))`;
    case 'binary': return `(rt.compareBytes(${a}, ${b}) === 0)`;
    case 'array': case 'map': case 'struct':
      throw new EngineError(ErrorCode.Unsupported, `comparison of ${simpleString(t)} values is not supported yet`);
    default: return `(${a} === ${b})`;
  }
}

function orderCode(t: DataType, op: string, a: string, b: string): string {
  switch (t.kind) {
    case 'double': case 'float': return `(rt.compareDouble(${a}, ${b}) ${op} 0)`;
    case 'binary': return `(rt.compareBytes(${a}, ${b}) ${op} 0)`;
    case 'array': case 'map': case 'struct':
      throw new EngineError(ErrorCode.Unsupported, `ordering of ${simpleString(t)} values is not supported yet`);
    default: return `(${a} ${op} ${b})`;
  }
}

/** Arithmetic on non-null operands; returns [expression, mayBeNull]. */
function arithmeticCode(e: Extract<BoundExpression, { kind: 'arithmetic' }>, a: string, b: string): [string, boolean] {
  const t = e.dataType;
  const sym = { add: '+', subtract: '-', multiply: '*', divide: '/', remainder: '%' }[e.op];
  switch (t.kind) {
    case 'byte': case 'short': case 'integer':
      if (e.op === 'multiply') return [`(Math.imul(${a}, ${b})${WRAP[t.kind]})`, false];
      if (e.op === 'remainder') return [`(${b} === 0 ? null : (${a} % ${b})${WRAP[t.kind]})`, true];
      if (e.op === 'divide') return [`(${b} === 0 ? null : (${a} / ${b})${WRAP[t.kind]})`, true];
      return [`((${a} ${sym} ${b})${WRAP[t.kind]})`, false];
    case 'long':
      if (e.op === 'divide' || e.op === 'remainder') return [`(${b} === 0n ? null : BigInt.asIntN(64, ${a} ${sym} ${b}))`, true];
      return [`BigInt.asIntN(64, ${a} ${sym} ${b})`, false];
    case 'double': case 'float': {
      const r = e.op === 'divide' || e.op === 'remainder' ? `(${b} === 0 ? null : ${a} ${sym} ${b})` : `(${a} ${sym} ${b})`;
      return [t.kind === 'float' ? `rt.fround${r}` : r, e.op === 'divide' || e.op === 'remainder'];
    }
    case 'decimal': {
      const l = e.left.dataType; const r = e.right.dataType;
      if (l.kind !== 'decimal' || r.kind !== 'decimal') break;
      const s1 = l.scale; const s2 = r.scale; const ns = Math.max(s1, s2);
      const up = (x: string, s: number) => (ns > s ? `${x} * ${10n ** BigInt(ns - s)}n` : x);
      switch (e.op) {
        case 'add': case 'subtract':
          return [`rt.decimalRescale(${up(a, s1)} ${sym} ${up(b, s2)}, ${ns}, ${t.scale}, ${t.precision})`, true];
        case 'multiply': return [`rt.decimalRescale(${a} * ${b}, ${s1 + s2}, ${t.scale}, ${t.precision})`, true];
        case 'divide': return [`rt.decimalDivide(${a}, ${s1}, ${b}, ${s2}, ${t.scale}, ${t.precision})`, true];
        case 'remainder': return [`(${b} === 0n ? null : rt.decimalRescale((${up(a, s1)}) % (${up(b, s2)}), ${ns}, ${t.scale}, ${t.precision}))`, true];
      }
    }
  }
  throw new EngineError(ErrorCode.Unsupported, `arithmetic on ${simpleString(t)} is not supported yet`);
}

function negateCode(t: DataType, a: string): string {
  switch (t.kind) {
    case 'byte': case 'short': case 'integer': return `((-${a})${WRAP[t.kind]})`;
    case 'long': return `BigInt.asIntN(64, -${a})`;
    case 'float': case 'double': case 'decimal': return `(-${a})`;
    default: throw new EngineError(ErrorCode.Unsupported, `negation of ${simpleString(t)}`);
  }
}

/** Statements computing `e` for row `i` into fresh locals. */
export function emit(ctx: CodegenContext, e: BoundExpression): Emitted {
  const out = ctx.fresh(e.dataType);
  const { v, n } = out;
  const nullable = (x: string, mayNull: boolean) => (mayNull ? `${v} = ${x}; ${n} = ${v} === null; if (${n}) ${v} = ${literalZero(e.dataType)};` : `${v} = ${x};`);
  switch (e.kind) {
    case 'input': {
      const { values, mask } = ctx.input(e.ordinal);
      const read = e.dataType.kind === 'boolean' ? `${values}[i] === 1` : `${values}[i]`;
      if (e.dataType.kind === 'null') return { code: `${n} = true;`, v, n };
      return { code: `${n} = ${mask} !== null && ${mask}[i] === 0; ${v} = ${read};`, v, n };
    }
    case 'literal':
      if (e.value === null) return { code: `${n} = true;`, v, n };
      return { code: `${v} = ${literalCode(ctx, e.value, e.dataType)};`, v, n };
    case 'arithmetic': case 'comparison': {
      const l = emit(ctx, e.left); const r = emit(ctx, e.right);
      if (e.kind === 'comparison') {
        const t = e.left.dataType;
        const test = e.op === 'eq' || e.op === 'eqNullSafe' ? equalCode(t, l.v, r.v) : orderCode(t, CMP[e.op], l.v, r.v);
        if (e.op === 'eqNullSafe') return { code: `${l.code} ${r.code} ${n} = false; ${v} = ${l.n} ? ${r.n} : (!${r.n} && ${test});`, v, n };
        return { code: `${l.code} ${r.code} ${n} = ${l.n} || ${r.n}; if (!${n}) ${v} = ${test};`, v, n };
      }
      const [expr, mayNull] = arithmeticCode(e, l.v, r.v);
      return { code: `${l.code} ${r.code} ${n} = ${l.n} || ${r.n}; if (!${n}) { ${nullable(expr, mayNull)} }`, v, n };
    }
    case 'logical': {
      const l = emit(ctx, e.left); const r = emit(ctx, e.right);
      const decisive = e.op === 'and' ? 'false' : 'true';
      const test = e.op === 'and' ? '!' : '';
      return {
        code: `${l.code} if (!${l.n} && ${test}${l.v}) { ${n} = false; ${v} = ${decisive}; } else { ${r.code} ` +
          `if (!${r.n} && ${test}${r.v}) { ${n} = false; ${v} = ${decisive}; } else { ${n} = ${l.n} || ${r.n}; ${v} = !${decisive}; } }`,
        v, n,
      };
    }
    case 'unary': {
      const c = emit(ctx, e.child);
      switch (e.op) {
        case 'isNull': return { code: `${c.code} ${n} = false; ${v} = ${c.n};`, v, n };
        case 'isNotNull': return { code: `${c.code} ${n} = false; ${v} = !${c.n};`, v, n };
        case 'not': return { code: `${c.code} ${n} = ${c.n}; ${v} = !${c.v};`, v, n };
        case 'negate': return { code: `${c.code} ${n} = ${c.n}; if (!${n}) ${v} = ${negateCode(e.dataType, c.v)};`, v, n };
      }
      return assertNever(e as never, 'unary operator');
    }
    case 'cast': {
      const c = emit(ctx, e.child);
      if (e.child.dataType.kind === 'null') return { code: `${n} = true;`, v, n };
      const { expr, nullable: mayNull } = castCode(c.v, e.child.dataType, e.dataType, (x) => ctx.constant(x));
      return { code: `${c.code} ${n} = ${c.n}; if (!${n}) { ${nullable(expr, mayNull)} }`, v, n };
    }
    case 'caseWhen': {
      let code = e.otherwise ? (() => { const o = emit(ctx, e.otherwise); return `${o.code} ${v} = ${o.v}; ${n} = ${o.n};`; })() : `${n} = true;`;
      for (let b = e.branches.length - 1; b >= 0; b--) {
        const c = emit(ctx, e.branches[b].condition); const x = emit(ctx, e.branches[b].value);
        code = `${c.code} if (!${c.n} && ${c.v}) { ${x.code} ${v} = ${x.v}; ${n} = ${x.n}; } else { ${code} }`;
      }
      return { code, v, n };
    }
    case 'in': {
      const c = emit(ctx, e.child);
      const seen = ctx.fresh({ kind: 'boolean' }).v;
      const items = e.list.map((x) => { const it = emit(ctx, x); return `${it.code} if (${it.n}) ${seen} = true; else if (${equalCode(e.child.dataType, c.v, it.v)}) ${v} = true;`; });
      return { code: `${c.code} ${v} = false; ${seen} = false; if (${c.n}) { ${n} = true; } else { ${items.join(' ')} ${n} = !${v} && ${seen}; }`, v, n };
    }
    case 'regexMatch': {
      const c = emit(ctx, e.child);
      const re = ctx.constant(new RegExp(e.regex, e.flags));
      return { code: `${c.code} ${n} = ${c.n}; if (!${n}) ${v} = ${re}.test(${c.v});`, v, n };
    }
    case 'coalesce': {
      let code = `${n} = true;`;
      for (let k = e.children.length - 1; k >= 0; k--) {
        const c = emit(ctx, e.children[k]);
        code = `${c.code} if (!${c.n}) { ${v} = ${c.v}; ${n} = false; } else { ${code} }`;
      }
      return { code, v, n };
    }
    case 'call': {
      const args = e.args.map((a) => emit(ctx, a));
      const { expr, nullable: mayNull } = emitCall(e, args.map((a) => a.v));
      const anyNull = args.length === 0 ? 'false' : args.map((a) => a.n).join(' || ');
      return { code: `${args.map((a) => a.code).join(' ')} ${n} = ${anyNull}; if (!${n}) { ${nullable(expr, mayNull)} }`, v, n };
    }
    default:
      return assertNever(e, 'bound expression');
  }
}

function literalZero(t: DataType): string {
  if (t.kind === 'boolean') return 'false';
  if (t.kind === 'string') return "''";
  if (t.kind === 'long' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz' || t.kind === 'decimal') return '0n';
  if (t.kind === 'array' || t.kind === 'map' || t.kind === 'struct' || t.kind === 'binary') return 'null';
  return '0';
}
