import { isAbsolute, resolve } from "node:path";
import type { Rule } from "eslint";
import type { SourceRange } from "../../compiler/diagnostics.js";
import type { ImportKind, ImportedName } from "../../compiler/code/file-facts.js";
import { importHandoffs } from "../../compiler/code/layer-handoffs.js";
import { relativePath } from "../../compiler/code/paths.js";
import codeNoLayerBypass from "../../rules/code/no-layer-bypass.js";
import { bundleProject, findManifestUpward, manifestOf } from "./bundle-project.js";

/** An ESTree node as far as this rule reads it (TypeScript nodes included). */
interface AnyNode {
  type: string;
  [key: string]: unknown;
}

function stringLiteral(node: unknown): string | undefined {
  const value = (node as AnyNode | undefined)?.type === "Literal" ? (node as { value?: unknown }).value : undefined;
  if (typeof value === "string") return value;
  const template = node as { type?: string; expressions?: unknown[]; quasis?: { value: { cooked?: string } }[] } | undefined;
  if (template?.type === "TemplateLiteral" && template.expressions?.length === 0) return template.quasis?.[0]?.value.cooked ?? undefined;
  return undefined;
}

function nameOf(node: unknown): string {
  const n = node as { type?: string; name?: string; value?: unknown };
  return n.type === "Identifier" ? String(n.name) : String(n.value);
}

/** Placeholder ranges, one per reported node: `importHandoffs` hands the range back, and the map turns it into the node. */
function placeholder(): SourceRange {
  return { line: 0, column: 0, endLine: 0, endColumn: 0 };
}

/**
 * `spec-kit/no-layer-bypass`: the editor's view of code/no-layer-bypass. Reads the bundle
 * manifest (the `bundle` option, else the nearest spec-kit.yaml above the linted file), maps
 * the file and each module it imports to a layer, and reports an import whose hand-off
 * importer -> imported is not in `allow`, following named imports through re-exports.
 */
export const noLayerBypassRule: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: { description: codeNoLayerBypass.doc, url: "https://github.com/spec-kit/spec-kit#code-rules" },
    schema: [{ type: "object", properties: { bundle: { type: "string" } }, additionalProperties: false }],
    messages: { ...codeNoLayerBypass.messages },
  },
  create(context) {
    const filename = context.filename;
    if (!isAbsolute(filename)) return {};
    const option = (context.options[0] as { bundle?: string } | undefined)?.bundle;
    const manifest = option === undefined ? findManifestUpward(resolve(filename, "..")) : manifestOf(resolve(context.cwd, option));
    const project = manifest === undefined ? undefined : bundleProject(manifest);
    if (!project || !project.layers.declared) return {};
    const file = relativePath(project.root, filename.split("\\").join("/"));
    const from = project.layers.layerOf(file);
    if (from === undefined) return {};
    const check = (kind: ImportKind, source: unknown, named: { imported: string; node: unknown }[] = []): void => {
      const specifier = stringLiteral(source);
      if (specifier === undefined) return;
      const target = project.resolve(specifier, filename, kind);
      if (target === undefined) return;
      const nodes = new Map<SourceRange, unknown>();
      const range = placeholder();
      nodes.set(range, source);
      const names: ImportedName[] = named.map((item) => {
        const at = placeholder();
        nodes.set(at, item.node);
        return { imported: item.imported, range: at };
      });
      for (const handoff of importHandoffs(from, { target, names, range }, (path) => project.exportsOf(path), (path) => project.layers.layerOf(path))) {
        if (project.layers.allows(handoff.from, handoff.to)) continue;
        const node = nodes.get(handoff.range) as Rule.Node;
        const data = { file, from: handoff.from, to: handoff.to, target: handoff.target };
        if (handoff.via === undefined) context.report({ node, messageId: "direct", data });
        else context.report({ node, messageId: "reExported", data: { ...data, via: handoff.via, name: names.find((n) => n.range === handoff.range)?.imported ?? "" } });
      }
    };
    return {
      ImportDeclaration(node) {
        const named = node.specifiers.map((s) => ({
          imported: s.type === "ImportDefaultSpecifier" ? "default" : s.type === "ImportNamespaceSpecifier" ? "*" : nameOf(s.imported),
          node: s,
        }));
        check("import", node.source, named);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check("export", node.source, node.specifiers.map((s) => ({ imported: nameOf(s.local), node: s })));
      },
      ExportAllDeclaration(node) {
        check("export", node.source);
      },
      ImportExpression(node) {
        check("dynamic", node.source);
      },
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments.length === 1) check("require", node.arguments[0]);
      },
      TSImportEqualsDeclaration(node: unknown) {
        const reference = (node as { moduleReference?: AnyNode }).moduleReference;
        if (reference?.type === "TSExternalModuleReference") check("import", reference.expression, [{ imported: "*", node }]);
      },
    };
  },
};
