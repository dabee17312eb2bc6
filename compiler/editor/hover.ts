import { formatPath, type SourceRange } from "../diagnostics.js";
import { documentOf, kindOf, type EditorBundle } from "./editor-bundle.js";
import { pathAt, rangeContains, type Position1 } from "./document-paths.js";
import { schemaField } from "./schema-fields.js";

/** What a hover shows: Markdown, and the range of the key or value it is about. */
export interface HoverText {
  markdown: string;
  range?: SourceRange;
}

function exampleList(examples: readonly unknown[]): string {
  return examples.map((example) => `\`${JSON.stringify(example)}\``).join(", ");
}

/**
 * What hovering over a key or value of `rel` at `at` shows: the field's doc and examples from
 * its schema, and for each diagnostic there, its rule's doc and how to read more
 * (`spec-kit explain`). Undefined when there is nothing to say.
 */
export function hover(view: EditorBundle, rel: string, at: Position1): HoverText | undefined {
  const parts: string[] = [];
  const document = documentOf(view, rel);
  const place = document ? pathAt(document, at) : undefined;
  if (place) {
    const field = schemaField(view.schema(kindOf(view, rel)), place.path);
    if (field?.description !== undefined) {
      parts.push(`**${formatPath(place.path.filter((part, index) => typeof part === "string" || index < place.path.length - 1))}**`, "", field.description);
      if (field.enum) parts.push("", `One of: ${field.enum.map((value) => `\`${String(value)}\``).join(", ")}`);
      if (field.examples) parts.push("", `Examples: ${exampleList(field.examples)}`);
    }
  }
  // A rule id in the manifest's `rules` map: what the rule checks.
  if (place && kindOf(view, rel) === "manifest" && place.path.length === 2 && place.path[0] === "rules") {
    const rule = view.rules.find((candidate) => candidate.id === place.path[1]);
    if (rule) {
      if (parts.length > 0) parts.push("", "---", "");
      parts.push(`**${rule.id}**: ${rule.doc}`, "", `\`spec-kit explain ${rule.id}\` shows a failing and a passing example.`);
    }
  }
  for (const diagnostic of view.result.diagnostics.filter((candidate) => candidate.file === rel && rangeContains(candidate, at))) {
    const rule = view.rules.find((candidate) => candidate.id === diagnostic.ruleId);
    if (parts.length > 0) parts.push("", "---", "");
    parts.push(`**${diagnostic.ruleId}** (${diagnostic.severity}): ${diagnostic.message}`);
    if (rule) parts.push("", rule.doc, "", `\`spec-kit explain ${rule.id}\` shows a failing and a passing example.`);
  }
  if (parts.length === 0) return undefined;
  return { markdown: parts.join("\n"), ...(document && place ? { range: document.locate(place.path, place.on) } : {}) };
}
