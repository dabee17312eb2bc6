// Seed 001 as the source: specs/missions/agentnexus.md is read into the same components,
// contracts, parties and generated contracts as the hand translation to YAML that it replaced
// (kept as test/fixtures/markdown/agentnexus-translation.yaml), and mutations of it are reported
// by the right rule at the right Markdown line and column.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asRecord, own } from "../../../compiler/guards.js";
import { emitContracts } from "../../../compiler/emit/contracts-emitter.js";
import { checkFiles, expectDiagnostics } from "../../helpers/rule-tester.js";
import { emitInputFromFiles, REPO_ROOT, withContractTypes } from "../../emit/emit-input.js";

const SEED = readFileSync(join(REPO_ROOT, "specs", "missions", "agentnexus.md"), "utf8");
const TRANSLATION = readFileSync(join(REPO_ROOT, "test", "fixtures", "markdown", "agentnexus-translation.yaml"), "utf8");
const MANIFEST = "specKit: 1\nname: seed\n";

type Doc = Record<string, unknown>;

function loaded(file: string, text: string): Doc {
  const input = emitInputFromFiles({ [file]: text });
  const mission = input.bundle.missions[0]!;
  expect(mission.valid, JSON.stringify(mission.schemaIssues)).toBe(true);
  return mission.data as Doc;
}

function list(doc: Doc, key: string): Doc[] {
  const value = own(doc, key);
  return Array.isArray(value) ? value.map((item) => asRecord(item) ?? {}) : [];
}

/** Each contract's producers and consumers as the parties they resolve to: a component's name, or an actor's name and kind. */
function parties(doc: Doc): Record<string, { producers: string[]; consumers: string[] }> {
  const components = list(doc, "components");
  const actors = list(doc, "actors");
  const resolve = (ref: string): string => {
    const component = components.find((c) => c.id === ref || c.name === ref);
    if (component) return `component ${String(component.name)}`;
    const actor = actors.find((a) => a.name === ref);
    return actor ? `actor ${String(actor.name)} (${String(actor.kind)})` : `unknown ${ref}`;
  };
  const out: Record<string, { producers: string[]; consumers: string[] }> = {};
  for (const contract of list(doc, "contracts")) {
    out[String(contract.name)] = {
      producers: (contract.producers as string[]).map(resolve),
      consumers: (contract.consumers as string[]).map(resolve),
    };
  }
  return out;
}

describe("seed 001 as specs/missions/agentnexus.md", () => {
  const markdown = loaded("missions/agentnexus.md", SEED);
  const yaml = loaded("missions/agentnexus.yaml", TRANSLATION);

  it("checks clean", () => {
    expect(checkFiles({ "spec-kit.yaml": MANIFEST, "missions/agentnexus.md": SEED }).diagnostics).toEqual([]);
  });

  it("names the mission and its system as the translation did", () => {
    expect(own(markdown.mission, "id")).toBe(own(yaml.mission, "id"));
    expect(own(markdown.mission, "system")).toBe(own(yaml.mission, "system"));
    expect(own(markdown.mission, "title")).toBe("AgentNexus Technical Specification (Final)");
  });

  it("yields the same components, each with the interfaces the seed writes in backticks", () => {
    expect(list(markdown, "components").map((c) => c.name)).toEqual(list(yaml, "components").map((c) => c.name));
    const backticked = (doc: Doc) =>
      list(doc, "components").map((c) =>
        (c.interfaces as Doc[]).filter((i) => SEED.includes(`\`${String(i.address)}\``)).map((i) => `${String(i.kind)} ${String(i.address)}`),
      );
    // The translation renamed two addresses the seed gives only in words (Jest CLI integration, file-backed memory store).
    expect(backticked(markdown)).toEqual(backticked(yaml));
    expect(list(markdown, "components").map((c) => (c.interfaces as Doc[]).length)).toEqual([3, 3, 3, 3, 3]);
  });

  it("yields the same contracts, schemas and parties (actors known by what their names say they are)", () => {
    expect(list(markdown, "contracts").map((c) => [c.name, c.schema])).toEqual(list(yaml, "contracts").map((c) => [c.name, c.schema]));
    expect(parties(markdown)).toEqual(parties(yaml));
  });

  it("keeps every other section as requirements, none dropped", () => {
    const requirements = list(markdown, "requirements");
    expect(requirements.map((r) => r.section)).toEqual([
      ...Array(5).fill("External Integrations"),
      ...Array(5).fill("Security & Compliance"),
      ...Array(4).fill("Telemetry & Observability"),
      ...Array(5).fill("Deployment Topology"),
    ]);
    expect(requirements[5]).toEqual({
      id: "security-compliance-1",
      section: "Security & Compliance",
      text: "Zero-trust policy enforcement with workload identity federation and per-agent capability scopes.",
    });
  });

  it("puts its components, contracts and requirements in the task graph, each sourced at its Markdown line", () => {
    const input = emitInputFromFiles({ "missions/agentnexus.md": SEED });
    const document = input.bundle.missions[0]!.document;
    const lineOf = (id: string) => {
      const node = input.graph.node(id);
      expect(node?.source, id).toBeDefined();
      return document.locate(node!.source!.path).line;
    };
    expect(lineOf("component:agentnexus/evidence-vault")).toBe(18);
    expect(lineOf("contract:agentnexus/ValidationReport")).toBe(37);
    expect(lineOf("requirement:agentnexus/deployment-topology-5")).toBe(71);
    expect(input.graph.successors("component:agentnexus/autonomous-qa-engine", "produces")).toEqual([
      "contract:agentnexus/ArtifactEvidence",
      "contract:agentnexus/ValidationReport",
    ]);
  });

  it("generates the same contracts, but for the file they are declared in", async () => {
    const fromMarkdown = emitContracts(await withContractTypes(emitInputFromFiles({ "missions/agentnexus.md": SEED }))).files;
    const fromYaml = emitContracts(await withContractTypes(emitInputFromFiles({ "missions/agentnexus.md": "", "missions/agentnexus.yaml": TRANSLATION }))).files;
    expect(fromMarkdown.map((f) => f.path)).toEqual(fromYaml.map((f) => f.path));
    expect(fromMarkdown.length).toBeGreaterThan(8);
    for (const [index, file] of fromMarkdown.entries()) {
      expect(file.content.replaceAll("agentnexus.md", "agentnexus.yaml"), file.path).toBe(fromYaml[index]!.content);
    }
  });
});

