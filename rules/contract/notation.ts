import { defineDocumentRule } from "../../compiler/check/rule.js";
import { missionBundle } from "../../compiler/check/rule-examples.js";
import { CONTRACT_NOTATION_MESSAGES, documentContracts, siteTarget } from "../../compiler/contracts/document-contracts.js";

const MISSION = (schema: string): string =>
  [
    "mission: { id: m, title: M, system: S }",
    "actors: [{ name: Orchestrator }, { name: Runtime }]",
    "contracts:",
    "  - name: MissionPrompt",
    `    schema: "${schema}"`,
    "    producers: [Orchestrator]",
    "    consumers: [Runtime]",
    "",
  ].join("\n");

/** contract/notation: a contract's notation string or `fields:` list that does not read. */
export const contractNotation = defineDocumentRule({
  id: "contract/notation",
  scope: "document",
  defaultSeverity: "error",
  doc: "A contract's schema notation or fields: list must read: known types, closed braces, each field once.",
  details: [
    "Mission contracts (`schema:`) and phase data models (`fields:`) may be written in seed 001's notation:",
    "`{ id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2', note?: string, tags: string[] }`, with the named",
    "types UUID, URI, timestamp, string, number, integer and boolean, objects, arrays (T[] or Array<T>), unions of",
    "literals and optional fields marked `?`. In a `fields:` list each field's `type` is a notation type. An unknown",
    "type, an unclosed brace, a duplicate field or a stray token is reported at the exact characters inside the",
    "YAML or JSON string (through quotes, escapes and folded lines), with a suggestion where one fits.",
  ].join("\n"),
  messages: CONTRACT_NOTATION_MESSAGES,
  examples: {
    failing: {
      description: "MissionPrompt's id is typed uuid (the named type is UUID) and its brace is never closed.",
      files: missionBundle(MISSION("{ id: uuid, objective: string")),
    },
    passing: {
      description: "Seed 001's MissionPrompt.",
      files: missionBundle(MISSION("{ id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2', originatingSpec: URI, createdAt: timestamp }")),
    },
  },
  check({ document }, report) {
    for (const finding of documentContracts(document).findings) {
      if (finding.form !== "notation") continue;
      const { site } = finding;
      report(finding.messageId as keyof typeof CONTRACT_NOTATION_MESSAGES, siteTarget(site), finding.data);
    }
  },
});

export default contractNotation;
