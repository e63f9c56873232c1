/**
 * The free names of a code cell: identifiers it reads that it does not declare
 * itself. Object keys, member names, labels and local declarations (which may
 * shadow a cell's name) are not free. Parsed with acorn after sucrase strips the
 * TypeScript; scopes follow JavaScript's rules closely enough for dependencies
 * (function scopes hoist var and function declarations, blocks scope let, const
 * and class).
 */
import { parse } from "acorn";
import { transform } from "sucrase";

type Node = { type: string; [key: string]: any };

class Scope {
  readonly names = new Set<string>();
  constructor(readonly parent: Scope | null) {}
  has(name: string): boolean {
    return this.names.has(name) || (this.parent !== null && this.parent.has(name));
  }
}

/** Names bound by a declaration pattern: `a`, `{a, b: c}`, `[d, ...e]`, `f = 1`. */
function patternNames(p: Node | null, out: string[] = []): string[] {
  if (!p) return out;
  switch (p.type) {
    case "Identifier": out.push(p.name); break;
    case "ObjectPattern": for (const prop of p.properties) patternNames(prop.type === "RestElement" ? prop.argument : prop.value, out); break;
    case "ArrayPattern": for (const el of p.elements) patternNames(el, out); break;
    case "AssignmentPattern": patternNames(p.left, out); break;
    case "RestElement": patternNames(p.argument, out); break;
  }
  return out;
}

/** var and function declarations hoisted to a function (or program) body. */
function hoistVars(node: Node, scope: Scope): void {
  const visit = (n: Node | null, top: boolean) => {
    if (!n || typeof n.type !== "string") return;
    if (n.type === "VariableDeclaration" && n.kind === "var") for (const d of n.declarations) for (const x of patternNames(d.id)) scope.names.add(x);
    if (n.type === "FunctionDeclaration" && top && n.id) scope.names.add(n.id.name);
    if (/Function/.test(n.type) || n.type === "ClassDeclaration" || n.type === "ClassExpression") return;
    for (const k of Object.keys(n)) {
      const v = n[k];
      if (Array.isArray(v)) v.forEach((c) => visit(c, false));
      else if (v && typeof v.type === "string") visit(v, false);
    }
  };
  for (const stmt of node.body ?? []) visit(stmt, true);
}

/** let, const, class (and function, in blocks) declared directly in a block. */
function hoistLexical(statements: Node[], scope: Scope): void {
  for (const s of statements) {
    const d = s.type === "ExportNamedDeclaration" ? s.declaration : s;
    if (!d) continue;
    if (d.type === "VariableDeclaration" && d.kind !== "var") for (const x of d.declarations) for (const n of patternNames(x.id)) scope.names.add(n);
    if ((d.type === "ClassDeclaration" || d.type === "FunctionDeclaration") && d.id) scope.names.add(d.id.name);
  }
}

