import type { DocumentKind } from "../../compiler/constants.js";
import { own, stringItems } from "../../compiler/guards.js";
import { defineDocumentRule } from "../../compiler/check/rule.js";
import type { JsonPath } from "../../compiler/diagnostics.js";
import { EXAMPLE_PHASE_YAML, phaseYaml } from "../../compiler/check/rule-examples.js";

const GLOB_CHARS = "*?[]{}";

/** What is wrong with a module path, most fundamental first; undefined when it is a plain relative path. */
function modulePathProblem(path: string):
  | { kind: "absolute" | "parent" | "backslash" }
  | { kind: "glob"; char: string }
  | undefined {
  if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || /^[A-Za-z]:/.test(path)) return { kind: "absolute" };
  if (path.split(/[\\/]/).includes("..")) return { kind: "parent" };
  if (path.includes("\\")) return { kind: "backslash" };
  for (const char of path) if (GLOB_CHARS.includes(char)) return { kind: "glob", char };
  return undefined;
}

/** The module path lists a document holds, by where they sit: a phase's scope or the manifest's layers. */
function moduleLists(kind: DocumentKind, data: unknown): { path: JsonPath; list: unknown }[] {
  if (kind === "phase") {
    const scope = own(data, "module_scope");
    return [
      { path: ["module_scope", "write_modules"], list: own(scope, "write_modules") },
      { path: ["module_scope", "read_modules"], list: own(scope, "read_modules") },
    ];
  }
  if (kind === "manifest") {
    const layers = own(data, "layers");
    if (!Array.isArray(layers)) return [];
    return layers.map((layer, index) => ({ path: ["layers", index, "modules"], list: own(layer, "modules") }));
  }
  return [];
}

/** protocol/module-path: module paths are plain relative folder paths. */
export const modulePath = defineDocumentRule({
  id: "protocol/module-path",
  scope: "document",
  defaultSeverity: "error",
  doc: "A module path is absolute, has a .. segment, a glob character or a backslash.",
  details: [
    "Module paths in module_scope.write_modules and read_modules, and in the manifest's layers[].modules, name",
    "folders relative to the repository root with / separators, such as src/runtime. Layers are matched by",
    "path prefix, so an absolute path, a .. segment, a glob pattern (* ? [ ] { }) or a Windows separator",
    "would map to the wrong layer or to none. One finding per path, at the path, naming the first problem.",
  ].join("\n"),
  messages: {
    absolute: 'module path "{{path}}" is absolute; write it relative to the repository root, like "src/runtime"',
    parent: 'module path "{{path}}" has a ".." segment; module paths stay inside the repository',
    backslash: 'module path "{{path}}" contains a backslash; separate folders with "/"',
    glob: 'module path "{{path}}" contains the glob character "{{char}}"; name a folder, not a pattern',
  },
  examples: {
    failing: {
      description: "The phase writes to a glob and reads from outside the repository.",
      files: { "phases/P7.yaml": phaseYaml({ replace: { "write_modules: [src/security], read_modules: [src/session]": "write_modules: [src/security/*], read_modules: [../session]" } }) },
    },
    passing: {
      description: "Plain relative folder paths.",
      files: { "phases/P7.yaml": EXAMPLE_PHASE_YAML },
    },
  },
  check({ document }, report) {
    for (const { path, list } of moduleLists(document.kind, document.data)) {
      for (const { value, index } of stringItems(list)) {
        const problem = modulePathProblem(value);
        if (!problem) continue;
        const at = { file: document.document.file, path: [...path, index] };
        if (problem.kind === "glob") report("glob", at, { path: value, char: problem.char });
        else report(problem.kind, at, { path: value });
      }
    }
  },
});

export default modulePath;