/** The seed with one edit, failing loudly when the seed no longer holds `from`. */
function mutated(from: string, to: string): Record<string, string> {
  expect(SEED).toContain(from);
  return { "spec-kit.yaml": MANIFEST, "missions/agentnexus.md": SEED.replace(from, to) };
}

describe("mutations of the seed are reported at the Markdown", () => {
  it("a consumer naming an unknown component: mission/unknown-party at the name", () => {
    const result = checkFiles(mutated("Consumers: Evidence Vault, Mission Control Orchestrator,", "Consumers: Evidence Vault, Mission Kontrol Orchestrator,"));
    expectDiagnostics(result, "mission/unknown-party", [
      { ruleId: "mission/unknown-party", messageId: "unknownConsumer", line: 40, column: 32, message: 'contract "ValidationReport" names consumer "Mission Kontrol Orchestrator", which is no declared component or actor' },
    ]);
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(["mission/unknown-party"]);
  });

  it("a contract schema with an unknown type: contract/notation at the token inside the backticks", () => {
    const result = checkFiles(mutated("suite: string, result:", "suite: strnig, result:"));
    const line = SEED.split("\n")[37]!;
    expect(line).toContain("Schema: `{ reportId");
    expectDiagnostics(result, "contract/notation", [{ ruleId: "contract/notation", line: 38, column: line.indexOf("string, result") + 1 }]);
    expect(result.diagnostics[0]!.endColumn).toBe(line.indexOf("string, result") + 1 + "strnig".length);
  });

  it("a duplicated component: mission/duplicate-component at the second one's name", () => {
    const result = checkFiles(mutated("\n## Data Contracts", "- Component: Evidence Vault\n  - Responsibilities: Keeps a copy.\n  - Interfaces: REST `GET /copies`.\n\n## Data Contracts"));
    expectDiagnostics(result, "mission/duplicate-component", [
      { ruleId: "mission/duplicate-component", messageId: "duplicateId", line: 27, column: 14, message: 'component id "evidence-vault" is already the id of component #4 ("Evidence Vault")' },
    ]);
  });

  it("a component without responsibilities: mission/schema at the component's item", () => {
    const result = checkFiles(mutated("  - Responsibilities: Parses specification bundles, materializes task graphs, and emits traceable build artifacts.\n", ""));
    expectDiagnostics(result, "mission/schema", [{ ruleId: "mission/schema", line: 15, column: 3, message: /responsibilities/ }]);
  });

  it("a contract whose producer is left out: mission/orphan-contract", () => {
    const result = checkFiles(mutated("  - Producers: Cognitive Workspace Runtime.\n", "  - Producers:\n"));
    expect(result.diagnostics.map((d) => `${d.ruleId} ${d.line}`)).toContain("mission/orphan-contract 43");
  });
});
