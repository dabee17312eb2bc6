import type { Hover, Position } from "vscode-languageserver/node";
import { formatPath } from "../../compiler/diagnostics.js";
import { ALL_RULES } from "../../rules/index.js";
import type { BundleSession } from "./bundle-session.js";
import { pathAt, rangeContains } from "./document-paths.js";
import { fromLspPosition, toLspRange } from "./lsp-ranges.js";
import { schemaField } from "./schema-fields.js";

function exampleList(examples: readonly unknown[]): string {
  return examples.map((example) => `\`${JSON.stringify(example)}\``).join(", ");
}

/**
 * What hovering over a key or value shows: the field's doc and examples from its schema, and
 * for each diagnostic there, its rule's doc and how to read more (`spec-kit explain`).
 */
export function hover(session: BundleSession, rel: string, position: Position): Hover | null {
  const at = fromLspPosition(position);
  const parts: string[] = [];
  const document = session.document(rel);
  const place = document ? pathAt(document, at) : undefined;
  if (document && place) {
    const field = schemaField(session.kindOf(rel), place.path);
    if (field?.description !== undefined) {
      parts.push(`**${formatPath(place.path.filter((part, index) => typeof part === "string" || index < place.path.length - 1))}**`, "", field.description);
      if (field.enum) parts.push("", `One of: ${field.enum.map((value) => `\`${String(value)}\``).join(", ")}`);
      if (field.examples) parts.push("", `Examples: ${exampleList(field.examples)}`);
    }
  }
  for (const diagnostic of session.diagnosticsOf(rel).filter((candidate) => rangeContains(candidate, at))) {
    const rule = ALL_RULES.find((candidate) => candidate.id === diagnostic.ruleId);
    if (parts.length > 0) parts.push("", "---", "");
    parts.push(`**${diagnostic.ruleId}** (${diagnostic.severity}): ${diagnostic.message}`);
    if (rule) parts.push("", rule.doc, "", `\`spec-kit explain ${rule.id}\` shows a failing and a passing example.`);
  }
  if (parts.length === 0) return null;
  const range = document && place ? toLspRange(document.locate(place.path, place.on)) : undefined;
  return { contents: { kind: "markdown", value: parts.join("\n") }, ...(range ? { range } : {}) };
}
