import type * as ts from "typescript";
import type { SourceRange } from "../diagnostics.js";
import type { CodeHost, TypeScriptApi } from "./code-host.js";
import type { CodeModel } from "./code-model.js";
import { forEachNode, rangeOf } from "./file-facts.js";
import { isStackOverflow } from "./parse-code.js";
import { joinPath, relativePath } from "./paths.js";
import { createModuleResolver } from "./module-resolver.js";
import { createGateCallResolver, type CallSite } from "./gate-calls.js";

/** A candidate file whose calls the type checker could not follow without overflowing the stack. */
export interface UncheckedCalls {
  file: string;
}

/** A call into a gated layer made outside every gate's task. */
export interface GateBypass {
  /** The calling file, relative to the bundle root. */
  file: string;
  /** The callee expression of the call. */
  range: SourceRange;
  callee: string;
  /** The name the gated module declares it under. */
  name: string;
  /** The file declaring the callee, and its gated layer. */
  calleeFile: string;
  layer: string;
}

/** The module whose `Gate` type marks a gate's `execute` (INTERFACE §5). */
export const RUNTIME_MODULE = "spec-kit/runtime";

/**
 * The files that may call into a gated layer: files outside that layer from which a chain of
 * value imports (type-only imports excluded) reaches one of its files. Empty when no layer
 * is gated or nothing outside a gated layer imports from it; then no program is built.
 */
export function gateCallCandidates(model: CodeModel): string[] {
  const gated = new Set(model.layers.layers.filter((layer) => layer.gated).map((layer) => layer.id));
  if (gated.size === 0) return [];
  const importers = new Map<string, string[]>();
  for (const file of model.files) {
    for (const entry of file.imports) {
      if (entry.target === undefined || entry.typeOnly) continue;
      const list = importers.get(entry.target) ?? [];
      list.push(file.path);
      importers.set(entry.target, list);
    }
  }
  const candidates = new Set<string>();
  for (const layer of gated) {
    const seen = new Set<string>();
    const work = model.files.filter((file) => file.layer === layer).map((file) => file.path);
    for (const path of work) seen.add(path);
    while (work.length > 0) {
      for (const importer of importers.get(work.pop()!) ?? []) {
        if (seen.has(importer)) continue;
        seen.add(importer);
        work.push(importer);
        if (model.file(importer)?.layer !== layer) candidates.add(importer);
      }
    }
  }
  return model.files.filter((file) => candidates.has(file.path)).map((file) => file.path);
}

/**
 * The compiler host of the type-checking program. Files the code model refused (nested too
 * deep) are given to the program empty: parsing, binding or checking them would overflow.
 */
function compilerHostFor(host: CodeHost, refused: ReadonlySet<string>): ts.CompilerHost {
  const api = host.typescript();
  return {
    getSourceFile: (fileName, languageVersion) => {
      const text = refused.has(fileName) ? "" : host.readFile(fileName);
      return text === undefined ? undefined : api.createSourceFile(fileName, text, languageVersion);
    },
    getDefaultLibFileName: () => joinPath(host.bundleRoot, "__no_lib__.d.ts"),
    writeFile: () => undefined,
    getCurrentDirectory: () => host.bundleRoot,
    getCanonicalFileName: (fileName) => (host.useCaseSensitiveFileNames ? fileName : fileName.toLowerCase()),
    useCaseSensitiveFileNames: () => host.useCaseSensitiveFileNames,
    getNewLine: () => "\n",
    fileExists: (path) => host.fileExists(path),
    readFile: (path) => host.readFile(path),
    directoryExists: (path) => host.directoryExists(path),
    getDirectories: (path) => host.getDirectories(path),
    realpath: (path) => host.realpath(path),
  };
}

/** The runtime's `Gate` symbol as the program sees it, when some file of the program reaches the runtime. */
function gateSymbol(api: TypeScriptApi, program: ts.Program, checker: ts.TypeChecker, runtimeFile: string | undefined): ts.Symbol | undefined {
  if (runtimeFile === undefined) return undefined;
  const source = program.getSourceFile(runtimeFile);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) return undefined;
  const exported = checker.getExportsOfModule(module).find((symbol) => symbol.name === "Gate");
  if (!exported) return undefined;
  return exported.flags & api.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
}