function freeIn(root: Node): Set<string> {
  const free = new Set<string>();
  const program = new Scope(null);
  hoistVars(root, program);
  hoistLexical(root.body, program);

  const ref = (name: string, scope: Scope) => { if (!scope.has(name)) free.add(name); };

  const visitPattern = (p: Node | null, scope: Scope) => {
    // Defaults and computed keys inside a pattern are reads.
    if (!p) return;
    if (p.type === "AssignmentPattern") { visitPattern(p.left, scope); visit(p.right, scope); }
    else if (p.type === "ObjectPattern") for (const prop of p.properties) {
      if (prop.type === "RestElement") visitPattern(prop.argument, scope);
      else { if (prop.computed) visit(prop.key, scope); visitPattern(prop.value, scope); }
    }
    else if (p.type === "ArrayPattern") for (const el of p.elements) visitPattern(el, scope);
    else if (p.type === "RestElement") visitPattern(p.argument, scope);
    else if (p.type === "MemberExpression") visit(p, scope); // assignment target a.b = ...
    else if (p.type === "Identifier") ref(p.name, scope); // assignment to an outer name
  };

  const visitFunction = (fn: Node, scope: Scope) => {
    const inner = new Scope(scope);
    if (fn.type === "FunctionExpression" && fn.id) inner.names.add(fn.id.name);
    for (const p of fn.params) for (const n of patternNames(p)) inner.names.add(n);
    for (const p of fn.params) visitDeclPattern(p, inner);
    if (fn.body.type === "BlockStatement") {
      hoistVars(fn.body, inner);
      hoistLexical(fn.body.body, inner);
      for (const s of fn.body.body) visit(s, inner);
    } else visit(fn.body, inner);
  };

  /** A declaration's pattern: the names are bindings; only defaults and computed keys are read. */
  const visitDeclPattern = (p: Node | null, scope: Scope) => {
    if (!p || p.type === "Identifier") return;
    if (p.type === "AssignmentPattern") { visitDeclPattern(p.left, scope); visit(p.right, scope); }
    else if (p.type === "ObjectPattern") for (const prop of p.properties) {
      if (prop.type === "RestElement") visitDeclPattern(prop.argument, scope);
      else { if (prop.computed) visit(prop.key, scope); visitDeclPattern(prop.value, scope); }
    }
    else if (p.type === "ArrayPattern") for (const el of p.elements) visitDeclPattern(el, scope);
    else if (p.type === "RestElement") visitDeclPattern(p.argument, scope);
  };

  const visitClass = (c: Node, scope: Scope) => {
    const inner = new Scope(scope);
    if (c.id) inner.names.add(c.id.name);
    if (c.superClass) visit(c.superClass, scope);
    for (const m of c.body.body) {
      if (m.computed) visit(m.key, inner);
      if (m.value) visit(m.value, inner);
      if (m.type === "StaticBlock") for (const s of m.body) visit(s, inner);
    }
  };

  const blockScope = (statements: Node[], scope: Scope) => {
    const inner = new Scope(scope);
    hoistLexical(statements, inner);
    for (const s of statements) visit(s, inner);
  };

  function visit(n: Node | null, scope: Scope): void {
    if (!n || typeof n.type !== "string") return;
    switch (n.type) {
      case "Identifier": ref(n.name, scope); return;
      case "MemberExpression": visit(n.object, scope); if (n.computed) visit(n.property, scope); return;
      case "Property": if (n.computed) visit(n.key, scope); visit(n.value, scope); return;
      case "LabeledStatement": visit(n.body, scope); return;
      case "BreakStatement": case "ContinueStatement": case "MetaProperty": return;
      case "FunctionDeclaration": case "FunctionExpression": case "ArrowFunctionExpression": visitFunction(n, scope); return;
      case "ClassDeclaration": case "ClassExpression": visitClass(n, scope); return;
      case "VariableDeclaration": for (const d of n.declarations) { visitDeclPattern(d.id, scope); visit(d.init, scope); } return;
      case "BlockStatement": case "StaticBlock": blockScope(n.body, scope); return;
      case "SwitchStatement": { visit(n.discriminant, scope); const inner = new Scope(scope); for (const c of n.cases) hoistLexical(c.consequent, inner); for (const c of n.cases) { visit(c.test, inner); for (const s of c.consequent) visit(s, inner); } return; }
      case "ForStatement": case "ForInStatement": case "ForOfStatement": {
        const inner = new Scope(scope);
        const head = n.init ?? n.left;
        if (head?.type === "VariableDeclaration" && head.kind !== "var") for (const d of head.declarations) for (const x of patternNames(d.id)) inner.names.add(x);
        if (head?.type === "VariableDeclaration") visit(head, inner); else if (n.left) visitPattern(n.left, inner); else visit(head, inner);
        visit(n.test, inner); visit(n.update, inner); visit(n.right, inner); visit(n.body, inner);
        return;
      }
      case "CatchClause": { const inner = new Scope(scope); for (const x of patternNames(n.param)) inner.names.add(x); visitDeclPattern(n.param, inner); visit(n.body, inner); return; }
      case "AssignmentExpression": visitPattern(n.left, scope); visit(n.right, scope); return;
    }
    for (const k of Object.keys(n)) {
      if (k === "type" || k === "start" || k === "end" || k === "loc") continue;
      const v = n[k];
      if (Array.isArray(v)) for (const c of v) visit(c, scope);
      else if (v && typeof v.type === "string") visit(v, scope);
    }
  }

  for (const s of root.body) visit(s, program);
  return free;
}

/**
 * Free names of a TypeScript code cell, or null when it does not parse (it will fail when run, with the line).
 * Memoized by source: every document update (and the page's graph of every edit) asks again for
 * every code cell, and transpiling plus parsing costs ~1-5 ms a cell.
 */
export function freeNames(source: string): Set<string> | null {
  let names = memo.get(source);
  if (names === undefined) {
    names = parseFreeNames(source);
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value!); // oldest first
    memo.set(source, names);
  } else {
    memo.delete(source); // most recently used last
    memo.set(source, names);
  }
  return names && new Set(names); // a copy: callers may change theirs
}

const MEMO_ENTRIES = 256;
const memo = new Map<string, Set<string> | null>();

/** The free names of `source` if this module has computed (or been told) them, without computing them. */
export function knownFreeNames(source: string): string[] | null | undefined {
  const names = memo.get(source);
  return names === undefined ? undefined : names && [...names];
}

/**
 * Tell the memo names that this same function computed elsewhere: the page sends its own with `open`,
 * so that the worker does not transpile and parse every code cell (the first use of sucrase and
 * acorn, 20-60 ms) before it can answer. A source already known keeps its names.
 */
export function rememberFreeNames(source: string, names: readonly string[] | null): void {
  if (memo.has(source)) return;
  if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  memo.set(source, names && new Set(names));
}

function parseFreeNames(source: string): Set<string> | null {
  try {
    const js = transform(source, { transforms: ["typescript"], disableESTransforms: true }).code;
    const ast = parse(js, { ecmaVersion: "latest", sourceType: "script", allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true }) as unknown as Node;
    return freeIn(ast);
  } catch {
    return null;
  }
}
