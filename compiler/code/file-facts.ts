import type * as ts from "typescript";
import type { SourceRange } from "../diagnostics.js";
import type { TypeScriptApi } from "./code-host.js";

/** How a file reaches another: a static import, an `export … from`, `import()` or `require()`. */
export type ImportKind = "import" | "export" | "dynamic" | "require";

/** One binding an import takes from its module: `default`, a named export, or `*` for the whole namespace. */
export interface ImportedName {
  imported: string;
  range: SourceRange;
}

/** One module reference in a file, before resolution. */
export interface ImportFact {
  kind: ImportKind;
  specifier: string;
  /** `import type`, `export type … from`, or every binding marked `type`: erased at run time. */
  typeOnly: boolean;
  /** The module specifier's string literal, quotes included. */
  range: SourceRange;
  /** Bindings taken; empty for a side-effect import, `import()` and `require()`. */
  names: ImportedName[];
}

/** A name a file exports from another module: `export { a as b } from "m"`, or `import { a } from "m"; export { a as b }`. */
export interface ReExport {
  exported: string;
  /** The name in the source module; `*` for `export * as ns from "m"`. */
  imported: string;
  /** Index of the module reference in `FileFacts.imports`. */
  importIndex: number;
}

/** What a file imports and exports, read from its syntax alone. */
export interface FileFacts {
  imports: ImportFact[];
  /** Names the file declares and exports itself (`default` included). */
  localExports: Set<string>;
  reExports: ReExport[];
  /** `export * from "m"`: indices into `imports`. */
  starExports: number[];
}

/** The 1-based range of `[start, end)` in a source file. */
export function rangeOf(file: ts.SourceFile, start: number, end: number): SourceRange {
  const a = file.getLineAndCharacterOfPosition(start);
  const b = file.getLineAndCharacterOfPosition(end);
  return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

const CALL_HINT = /\b(?:import|require)\s*\(/;

/**
 * Reads the module references and exports of a parsed file: import and export declarations,
 * `import x = require()`, and `import()`, `require()` and `import("m")` types with a literal
 * argument anywhere in the file (searched only when the text mentions them).
 */
export function readFileFacts(api: TypeScriptApi, file: ts.SourceFile): FileFacts {
  const { SyntaxKind } = api;
  const facts: FileFacts = { imports: [], localExports: new Set(), reExports: [], starExports: [] };
  const importBindings = new Map<string, { imported: string; importIndex: number }>();
  const localExportsByName: { local: string; exported: string }[] = [];
  const nodeRange = (node: ts.Node) => rangeOf(file, node.getStart(file), node.end);
  const add = (fact: ImportFact): number => facts.imports.push(fact) - 1;
  const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
    (api.canHaveModifiers(node) ? api.getModifiers(node) : undefined)?.some((m) => m.kind === kind) ?? false;

  for (const statement of file.statements) {
    if (api.isImportDeclaration(statement)) {
      if (!api.isStringLiteral(statement.moduleSpecifier)) continue;
      const clause = statement.importClause;
      const names: ImportedName[] = [];
      const locals: { local: string; imported: string }[] = [];
      let typeOnly = clause?.isTypeOnly ?? false;
      if (clause) {
        if (clause.name) {
          names.push({ imported: "default", range: nodeRange(clause.name) });
          locals.push({ local: clause.name.text, imported: "default" });
        }
        const bindings = clause.namedBindings;
        if (bindings && api.isNamespaceImport(bindings)) {
          names.push({ imported: "*", range: nodeRange(bindings) });
          locals.push({ local: bindings.name.text, imported: "*" });
        } else if (bindings) {
          for (const element of bindings.elements) {
            const imported = (element.propertyName ?? element.name).text;
            names.push({ imported, range: nodeRange(element) });
            locals.push({ local: element.name.text, imported });
          }
          if (!typeOnly && !clause.name && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)) typeOnly = true;
        }
      }
      const importIndex = add({ kind: "import", specifier: statement.moduleSpecifier.text, typeOnly, range: nodeRange(statement.moduleSpecifier), names });
      for (const { local, imported } of locals) importBindings.set(local, { imported, importIndex });
    } else if (api.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier && api.isStringLiteral(statement.moduleSpecifier)) {
        const names: ImportedName[] = [];
        const pending: { exported: string; imported: string }[] = [];
        let typeOnly = statement.isTypeOnly;
        if (clause && api.isNamespaceExport(clause)) {
          names.push({ imported: "*", range: nodeRange(clause) });
          pending.push({ exported: clause.name.text, imported: "*" });
        } else if (clause) {
          for (const element of clause.elements) {
            const imported = (element.propertyName ?? element.name).text;
            names.push({ imported, range: nodeRange(element) });
            pending.push({ exported: element.name.text, imported });
          }
          if (!typeOnly && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)) typeOnly = true;
        }
        const importIndex = add({ kind: "export", specifier: statement.moduleSpecifier.text, typeOnly, range: nodeRange(statement.moduleSpecifier), names });
        if (!clause) facts.starExports.push(importIndex);
        for (const item of pending) facts.reExports.push({ ...item, importIndex });
      } else if (clause && api.isNamedExports(clause)) {
        for (const element of clause.elements) {
          localExportsByName.push({ local: (element.propertyName ?? element.name).text, exported: element.name.text });
        }
      }
    } else if (api.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (api.isExternalModuleReference(reference) && api.isStringLiteral(reference.expression)) {
        const importIndex = add({
          kind: "import",
          specifier: reference.expression.text,
          typeOnly: statement.isTypeOnly,
          range: nodeRange(reference.expression),
          names: [{ imported: "*", range: nodeRange(statement.name) }],
        });
        importBindings.set(statement.name.text, { imported: "*", importIndex });
        if (hasModifier(statement, SyntaxKind.ExportKeyword)) facts.reExports.push({ exported: statement.name.text, imported: "*", importIndex });
      }
    } else if (api.isExportAssignment(statement)) {
      facts.localExports.add("default");
    } else if (hasModifier(statement, SyntaxKind.ExportKeyword)) {
      if (hasModifier(statement, SyntaxKind.DefaultKeyword)) facts.localExports.add("default");
      else if (api.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) collectBindingNames(api, declaration.name, facts.localExports);
      } else {
        const name = (statement as ts.Node & { name?: ts.Node }).name;
        if (name && api.isIdentifier(name)) facts.localExports.add(name.text);
      }
    }
  }
  for (const { local, exported } of localExportsByName) {
    const binding = importBindings.get(local);
    if (binding) facts.reExports.push({ exported, imported: binding.imported, importIndex: binding.importIndex });
    else facts.localExports.add(exported);
  }
  if (CALL_HINT.test(file.text)) findCalls(api, file, (fact) => add(fact), nodeRange);
  return facts;
}