/**
 * Finds calls, from files outside a gated layer, to functions declared in a gated layer's
 * files that do not happen inside a gate's task: a function expression or arrow passed as
 * the second argument of `<gate>.execute(envelope, task)`, where `<gate>` has the runtime's
 * `Gate` type. Aliased imports, re-exports and namespace imports all count. Callees that
 * syntax resolves (an imported name, a namespace import's member, see `gate-calls.ts`) are
 * decided from the code model's syntax trees; the rest (a namespace value passed through a
 * variable, a call inside some `execute` task, ...) go to the type checker, with a program
 * built only over the files holding them and what they import, without the standard library
 * (symbols, not types, decide). A file whose calls could not be followed (the checker
 * overflowed the stack) is listed in `unchecked`.
 */
export function findGateBypasses(model: CodeModel): { bypasses: GateBypass[]; unchecked: UncheckedCalls[] } {
  const candidates = gateCallCandidates(model);
  if (candidates.length === 0) return { bypasses: [], unchecked: [] };
  const { host } = model;
  const api = host.typescript();
  const runtimeFile = createModuleResolver(host, model.options).resolve(RUNTIME_MODULE, model.file(candidates[0]!)!.absolutePath, "import");
  const resolver = createGateCallResolver(api, model, runtimeFile !== undefined);
  const sites = new Map<string, CallSite[]>();
  const toCheck: string[] = [];
  for (const path of candidates) {
    const calls = resolver.resolvable ? resolver.callsOf(path) : undefined;
    if (calls) {
      sites.set(path, calls);
      if (calls.some((site) => site.verdict.kind === "ambiguous")) toCheck.push(path);
    } else if (!resolver.resolvable || !model.file(path)!.refusal) toCheck.push(path);
  }
  const checked = toCheck.length === 0 ? { bypasses: new Map<string, CheckedBypass[]>(), unchecked: new Set<string>() } : checkWithProgram(model, toCheck, runtimeFile, sites);
  if (checked === "overflow") return { bypasses: [], unchecked: candidates.map((file) => ({ file })) };
  const bypasses: GateBypass[] = [];
  const unchecked: UncheckedCalls[] = [];
  for (const path of candidates) {
    if (checked.unchecked.has(path)) {
      unchecked.push({ file: path });
      continue;
    }
    const calls = sites.get(path);
    if (!calls) {
      bypasses.push(...(checked.bypasses.get(path) ?? []).map(withoutKey));
      continue;
    }
    const source = model.sourceOf!(path)!;
    const fromChecker = new Map((checked.bypasses.get(path) ?? []).map((bypass) => [bypass.key, bypass]));
    for (const { node, verdict } of calls) {
      if (verdict.kind === "gated") {
        const callee = node.expression;
        bypasses.push({ file: path, range: rangeOf(source, callee.getStart(source), callee.end), callee: callee.getText(source), name: verdict.name, calleeFile: verdict.calleeFile, layer: verdict.layer });
      } else if (verdict.kind === "ambiguous") {
        const found = fromChecker.get(siteKey(node));
        if (found) bypasses.push(withoutKey(found));
      }
    }
  }
  return { bypasses, unchecked };
}

/** A bypass the checker found, with its call's key. */
type CheckedBypass = GateBypass & { key: string };

function withoutKey({ key: _key, ...bypass }: CheckedBypass): GateBypass {
  return bypass;
}

/** A call's identity across two parses of the same text. */
function siteKey(node: ts.Node): string {
  return `${node.kind}:${node.pos}:${node.end}`;
}

/**
 * Asks the type checker about calls of `files`: every call of a file without resolved
 * `sites`, only the ambiguous ones of the others. "overflow" when building the program
 * overflowed the stack.
 */
