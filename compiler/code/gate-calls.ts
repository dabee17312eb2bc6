/**
 * Resolves the callees of calls into a gated layer from syntax alone, where syntax decides:
 * a callee named by an import (aliased, default, through re-exports and `export *`), a member
 * of a namespace import or of a namespace re-export (`export * as`), a base class's `super()`.
 * Each call gets a verdict that matches what the type checker would say (`findGateBypasses`
 * asks it the same question), or `ambiguous` where only types can tell: a value of a module's
 * namespace type flowing through a variable, a name both imported and declared in an inner
 * scope, a call inside a task handed to something's `execute`, an `export =`. Only those go
 * to the checker. A model with a gated file that is a script (its declarations are globals),
 * or with a file that declares or augments a module by name (`declare module "m"`), is not
 * resolved here at all (`resolvable` false): the checker sees it whole. `declare global`
 * needs no such care: what it declares is never at a module's top, so never a gated callee.
 */
import type * as ts from "typescript";
import type { TypeScriptApi } from "./code-host.js";
import type { CodeFile, CodeModel } from "./code-model.js";

/** What a call's callee resolves to, as far as a gate bypass goes. */
export type CallVerdict =
  | { kind: "none" }
  | { kind: "ambiguous" }
  /** A module-level function, variable or class of a gated layer's file. */
  | { kind: "gated"; name: string; calleeFile: string; layer: string };

/** One call or `new` in a candidate file, in the order a pre-order walk meets it. */
export interface CallSite {
  node: ts.CallExpression | ts.NewExpression;
  verdict: CallVerdict;
}

/** A top-level declaration of a module, after merging the declarations of one name. */
interface Declared {
  /** Whether a function, class or variable declares it (what a callee must be). */
  callable: boolean;
  /** Whether its first declaration sits at the top of the module (not a destructured binding). */
  moduleLevel: boolean;
  /** The name its symbol carries (`default` for `export default function`/`class`). */
  name: string;
  /** Whether only a class declares it (then `super()` in a subclass resolves to it). */
  classOnly: boolean;
}

/** An import binding: the module reference (by index) and the name it takes (`*` for the namespace, `default`). */
interface Binding {
  importIndex: number;
  imported: string;
}

type Exported = { local: string } | { importIndex: number; imported: string } | { declared: Declared } | { ambiguous: true };

interface ModuleTable {
  file: CodeFile;
  bindings: Map<string, Binding>;
  declared: Map<string, Declared>;
  exported: Map<string, Exported>;
  stars: number[];
  exportEquals: boolean;
}

/** What an export or a binding resolves to: a declaration of the model, a namespace, nothing the model declares, or not found. */
type Resolved = { kind: "declared"; table: ModuleTable; declared: Declared } | { kind: "none" } | { kind: "ambiguous" } | { kind: "namespace"; file: string } | { kind: "missing" };

const NONE: { kind: "none" } = { kind: "none" };
const AMBIGUOUS: { kind: "ambiguous" } = { kind: "ambiguous" };

export interface GateCallResolver {
  /** False when syntax cannot be trusted for this model (see the module comment): use the checker for everything. */
  resolvable: boolean;
  /** The calls of a candidate file with their verdicts; undefined when the model has no syntax tree for it. */
  callsOf(path: string): CallSite[] | undefined;
}

/**
 * A resolver over the model's syntax trees. `gateMayExist`: whether a runtime `Gate` type can
 * be in the program (its module resolves); when it cannot, no `execute` is a gate's.
 */