/** The names a binding pattern declares, at any depth; iterative, as patterns nest without bound. */
function collectBindingNames(api: TypeScriptApi, name: ts.BindingName, into: Set<string>): void {
  const pending: ts.BindingName[] = [name];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (api.isIdentifier(next)) into.add(next.text);
    else for (let k = next.elements.length - 1; k >= 0; k--) {
      const element = next.elements[k]!;
      if (!api.isOmittedExpression(element)) pending.push(element.name);
    }
  }
}

/**
 * Calls `visit` on `root` and every node below it, in source order, with an explicit stack:
 * syntax trees are as deep as the source makes them (a 2,000-term sum is 2,000 levels), and
 * a recursive walk overflows long before the parser does.
 */
export function forEachNode(api: TypeScriptApi, root: ts.Node, visit: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    api.forEachChild(node, (child) => {
      children.push(child);
    });
    while (children.length > 0) stack.push(children.pop()!);
  }
}

/** `import("m")`, `require("m")` and `import("m")` types with a literal argument, in source order. */
function findCalls(api: TypeScriptApi, file: ts.SourceFile, add: (fact: ImportFact) => void, nodeRange: (node: ts.Node) => SourceRange): void {
  const { SyntaxKind } = api;
  const literalOf = (node: ts.Node | undefined): ts.StringLiteralLike | undefined =>
    node && (api.isStringLiteral(node) || api.isNoSubstitutionTemplateLiteral(node)) ? node : undefined;
  const visit = (node: ts.Node): void => {
    if (api.isCallExpression(node) && node.arguments.length >= 1) {
      const literal = literalOf(node.arguments[0]);
      if (literal && node.expression.kind === SyntaxKind.ImportKeyword) {
        add({ kind: "dynamic", specifier: literal.text, typeOnly: false, range: nodeRange(literal), names: [] });
      } else if (literal && node.arguments.length === 1 && api.isIdentifier(node.expression) && node.expression.text === "require") {
        add({ kind: "require", specifier: literal.text, typeOnly: false, range: nodeRange(literal), names: [] });
      }
    } else if (api.isImportTypeNode(node) && api.isLiteralTypeNode(node.argument)) {
      const literal = literalOf(node.argument.literal);
      if (literal) add({ kind: "dynamic", specifier: literal.text, typeOnly: true, range: nodeRange(literal), names: [] });
    }
  };
  for (const statement of file.statements) {
    if (api.isImportDeclaration(statement) || api.isExportDeclaration(statement) || api.isImportEqualsDeclaration(statement)) continue;
    forEachNode(api, statement, visit);
  }
}
