// Turns a live function into its parsed source: the acorn node of the function and an expression
// source that evaluates to an equivalent function elsewhere (methods become function expressions).
// Native, bound and class constructors have no shippable source and are refused here.

import { parse, type Function as AcornFunction, type Expression, type Node } from 'acorn';
import { EngineError, ErrorCode } from '../../common/index.js';

/** How the function was written; methods are shipped as equivalent function expressions. */
export type FunctionKind = 'arrow' | 'function' | 'method';

/** A function's source, parsed. */
export interface ParsedFunction {
  readonly kind: FunctionKind;
  readonly async: boolean;
  readonly generator: boolean;
  /** The function's node, positioned in `wrapped`. */
  readonly node: AcornFunction;
  /** An expression (parenthesized) that evaluates to the function. */
  readonly expression: string;
  /** A short label for messages: the name, or the first line of the source. */
  readonly label: string;
}

// `super` outside a method parses so that an arrow using its surroundings' `super` is named, not garbled.
const ACORN = { ecmaVersion: 'latest', sourceType: 'module', allowSuperOutsideMethod: true } as const;

/** A human label for `fn` in messages: `function name` or the first line of its source. */
export function functionLabel(fn: Function, source = safeSource(fn)): string {
  if (fn.name) return `function '${fn.name}'`;
  const first = source.split('\n', 1)[0] ?? '';
  return `function \`${first.length > 60 ? `${first.slice(0, 57)}...` : first}\``;
}

function safeSource(fn: Function): string {
  return Function.prototype.toString.call(fn);
}

function refuse(label: string, reason: string): EngineError {
  return new EngineError(ErrorCode.NotSerializable, `cannot ship ${label}: ${reason}`,
    { fields: { function: label, reason } });
}

/** Parses `fn` from its source; throws NOT_SERIALIZABLE when it has none usable. */
export function parseFunction(fn: Function): ParsedFunction {
  if (typeof fn !== 'function') {
    throw new EngineError(ErrorCode.InvalidArgument, `expected a function, got ${typeof fn}`);
  }
  const source = safeSource(fn);
  const label = functionLabel(fn, source);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    const why = fn.name.startsWith('bound ')
      ? 'it is a bound function, whose source is not available; pass the bound values as captures instead'
      : 'it is a native function, whose source is not available; wrap it: (x) => Math.sqrt(x)';
    throw refuse(label, why);
  }
  if (/^class\b/.test(source)) throw refuse(label, 'it is a class; pass a function');

  const asExpression = tryParse(`(${source}\n)`, expressionOf);
  if (asExpression) {
    const node = asExpression;
    const kind: FunctionKind = node.type === 'ArrowFunctionExpression' ? 'arrow' : 'function';
    return { kind, async: node.async, generator: node.generator, node, expression: `(${source}\n)`, label };
  }
  // A method (`m(x) {}`, `async *g() {}`, `get v() {}`, `[key](x) {}`), from an object or a class.
  const asMethod = tryParse(`({${source}\n})`, methodOf)
    ?? tryParse(`(class {${source}\n})`, methodOf);
  if (asMethod) {
    const { wrapped, node } = asMethod;
    // The method's FunctionExpression starts at its parameter list: rebuild it as a function.
    const rest = wrapped.slice(node.start, node.end);
    const head = `${node.async ? 'async ' : ''}function${node.generator ? '*' : ''} `;
    return { kind: 'method', async: node.async, generator: node.generator, node, expression: `(${head}${rest}\n)`,
      label };
  }
  const reason = /#[A-Za-z_$]/.test(source)
    ? 'it uses private class members (#name), which exist only inside its class'
    : 'its source could not be parsed as a function';
  throw refuse(label, reason);
}

function tryParse<T>(text: string, pick: (program: Node, text: string) => T | null): T | null {
  try {
    return pick(parse(text, ACORN), text);
  } catch {
    return null;
  }
}

function topExpression(program: Node): Expression | null {
  const body = (program as unknown as { body: Node[] }).body;
  if (body.length !== 1 || body[0]?.type !== 'ExpressionStatement') return null;
  return (body[0] as unknown as { expression: Expression }).expression;
}

function expressionOf(program: Node): AcornFunction | null {
  const e = topExpression(program);
  return e && (e.type === 'ArrowFunctionExpression' || e.type === 'FunctionExpression') ? e : null;
}

function methodOf(program: Node, wrapped: string): { wrapped: string; node: AcornFunction } | null {
  const e = topExpression(program);
  if (e?.type === 'ObjectExpression' && e.properties.length === 1) {
    const p = e.properties[0];
    if (p && p.type === 'Property' && (p.method || p.kind !== 'init')) {
      return { wrapped, node: p.value as AcornFunction };
    }
  }
  if (e?.type === 'ClassExpression' && e.body.body.length === 1) {
    const m = e.body.body[0];
    if (m && m.type === 'MethodDefinition' && m.kind !== 'constructor') return { wrapped, node: m.value };
  }
  return null;
}

/** Parses a shipped expression source (`ParsedFunction.expression`) back into its function node. */
export function parseShippedSource(source: string): AcornFunction | null {
  return tryParse(source, expressionOf);
}