export function createGateCallResolver(api: TypeScriptApi, model: CodeModel, gateMayExist: boolean): GateCallResolver {
  const { SyntaxKind } = api;
  /** Declarations whose name may hide an import in the scope below the module's top. */
  const DECLARATION_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
    SyntaxKind.VariableDeclaration,
    SyntaxKind.Parameter,
    SyntaxKind.BindingElement,
    SyntaxKind.FunctionDeclaration,
    SyntaxKind.FunctionExpression,
    SyntaxKind.ClassDeclaration,
    SyntaxKind.ClassExpression,
    SyntaxKind.EnumDeclaration,
    SyntaxKind.EnumMember,
    SyntaxKind.ModuleDeclaration,
    SyntaxKind.ImportEqualsDeclaration,
  ]);
  const sourceOf = model.sourceOf;
  if (!sourceOf) return { resolvable: false, callsOf: () => undefined };
  for (const file of model.files) {
    const source = sourceOf(file.path);
    if (!source) continue;
    if (isGated(file) && !api.isExternalModule(source)) return { resolvable: false, callsOf: () => undefined };
    for (const statement of source.statements) {
      if (api.isModuleDeclaration(statement) && api.isStringLiteral(statement.name)) {
        return { resolvable: false, callsOf: () => undefined };
      }
    }
  }

  function isGated(file: CodeFile): boolean {
    return file.layer !== undefined && model.layers.layer(file.layer)?.gated === true;
  }

  const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => (api.canHaveModifiers(node) ? api.getModifiers(node) : undefined)?.some((m) => m.kind === kind) ?? false;

  const tables = new Map<string, ModuleTable | undefined>();
  function tableOf(path: string): ModuleTable | undefined {
    if (tables.has(path)) return tables.get(path);
    const file = model.file(path);
    const source = file && sourceOf!(path);
    const table = file && source ? readTable(file, source) : undefined;
    tables.set(path, table);
    return table;
  }

  function readTable(file: CodeFile, source: ts.SourceFile): ModuleTable {
    const table: ModuleTable = { file, bindings: new Map(), declared: new Map(), exported: new Map(), stars: [], exportEquals: false };
    let importIndex = 0;
    const declare = (name: string, callable: boolean, moduleLevel: boolean, isClass = false) => {
      const known = table.declared.get(name);
      if (known) {
        known.callable ||= callable;
        known.classOnly &&= isClass;
      } else table.declared.set(name, { callable, moduleLevel, name, classOnly: isClass });
    };
    for (const statement of source.statements) {
      if (api.isImportDeclaration(statement)) {
        if (!api.isStringLiteral(statement.moduleSpecifier)) continue;
        const index = importIndex++;
        const clause = statement.importClause;
        if (clause?.name) table.bindings.set(clause.name.text, { importIndex: index, imported: "default" });
        const named = clause?.namedBindings;
        if (named && api.isNamespaceImport(named)) table.bindings.set(named.name.text, { importIndex: index, imported: "*" });
        else if (named) for (const element of named.elements) table.bindings.set(element.name.text, { importIndex: index, imported: (element.propertyName ?? element.name).text });
      } else if (api.isExportDeclaration(statement)) {
        const clause = statement.exportClause;
        if (statement.moduleSpecifier && api.isStringLiteral(statement.moduleSpecifier)) {
          const index = importIndex++;
          if (!clause) table.stars.push(index);
          else if (api.isNamespaceExport(clause)) table.exported.set(clause.name.text, { importIndex: index, imported: "*" });
          else for (const element of clause.elements) table.exported.set(element.name.text, { importIndex: index, imported: (element.propertyName ?? element.name).text });
        } else if (clause && api.isNamedExports(clause)) {
          for (const element of clause.elements) table.exported.set(element.name.text, { local: (element.propertyName ?? element.name).text });
        }
      } else if (api.isImportEqualsDeclaration(statement)) {
        const reference = statement.moduleReference;
        if (api.isExternalModuleReference(reference) && api.isStringLiteral(reference.expression)) {
          table.bindings.set(statement.name.text, { importIndex: importIndex++, imported: "=" });
        } else {
          // `import x = N.y`: an alias of a namespace member.
          declare(statement.name.text, false, true);
          table.exported.set(statement.name.text, { ambiguous: true });
        }
      } else if (api.isExportAssignment(statement)) {
        if (statement.isExportEquals) table.exportEquals = true;
        else if (api.isIdentifier(statement.expression)) table.exported.set("default", { local: statement.expression.text });
        else if (api.isPropertyAccessExpression(statement.expression)) table.exported.set("default", { ambiguous: true });
        else table.exported.set("default", { declared: { callable: false, moduleLevel: true, name: "default", classOnly: false } });
      } else if (api.isVariableStatement(statement)) {
        const exported = hasModifier(statement, SyntaxKind.ExportKeyword);
        for (const declaration of statement.declarationList.declarations) {
          if (api.isIdentifier(declaration.name)) {
            declare(declaration.name.text, true, true);
            if (exported) table.exported.set(declaration.name.text, { local: declaration.name.text });
          } else {
            for (const name of bindingNames(api, declaration.name)) {
              declare(name, true, false);
              if (exported) table.exported.set(name, { local: name });
            }
          }
        }
      } else {
        const name = (statement as ts.Node & { name?: ts.Node }).name;
        const isClass = api.isClassDeclaration(statement);
        const callable = api.isFunctionDeclaration(statement) || isClass;
        const exported = hasModifier(statement, SyntaxKind.ExportKeyword);
        if (callable && exported && hasModifier(statement, SyntaxKind.DefaultKeyword)) {
          const symbol: Declared = { callable: true, moduleLevel: true, name: "default", classOnly: isClass };
          table.exported.set("default", { declared: symbol });
          if (name && api.isIdentifier(name)) declare(name.text, true, true, isClass);
        } else if (name && api.isIdentifier(name)) {
          declare(name.text, callable, true, isClass);
          if (exported) table.exported.set(name.text, { local: name.text });
        }
      }
    }
    return table;
  }

  const modules = (table: ModuleTable, importIndex: number) => table.file.imports[importIndex];

  function resolveBinding(table: ModuleTable, binding: Binding, seen: Set<string>): Resolved {
    const reference = modules(table, binding.importIndex);
    if (!reference) return AMBIGUOUS;
    // A package or an unresolved module: what it declares is outside the model, never a gated layer's.
    if (reference.target === undefined) return NONE;
    const target = tableOf(reference.target);
    if (!target) return AMBIGUOUS;
    if (target.exportEquals) return AMBIGUOUS;
    if (binding.imported === "*" || binding.imported === "=") return { kind: "namespace", file: reference.target };
    const resolved = resolveExport(target, binding.imported, seen);
    // A default import of a module without a default export is its namespace when synthesized: let the checker say.
    return resolved.kind === "missing" ? AMBIGUOUS : resolved;
  }

  function resolveLocal(table: ModuleTable, name: string, seen: Set<string>): Resolved {
    const binding = table.bindings.get(name);
    const declared = table.declared.get(name);
    if (binding && declared) return AMBIGUOUS;
    if (binding) return resolveBinding(table, binding, seen);
    if (declared) return { kind: "declared", table, declared };
    return AMBIGUOUS;
  }

  function verdictOf(table: ModuleTable, declared: Declared): CallVerdict {
    if (!declared.callable || !declared.moduleLevel || !isGated(table.file)) return NONE;
    return { kind: "gated", name: declared.name, calleeFile: table.file.path, layer: table.file.layer! };
  }

  function resolveExport(table: ModuleTable, name: string, seen: Set<string>): Resolved {
    const key = `${table.file.path}\u0000${name}`;
    if (seen.has(key)) return AMBIGUOUS;
    seen.add(key);
    try {
      if (table.exportEquals) return AMBIGUOUS;
      const exported = table.exported.get(name);
      if (exported) {
        if ("ambiguous" in exported) return AMBIGUOUS;
        if ("declared" in exported) return { kind: "declared", table, declared: exported.declared };
        if ("local" in exported) return resolveLocal(table, exported.local, seen);
        return resolveBinding(table, exported, seen);
      }
      if (name === "default") return { kind: "missing" };
      // `export *`: a name two stars provide differently is exported by neither.
      let found: Resolved | undefined;
      for (const index of table.stars) {
        const reference = modules(table, index);
        if (!reference) return AMBIGUOUS;
        if (reference.target === undefined) {
          if (reference.external) return AMBIGUOUS;
          continue;
        }
        const target = tableOf(reference.target);
        if (!target) return AMBIGUOUS;
        const resolved = resolveExport(target, name, seen);
        if (resolved.kind === "missing") continue;
        if (resolved.kind === "ambiguous") return AMBIGUOUS;
        if (found && !sameResolution(found, resolved)) return AMBIGUOUS;
        found = resolved;
      }
      return found ?? { kind: "missing" };
    } finally {
      seen.delete(key);
    }
  }

  /** `resolveExport` from a fresh start, remembered: many files ask the same barrels for the same names. */
  const exportsResolved = new Map<string, Resolved>();
  function exportOf(table: ModuleTable, name: string): Resolved {
    const key = `${table.file.path}\u0000${name}`;
    let resolved = exportsResolved.get(key);
    if (!resolved) exportsResolved.set(key, (resolved = resolveExport(table, name, new Set())));
    return resolved;
  }

  /** Every name a module exports, through `export *` too (the names, not what they resolve to). */
  function exportNames(path: string): Set<string> {
    const names = new Set<string>();
    const visited = new Set<string>();
    const pending = [path];
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (visited.has(current)) continue;
      visited.add(current);
      const table = tableOf(current);
      if (!table) continue;
      for (const name of table.exported.keys()) if (current === path || name !== "default") names.add(name);
      for (const index of table.stars) {
        const target = modules(table, index)?.target;
        if (target !== undefined) pending.push(target);
      }
    }
    return names;
  }

  // The names under which a module's namespace object can hand a gated callee to a property
  // access: the exports, resolving to a gated layer's callee (or unresolvable), of every module
  // whose namespace some file takes (`import * as`, `export * as`, `import x = require`,
  // `import()`, `require()`, an `import("m")` type, a default import of a module without one).
  let exposedNames: Set<string> | undefined;
  function exposed(): Set<string> {
    if (exposedNames) return exposedNames;
    exposedNames = new Set();
    const taken = new Set<string>();
    for (const file of model.files) {
      for (const reference of file.imports) {
        if (reference.target === undefined) continue;
        const target = tableOf(reference.target);
        const whole =
          reference.kind === "dynamic" ||
          reference.kind === "require" ||
          reference.names.some((n) => n.imported === "*") ||
          (reference.names.some((n) => n.imported === "default") && (!target || target.exportEquals || !target.exported.has("default")));
        if (whole) taken.add(reference.target);
      }
    }
    for (const path of taken) {
      const table = tableOf(path);
      if (!table) continue;
      for (const name of exportNames(path)) {
        const resolved = exportOf(table, name);
        if (resolved.kind === "ambiguous" || callable(resolved).kind === "gated") exposedNames.add(name);
      }
    }
    return exposedNames;
  }

  function callsOf(path: string): CallSite[] | undefined {
    const table = tableOf(path);
    const source = sourceOf!(path);
    if (!table || !source) return undefined;
    const nested = new Set<string>();
    const top = new Set<ts.Node>(source.statements);
    for (const statement of source.statements) if (api.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) top.add(d);
    const raw: { node: ts.CallExpression | ts.NewExpression; inTask: boolean; base: ts.Expression | undefined }[] = [];
    // Pre-order, in source order, with an explicit stack (parallel arrays: no object per node):
    // the order the checker's walk reports in.
    const nodes: ts.Node[] = [];
    const inTasks: boolean[] = [];
    const bases: (ts.Expression | undefined)[] = [];
    for (let k = source.statements.length - 1; k >= 0; k--) {
      nodes.push(source.statements[k]!);
      inTasks.push(false);
      bases.push(undefined);
    }
    const children: ts.Node[] = [];
    const collect = (child: ts.Node): void => {
      children.push(child);
    };
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const inTask = inTasks.pop()!;
      const base = bases.pop();
      const kind = node.kind;
      if (DECLARATION_KINDS.has(kind)) {
        const name = (node as ts.Node & { name?: ts.Node }).name;
        if (name && name.kind === SyntaxKind.Identifier && !top.has(node)) nested.add((name as ts.Identifier).text);
      }
      let childBase = base;
      if (kind === SyntaxKind.ClassDeclaration || kind === SyntaxKind.ClassExpression) {
        const heritage = (node as ts.ClassLikeDeclaration).heritageClauses?.find((clause) => clause.token === SyntaxKind.ExtendsKeyword);
        childBase = heritage?.types[0]?.expression;
      }
      let task: ts.Node | undefined;
      if (kind === SyntaxKind.CallExpression || kind === SyntaxKind.NewExpression) {
        const call = node as ts.CallExpression | ts.NewExpression;
        raw.push({ node: call, inTask, base });
        const callee = call.expression;
        if (kind === SyntaxKind.CallExpression && api.isPropertyAccessExpression(callee) && callee.name.text === "execute") {
          const argument = call.arguments?.[1];
          if (argument && (api.isArrowFunction(argument) || api.isFunctionExpression(argument))) task = argument;
        }
      }
      api.forEachChild(node, collect);
      while (children.length > 0) {
        const child = children.pop()!;
        nodes.push(child);
        inTasks.push(inTask || child === task);
        bases.push(childBase);
      }
    }
    const topLevel = (name: string) => !nested.has(name);
    const names = new Map<string, Resolved>();
    const resolveName = (name: string): Resolved => {
      let resolved = names.get(name);
      if (resolved) return resolved;
      const binding = table.bindings.get(name);
      // Declared in this file, or a global: not a gated layer's (gated files declare no globals here).
      if (!binding) resolved = NONE;
      else if (!topLevel(name) || table.declared.has(name)) resolved = AMBIGUOUS;
      else resolved = resolveBinding(table, binding, new Set());
      names.set(name, resolved);
      return resolved;
    };
    const verdictFor = (node: ts.CallExpression | ts.NewExpression, base: ts.Expression | undefined): CallVerdict => {
      const callee = node.expression;
      if (api.isIdentifier(callee)) return callable(resolveName(callee.text));
      if (api.isPropertyAccessExpression(callee)) {
        if (!api.isIdentifier(callee.name)) return NONE;
        const member = callee.name.text;
        if (api.isIdentifier(callee.expression)) {
          const object = resolveName(callee.expression.text);
          if (object.kind === "ambiguous") return AMBIGUOUS;
          if (object.kind === "namespace") {
            const target = tableOf(object.file);
            if (!target) return AMBIGUOUS;
            const resolved = exportOf(target, member);
            return resolved.kind === "missing" ? AMBIGUOUS : callable(resolved);
          }
        }
        return exposed().has(member) ? AMBIGUOUS : NONE;
      }
      if (callee.kind === SyntaxKind.SuperKeyword) {
        // The symbol of `super` is the base class's when the base names a class; otherwise its type decides.
        if (!base) return NONE;
        if (!api.isIdentifier(base)) return AMBIGUOUS;
        const resolved = table.bindings.has(base.text) ? resolveName(base.text) : nested.has(base.text) ? AMBIGUOUS : resolveLocal(table, base.text, new Set());
        if (resolved.kind === "none") return NONE;
        return resolved.kind === "declared" && resolved.declared.classOnly ? callable(resolved) : AMBIGUOUS;
      }
      if (callee.kind === SyntaxKind.ThisKeyword || api.isMetaProperty(callee)) return AMBIGUOUS;
      // Parenthesized, element access, a call's result, `x!`: the checker finds no symbol at such a callee.
      return NONE;
    };
    return raw.map(({ node, inTask, base }) => {
      let verdict = verdictFor(node, base);
      if (verdict.kind === "gated" && verdict.layer === table.file.layer) verdict = NONE;
      if (verdict.kind === "gated" && inTask && gateMayExist) verdict = AMBIGUOUS;
      return { node, verdict };
    });
  }

  /** The verdict on calling what a name resolves to. */
  function callable(resolved: Resolved): CallVerdict {
    if (resolved.kind === "namespace" || resolved.kind === "none") return NONE;
    if (resolved.kind === "missing" || resolved.kind === "ambiguous") return AMBIGUOUS;
    return verdictOf(resolved.table, resolved.declared);
  }

  return { resolvable: true, callsOf };
}

function sameResolution(a: Resolved, b: Resolved): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "declared" && b.kind === "declared") return a.table === b.table && a.declared === b.declared;
  if (a.kind === "namespace" && b.kind === "namespace") return a.file === b.file;
  return a.kind === "none";
}

/** The identifiers a binding pattern declares. */
function bindingNames(api: TypeScriptApi, name: ts.BindingName): string[] {
  const out: string[] = [];
  const pending: ts.BindingName[] = [name];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (api.isIdentifier(next)) out.push(next.text);
    else for (const element of next.elements) if (!api.isOmittedExpression(element)) pending.push(element.name);
  }
  return out;
}
