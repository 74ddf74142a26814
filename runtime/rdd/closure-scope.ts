// Free-variable analysis of one parsed function (acorn ESTree): which names it reads or writes that
// no scope inside it binds, and whether it reaches for the enclosing `this`/`super`/`new.target`.
// Strict-mode scoping: block-scoped function declarations, separate parameter and body scopes.

import type * as es from 'acorn';

/** What a function refers to from outside itself. */
export interface FreeVariableReport {
  /** Free identifiers, in order of first occurrence. */
  readonly free: readonly string[];
  /** `this` bound by the analysed function itself (a function or method reading its receiver). */
  readonly ownThis: boolean;
  /** `this`, `super` or `new.target` taken from the scope around the analysed (arrow) function. */
  readonly outerThis: boolean;
  /** `super` at the top level of the analysed method. */
  readonly ownSuper: boolean;
  /** `import.meta` anywhere inside (it belongs to the defining module). */
  readonly importMeta: boolean;
}

interface Scope {
  readonly parent: Scope | null;
  readonly names: Set<string>;
  /** `var` declarations land in the nearest scope with varTarget. */
  readonly varTarget: boolean;
  /** Binds `this` (non-arrow function, class field initializer, static block). */
  readonly bindsThis: boolean;
  /** Binds `super` (method, class field initializer, static block). */
  readonly bindsSuper: boolean;
  /** The analysed function's own parameter scope. */
  readonly root: boolean;
}

type Pattern = es.Pattern;

