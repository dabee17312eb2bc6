import { defineBundleRule } from "../../compiler/check/rule.js";
import { missionBundle } from "../../compiler/check/rule-examples.js";
import { BREAKING_MESSAGES, findBreakingChanges } from "../../compiler/contracts/breaking.js";
import { siteTarget } from "../../compiler/contracts/document-contracts.js";

const mission = (contracts: readonly string[]): string =>
  ["mission: { id: m, title: M, system: S }", "actors: [{ name: Orchestrator }, { name: Runtime }]", "contracts:", ...contracts, ""].join("\n");
const PROMPT = `  - { name: MissionPrompt, schema: "{ id: UUID, objective: string, priority: 'P0' | 'P1' | 'P2' }", producers: [Orchestrator], consumers: [Runtime] }`;
const NARROWED = `  - { name: MissionPrompt, schema: "{ id: UUID, objective: string, priority: 'P0' | 'P1' }", producers: [Orchestrator], consumers: [Runtime] }`;
const V2 = `  - { name: MissionPrompt.v2, schema: "{ id: UUID, objective: string, priority: 'P0' | 'P1' }", producers: [Orchestrator], consumers: [Runtime] }`;

/** The example files of the version compared against live under this folder (what `check --against` reads from git or a folder). */
const AGAINST = "against/";

function against(files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${AGAINST}${path}`, text]));
}

/** contract/breaking: `check --against REV` found a change that breaks a contract or data model. */
export const contractBreaking = defineBundleRule({
  id: "contract/breaking",
  scope: "bundle",
  // Any document of either version may hold a contract the change breaks.
  reach: "bundle",
  defaultSeverity: "error",
  doc: "A contract or data model changed in a way that breaks data written or read under the version compared against (check --against).",
  details: [
    "`spec-kit check --against REV` (a git revision, or a folder holding the other version of the bundle) compares",
    "every mission contract and phase data model with that version, as buf's WIRE_JSON category does for Protobuf.",
    "Breaking: a field removed or renamed, a type changed or narrowed (number to integer, string to UUID or to an",
    "enum), an optional field made required or a required field added, an enum value removed, other constraints",
    "changed, a tenant key dropped, an append-only model made mutable, a contract removed. Not breaking: a new",
    "contract, an optional field, an enum value added, a type widened. A new version goes in a new version namespace",
    "beside the old one (MissionPrompt.v2 beside MissionPrompt); a contract may go once its successor exists.",
    "Each finding points at the new text and names where the old one was.",
    "In these examples the files under against/ are the version compared against.",
  ].join("\n"),
  messages: BREAKING_MESSAGES,
  examples: {
    failing: {
      description: "MissionPrompt's priority loses 'P2' in place.",
      files: { ...missionBundle(mission([NARROWED])), ...against(missionBundle(mission([PROMPT]))) },
    },
    passing: {
      description: "The narrower priority goes to MissionPrompt.v2, beside the unchanged MissionPrompt.",
      files: { ...missionBundle(mission([PROMPT, V2])), ...against(missionBundle(mission([PROMPT]))) },
    },
  },
  check({ bundle }, report) {
    if (!bundle.baseline) return;
    for (const change of findBreakingChanges(bundle.baseline.bundle, bundle, bundle.baseline.prefix)) {
      report(change.messageId, siteTarget(change.site), change.data);
    }
  },
});

export default contractBreaking;
