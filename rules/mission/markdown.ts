import { defineDocumentRule } from "../../compiler/check/rule.js";
import { MINIMAL_MANIFEST_YAML } from "../../compiler/check/rule-examples.js";
import { MARKDOWN_MESSAGES, type MarkdownMessageId } from "../../compiler/load/markdown/markdown-messages.js";

const MARKDOWN_MISSION = [
  "# Billing Specification",
  "",
  "## Core Subsystems",
  "- Component: Invoice Service",
  "  - Responsibilities: Issues invoices.",
  "  - Interfaces: REST `POST /invoices`.",
  "",
].join("\n");

/** mission/markdown: content of a Markdown mission that cannot be read as a component, contract, actor or requirement. */
export const missionMarkdown = defineDocumentRule({
  id: "mission/markdown",
  scope: "document",
  defaultSeverity: "warning",
  doc: "A Markdown mission holds an item, field or block spec-kit cannot read; the message says what shape was expected.",
  details: [
    "A `.md` mission is read by its headings and lists: `- Component: <name>` items with Responsibilities and Interfaces",
    "under a components section, `- Contract: <name>` items with Schema, Producers and Consumers under a contracts section,",
    "`- Actor: <name>` items under an actors section, and every other section's items and paragraphs as requirements.",
    "An item that is none of these, a field a component or contract does not have, a field stated twice, a code block or",
    "table where only lists and prose are read; in a tasks.md, a dependency line it cannot read or one naming no listed task;",
    "in an OpenSpec spec, a requirement that says neither SHALL nor MUST: each is reported here at its line, so that nothing is",
    "dropped silently.",
  ].join("\n"),
  messages: MARKDOWN_MESSAGES,
  examples: {
    failing: {
      description: "The component states an Owner, which is no field of a component.",
      files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "missions/billing.md": `${MARKDOWN_MISSION}  - Owner: the billing team\n` },
    },
    passing: { description: "A component with its two fields.", files: { "spec-kit.yaml": MINIMAL_MANIFEST_YAML, "missions/billing.md": MARKDOWN_MISSION } },
  },
  check({ document }, report) {
    if (document.kind !== "mission" || document.document.format !== "markdown") return;
    for (const note of document.document.notes?.() ?? []) {
      if (!Object.prototype.hasOwnProperty.call(MARKDOWN_MESSAGES, note.messageId)) continue;
      report(note.messageId as MarkdownMessageId, { file: document.document.file, range: note.range }, note.data);
    }
  },
});

export default missionMarkdown;