/** Computes the free variables of `fn` (the analysed function) with full lexical scoping. */
export function freeVariables(fn: es.Function, isMethod: boolean): FreeVariableReport {
  const refs: { name: string; scope: Scope }[] = [];
  const flags = { ownThis: false, outerThis: false, ownSuper: false, importMeta: false };
  const outside: Scope = newScope(null, { varTarget: true });

  function newScope(parent: Scope | null, o: Partial<Omit<Scope, 'parent' | 'names'>> = {}): Scope {
    return { parent, names: new Set(), varTarget: o.varTarget ?? false, bindsThis: o.bindsThis ?? false,
      bindsSuper: o.bindsSuper ?? false, root: o.root ?? false };
  }
  function varScope(s: Scope): Scope {
    let cur = s;
    while (!cur.varTarget && cur.parent) cur = cur.parent;
    return cur;
  }
  // Which binder `this`/`super` resolves to: the root function, an inner one, or nothing (outside).
  function binder(s: Scope, key: 'bindsThis' | 'bindsSuper'): 'root' | 'inner' | 'outer' {
    for (let cur: Scope | null = s; cur && cur !== outside; cur = cur.parent) {
      if (cur[key]) return cur.root ? 'root' : 'inner';
    }
    return 'outer';
  }

  function declarePattern(p: Pattern, target: Scope, s: Scope): void {
    switch (p.type) {
      case 'Identifier': target.names.add(p.name); return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') declarePattern(prop.argument, target, s);
          else {
            if (prop.computed) expr(prop.key, s);
            declarePattern(prop.value, target, s);
          }
        }
        return;
      case 'ArrayPattern':
        for (const el of p.elements) if (el) declarePattern(el, target, s);
        return;
      case 'RestElement': declarePattern(p.argument, target, s); return;
      case 'AssignmentPattern': declarePattern(p.left, target, s); expr(p.right, s); return;
      case 'MemberExpression': expr(p, s); return;
    }
  }
  // Destructuring assignment: the targets are references (writes), not declarations.
  function assignPattern(p: Pattern, s: Scope): void {
    switch (p.type) {
      case 'Identifier': refs.push({ name: p.name, scope: s }); return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') assignPattern(prop.argument, s);
          else {
            if (prop.computed) expr(prop.key, s);
            assignPattern(prop.value, s);
          }
        }
        return;
      case 'ArrayPattern':
        for (const el of p.elements) if (el) assignPattern(el, s);
        return;
      case 'RestElement': assignPattern(p.argument, s); return;
      case 'AssignmentPattern': assignPattern(p.left, s); expr(p.right, s); return;
      case 'MemberExpression': expr(p, s); return;
    }
  }

  function func(f: es.Function, s: Scope, o: { method: boolean; root: boolean }): void {
    let outer = s;
    if (f.type === 'FunctionExpression' && f.id) {
      outer = newScope(s);
      outer.names.add(f.id.name);
    }
    const arrow = f.type === 'ArrowFunctionExpression';
    const params = newScope(outer, { bindsThis: !arrow, bindsSuper: o.method, root: o.root });
    if (!arrow) params.names.add('arguments');
    for (const p of f.params) declarePattern(p, params, params);
    const body = newScope(params, { varTarget: true });
    if (f.body.type === 'BlockStatement') statements(f.body.body, body);
    else expr(f.body, body);
  }

  function klass(c: es.Class, s: Scope): void {
    if (c.superClass) expr(c.superClass, s);
    const inner = newScope(s);
    if (c.id) inner.names.add(c.id.name);
    for (const m of c.body.body) {
      switch (m.type) {
        case 'MethodDefinition':
          if (m.computed) expr(m.key as es.Expression, inner);
          func(m.value, inner, { method: true, root: false });
          break;
        case 'PropertyDefinition':
          if (m.computed) expr(m.key as es.Expression, inner);
          if (m.value) expr(m.value, newScope(inner, { bindsThis: true, bindsSuper: true, varTarget: true }));
          break;
        case 'StaticBlock':
          statements(m.body, newScope(inner, { bindsThis: true, bindsSuper: true, varTarget: true }));
          break;
      }
    }
  }

  function statements(list: readonly es.Statement[], s: Scope): void {
    for (const st of list) stmt(st, s);
  }

  function declaration(d: es.VariableDeclaration, s: Scope): void {
    const target = d.kind === 'var' ? varScope(s) : s;
    for (const dec of d.declarations) {
      declarePattern(dec.id, target, s);
      if (dec.init) expr(dec.init, s);
    }
  }

  function stmt(st: es.Statement | es.ModuleDeclaration, s: Scope): void {
    switch (st.type) {
      case 'ExpressionStatement': expr(st.expression, s); return;
      case 'BlockStatement': statements(st.body, newScope(s)); return;
      case 'EmptyStatement': case 'DebuggerStatement': return;
      case 'WithStatement': expr(st.object, s); stmt(st.body, newScope(s)); return;
      case 'ReturnStatement': if (st.argument) expr(st.argument, s); return;
      case 'LabeledStatement': stmt(st.body, s); return;
      case 'BreakStatement': case 'ContinueStatement': return;
      case 'IfStatement':
        expr(st.test, s); stmt(st.consequent, s); if (st.alternate) stmt(st.alternate, s);
        return;
      case 'SwitchStatement': {
        expr(st.discriminant, s);
        const inner = newScope(s);
        for (const c of st.cases) { if (c.test) expr(c.test, inner); statements(c.consequent, inner); }
        return;
      }
      case 'ThrowStatement': expr(st.argument, s); return;
      case 'TryStatement':
        stmt(st.block, s);
        if (st.handler) {
          const inner = newScope(s);
          if (st.handler.param) declarePattern(st.handler.param, inner, inner);
          stmt(st.handler.body, inner);
        }
        if (st.finalizer) stmt(st.finalizer, s);
        return;
      case 'WhileStatement': expr(st.test, s); stmt(st.body, s); return;
      case 'DoWhileStatement': stmt(st.body, s); expr(st.test, s); return;
      case 'ForStatement': {
        const inner = newScope(s);
        if (st.init) {
          if (st.init.type === 'VariableDeclaration') declaration(st.init, inner); else expr(st.init, inner);
        }
        if (st.test) expr(st.test, inner);
        if (st.update) expr(st.update, inner);
        stmt(st.body, inner);
        return;
      }
      case 'ForInStatement': case 'ForOfStatement': {
        const inner = newScope(s);
        if (st.left.type === 'VariableDeclaration') declaration(st.left, inner);
        else assignPattern(st.left, inner);
        expr(st.right, inner);
        stmt(st.body, inner);
        return;
      }
      case 'FunctionDeclaration':
        s.names.add(st.id.name);
        func(st, s, { method: false, root: false });
        return;
      case 'VariableDeclaration': declaration(st, s); return;
      case 'ClassDeclaration': s.names.add(st.id.name); klass(st, s); return;
      default:
        // Import/export declarations cannot occur inside a function body.
        return;
    }
  }

  function expr(e: es.Expression | es.Super | es.PrivateIdentifier | es.SpreadElement, s: Scope): void {
    switch (e.type) {
      case 'Identifier': refs.push({ name: e.name, scope: s }); return;
      case 'Literal': case 'PrivateIdentifier': return;
      case 'ThisExpression': {
        const b = binder(s, 'bindsThis');
        if (b === 'root') flags.ownThis = true; else if (b === 'outer') flags.outerThis = true;
        return;
      }
      case 'Super': {
        const b = binder(s, 'bindsSuper');
        if (b === 'root') flags.ownSuper = true; else if (b === 'outer') flags.outerThis = true;
        return;
      }
      case 'MetaProperty':
        if (e.meta.name === 'import') flags.importMeta = true;
        else if (binder(s, 'bindsThis') === 'outer') flags.outerThis = true;
        return;
      case 'ArrayExpression': for (const el of e.elements) if (el) expr(el, s); return;
      case 'ObjectExpression':
        for (const p of e.properties) {
          if (p.type === 'SpreadElement') { expr(p.argument, s); continue; }
          if (p.computed) expr(p.key, s);
          if (p.method || p.kind !== 'init') func(p.value as es.FunctionExpression, s, { method: true, root: false });
          else expr(p.value as es.Expression, s);
        }
        return;
      case 'FunctionExpression': case 'ArrowFunctionExpression':
        func(e, s, { method: false, root: false });
        return;
      case 'ClassExpression': klass(e, s); return;
      case 'UnaryExpression': case 'UpdateExpression': case 'AwaitExpression': case 'SpreadElement':
        expr(e.argument, s);
        return;
      case 'YieldExpression': if (e.argument) expr(e.argument, s); return;
      case 'BinaryExpression': case 'LogicalExpression':
        expr(e.left, s); expr(e.right, s);
        return;
      case 'AssignmentExpression':
        assignPattern(e.left, s); expr(e.right, s);
        return;
      case 'MemberExpression':
        expr(e.object, s);
        if (e.computed) expr(e.property, s);
        return;
      case 'ConditionalExpression': expr(e.test, s); expr(e.consequent, s); expr(e.alternate, s); return;
      case 'CallExpression': case 'NewExpression':
        expr(e.callee, s);
        for (const a of e.arguments) expr(a, s);
        return;
      case 'SequenceExpression': for (const x of e.expressions) expr(x, s); return;
      case 'TemplateLiteral': for (const x of e.expressions) expr(x, s); return;
      case 'TaggedTemplateExpression': expr(e.tag, s); expr(e.quasi, s); return;
      case 'ChainExpression': expr(e.expression, s); return;
      case 'ParenthesizedExpression': expr(e.expression, s); return;
      case 'ImportExpression': expr(e.source, s); if (e.options) expr(e.options, s); return;
    }
  }

  func(fn, outside, { method: isMethod, root: true });

  const free: string[] = [];
  const seen = new Set<string>();
  for (const { name, scope } of refs) {
    let bound = false;
    for (let cur: Scope | null = scope; cur && cur !== outside; cur = cur.parent) {
      if (cur.names.has(name)) { bound = true; break; }
    }
    if (!bound && !seen.has(name)) { seen.add(name); free.push(name); }
  }
  return { free, ...flags };
}
