// captureCheck: refuses, before a job starts, a user function that refers to anything it cannot
// take to an executor — an outer variable, `this` of its surroundings, an undeclared import. The
// only free names allowed are the fixed globals, compiler helpers and (for bundles) module imports.

import type { Pattern } from 'acorn';
import { EngineError, ErrorCode } from '../../common/index.js';
import { ALLOWED_GLOBALS, COMPILER_HELPERS } from './closure-globals.js';
import { parseFunction, type ParsedFunction } from './closure-parse.js';
import { freeVariables } from './closure-scope.js';

/** How a function is going to be called on the executor. */
export interface CaptureCheckOptions {
  /** Arguments the operation passes before the captures object (map: 1, reduce: 2). Default 1. */
  readonly argCount?: number;
  /** The operation, for messages and hints (`map`, `filter`, …). Default `map`. */
  readonly operation?: string;
  /** Top-level names of the shipped bundle (the user program's imports) the function may use. */
  readonly moduleBindings?: Iterable<string>;
  /** Lets the function read its own receiver (`this`): AccumulatorParam methods get one. */
  readonly allowThis?: boolean;
}

/** A function that passed the check, with what it uses from outside. */
export interface CheckedFunction {
  readonly parsed: ParsedFunction;
  /** Free names resolved against the bundle's module bindings (the executor must provide them). */
  readonly moduleRefs: readonly string[];
  /** Compiler helpers used (`__name`). */
  readonly helpers: readonly string[];
}

/**
 * Parses `fn` and checks that every name it refers to is a global, a compiler helper, a module
 * binding of the shipped bundle or a parameter; throws CLOSURE_CAPTURE naming the variables
 * otherwise, and NOT_SERIALIZABLE when `fn` has no usable source.
 */
export function captureCheck(fn: Function, declared: Readonly<Record<string, unknown>>,
  options: CaptureCheckOptions = {}): CheckedFunction {
  const parsed = parseFunction(fn);
  const report = freeVariables(parsed.node, parsed.kind === 'method');
  const modules = new Set(options.moduleBindings ?? []);
  const operation = options.operation ?? 'map';
  const argCount = options.argCount ?? 1;
  const refuse = (variables: readonly string[], detail: string): EngineError => new EngineError(
    ErrorCode.ClosureCapture, `${operation} ${parsed.label} ${detail}`,
    { fields: { function: parsed.label, operation, variables: variables.join(', '), variable: variables[0] } });

  const bad: string[] = [];
  const moduleRefs: string[] = [];
  const helpers: string[] = [];
  for (const name of report.free) {
    if (ALLOWED_GLOBALS.has(name)) continue;
    if (COMPILER_HELPERS.has(name)) helpers.push(name);
    else if (modules.has(name)) moduleRefs.push(name);
    else bad.push(name);
  }
  if (bad.length > 0) {
    const list = bad.map((n) => `\`${n}\``).join(', ');
    const first = bad[0] as string;
    const hint = Object.hasOwn(declared, first)
      ? `\`${first}\` is passed as a captured value but read as an outer variable; read it from the `
        + `captures argument: rdd.${operation}(${argNames(argCount)}, { ${first} }) => …, { ${first} })`
      : `pass it as a captured value: rdd.${operation}(${argNames(argCount)}, { ${first} }) => …, { ${first} })`;
    throw refuse(bad, `refers to ${list} from outside the function, which cannot be shipped to an `
      + `executor (only globals, imported modules and captured values can); ${hint}`);
  }
  if (report.outerThis) {
    throw refuse(['this'], 'refers to `this` (or `super`/`new.target`) of the code around it, which cannot '
      + `be shipped; pass the fields it needs as captured values: rdd.${operation}(${argNames(argCount)}, `
      + '{ field }) => …, { field: this.field })');
  }
  if (report.ownThis && !options.allowThis) {
    throw refuse(['this'], 'uses `this`, but a shipped function is called without a receiver; pass the '
      + 'fields it needs as captured values');
  }
  if (report.ownSuper) throw refuse(['super'], 'uses `super`, whose home object cannot be shipped');
  if (report.importMeta) {
    throw refuse(['import.meta'], 'uses `import.meta` of its module, which does not exist on an executor');
  }
  const missing = destructuredCaptures(parsed, argCount).filter((k) => !Object.hasOwn(declared, k));
  if (missing.length > 0) {
    throw refuse(missing, `destructures ${missing.map((k) => `\`${k}\``).join(', ')} from its captures, but `
      + `no captured value of that name was passed; add it: rdd.${operation}(fn, { ${missing.join(', ')} })`);
  }
  return { parsed, moduleRefs, helpers };
}

function argNames(argCount: number): string {
  const names = ['x', 'y', 'z', 'w'];
  return `(${Array.from({ length: argCount }, (_, i) => names[i] ?? `a${i}`).join(', ')}`;
}

/** Keys read by an object pattern in the captures parameter position, e.g. `(row, { acc })`. */
function destructuredCaptures(parsed: ParsedFunction, argCount: number): string[] {
  const param: Pattern | undefined = parsed.node.params[argCount];
  const pattern = param?.type === 'AssignmentPattern' ? param.left : param;
  if (pattern?.type !== 'ObjectPattern') return [];
  const keys: string[] = [];
  for (const p of pattern.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    if (p.key.type === 'Identifier') keys.push(p.key.name);
    else if (p.key.type === 'Literal') keys.push(String(p.key.value));
  }
  return keys;
}