function checkWithProgram(
  model: CodeModel,
  files: readonly string[],
  runtimeFile: string | undefined,
  sites: ReadonlyMap<string, CallSite[]>,
): { bypasses: Map<string, CheckedBypass[]>; unchecked: Set<string> } | "overflow" {
  const { host } = model;
  const api = host.typescript();
  const options: ts.CompilerOptions = { ...model.options, noLib: true, types: [], noEmit: true, skipLibCheck: true, allowJs: false, composite: false, incremental: false };
  const rootNames = files.map((path) => model.file(path)!.absolutePath);
  // The runtime is a root too: the gate's type must be the program's whichever files it holds.
  if (runtimeFile !== undefined && !rootNames.includes(runtimeFile)) rootNames.push(runtimeFile);
  const refused = new Set(model.files.filter((file) => file.refusal).map((file) => file.absolutePath));
  let program: ts.Program;
  let checker: ts.TypeChecker;
  let gate: ts.Symbol | undefined;
  try {
    program = api.createProgram({ rootNames, options, host: compilerHostFor(host, refused) });
    checker = program.getTypeChecker();
    gate = gateSymbol(api, program, checker, runtimeFile);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return "overflow";
  }
  const isGate = (type: ts.Type): boolean => {
    if (!gate) return false;
    if (type.isUnionOrIntersection()) return type.types.some(isGate);
    return [type.aliasSymbol, type.getSymbol()].some((symbol) => symbol !== undefined && (symbol.flags & api.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol) === gate);
  };
  const insideTask = (node: ts.Node): boolean => {
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      if (!(api.isArrowFunction(current) || api.isFunctionExpression(current))) continue;
      const call: ts.Node | undefined = current.parent;
      if (!call || !api.isCallExpression(call) || call.arguments[1] !== current) continue;
      const callee = call.expression;
      if (api.isPropertyAccessExpression(callee) && callee.name.text === "execute" && isGate(checker.getTypeAtLocation(callee.expression))) return true;
    }
    return false;
  };
  const toRelative = (fileName: string) => relativePath(host.bundleRoot, fileName);
  const bypasses = new Map<string, CheckedBypass[]>();
  const unchecked = new Set<string>();
  for (const path of files) {
    const file = model.file(path)!;
    const source = program.getSourceFile(file.absolutePath);
    if (!source) continue;
    const resolved = sites.get(path);
    const wanted = resolved && new Set(resolved.filter((site) => site.verdict.kind === "ambiguous").map((site) => siteKey(site.node)));
    const found: CheckedBypass[] = [];
    const visit = (node: ts.Node): void => {
      if (!api.isCallExpression(node) && !api.isNewExpression(node)) return;
      const key = siteKey(node);
      if (wanted && !wanted.delete(key)) return;
      const callee = node.expression;
      const at = api.isPropertyAccessExpression(callee) ? callee.name : callee;
      let symbol = checker.getSymbolAtLocation(at);
      if (symbol && symbol.flags & api.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      if (!symbol || !declaration || !(symbol.flags & (api.SymbolFlags.Function | api.SymbolFlags.Variable | api.SymbolFlags.Class))) return;
      const calleeFile = toRelative(declaration.getSourceFile().fileName);
      const layer = model.file(calleeFile)?.layer;
      const info = layer === undefined ? undefined : model.layers.layer(layer);
      if (info?.gated && layer !== file.layer && isModuleLevel(api, declaration) && !insideTask(node)) {
        found.push({ key, file: path, range: rangeOf(source, callee.getStart(source), callee.end), callee: callee.getText(source), name: symbol.name, calleeFile, layer: info.id });
      }
    };
    try {
      forEachNode(api, source, visit);
      // Fails closed: a call the program's parse did not meet again (it should always) was not followed.
      if (wanted && wanted.size > 0) unchecked.add(path);
      else bypasses.set(path, found);
    } catch (error) {
      // The code model's depth limits keep the checker's recursion in bounds; should it
      // overflow all the same, the file is reported unchecked rather than passed.
      if (!isStackOverflow(error)) throw error;
      unchecked.add(path);
    }
  }
  return { bypasses, unchecked };
}

/** Whether a declaration sits at the top of its module (what a module can export). */
function isModuleLevel(api: TypeScriptApi, declaration: ts.Declaration): boolean {
  let node: ts.Node = declaration;
  if (api.isVariableDeclaration(node)) node = node.parent.parent;
  return node.parent !== undefined && api.isSourceFile(node.parent);
}
