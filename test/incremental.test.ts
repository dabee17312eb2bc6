// The incremental engine behind `check --watch` must give exactly what a full check gives:
// each step below edits, adds or deletes files of an in-memory copy of specs/, updates the
// engine with the changed paths, and compares its diagnostics with a fresh `checkBundle`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasKnownReach } from "../compiler/check/rule-reach.js";
import type { Diagnostic } from "../compiler/diagnostics.js";
import { IncrementalChecker } from "../compiler/incremental.js";
import { checkBundle } from "../compiler/program.js";
import { ALL_RULES } from "../rules/index.js";
import { memoryHost } from "./helpers/memory-host.js";
import { specsFiles } from "./helpers/tree-files.js";

const SPECS = join(import.meta.dirname, "..", "specs");


/** Diagnostics in a canonical order, so that ties of the report order do not matter. */
function canonical(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => JSON.stringify(d)).sort();
}

/** One step: edits (a function of the old text, or null to delete) by path. */
type Step = [name: string, edits: Record<string, ((text: string) => string) | null>];

function swap(from: string, to: string): (text: string) => string {
  return (text) => {
    if (!text.includes(from)) throw new Error(`no ${JSON.stringify(from)} to replace`);
    return text.replace(from, to);
  };
}

const STEPS: Step[] = [
  ["schema error", { "phases/P2.yaml": swap("priority: highest", "priority: urgent") }],
  ["unknown phase", { "phases/P2.yaml": swap("depends_on: [P1, P4, P7]", "depends_on: [P1, P4, P7, P99]") }],
  ["asymmetric edge in a neighbour", { "phases/P2.yaml": swap("unblocks: [P3, P5, P8, P9, P11]", "unblocks: [P3, P5, P8, P9]") }],
  ["cycle", { "phases/P3.yaml": swap("depends_on: [P2]", "depends_on: [P2, P10]") }],
  ["untraced invariant", { "phases/P5.yaml": swap("invariants:\n", "invariants:\n  - Quokkas never juggle xylophones.\n") }],
  ["tenant key and gate", { "phases/P2.yaml": swap("policy_gate: [permission, tenant boundary]", "policy_gate: [permission]") }],
  ["parse error", { "phases/P4.json": swap('"phase_meta": {', '"phase_meta": {,,') }],
  ["parse error fixed, cycle removed", { "phases/P4.json": swap('"phase_meta": {,,', '"phase_meta": {'), "phases/P3.yaml": swap("depends_on: [P2, P10]", "depends_on: [P2]") }],
  ["duplicate phase added", { "phases/P2b.yaml": (text) => text || readFileSync(join(SPECS, "phases/P2.yaml"), "utf8") }],
  ["unused suppression", { "phases/P6.yaml": swap("phase_meta:\n", "phase_meta:\n  suppressions:\n    - { rule: graph/no-cycle, reason: kept for a planned cyclic rollout }\n") }],
  ["mission edit", { "missions/agentnexus.md": swap("Notification Service.", "Billing Engine.") }],
  // contract/conflict reads every document: a mission contract edited in one file is reported at the phase model of its name in another.
  [
    "contract conflicting across documents",
    {
      "missions/agentnexus.md": swap(
        "## Data Contracts\n",
        "## Data Contracts\n- Contract: SessionLease\n  - Schema: `{ lease_id: UUID, tenant_id: string }`\n  - Producers: Mission Control Orchestrator.\n  - Consumers: Evidence Vault.\n",
      ),
    },
  ],
  ["event model without task_id", { "phases/P7.yaml": swap("keys: [binding_id, tenant_id, principal_id, session_id, trace_id, task_id]", "keys: [binding_id, tenant_id, principal_id, session_id, trace_id]") }],
  ["contract conflict resolved in the phase", { "phases/P7.yaml": swap("keys: [lease_id, session_id, tenant_id, principal_id]", 'keys: [lease_id, tenant_id]\n    fields: "{ lease_id: UUID, tenant_id: string }"') }],
  ["phase deleted", { "phases/P13.json": null }],
  ["duplicate deleted", { "phases/P2b.yaml": null }],
  ["unrelated file", { "README.md": () => "notes\n" }],
  ["empty file", { "phases/P14.yaml": () => "" }],
  ["manifest edit", { "spec-kit.yaml": swap("tenancy:", "rules:\n  invariant/untraced: error\ntenancy:") }],
  ["phase edit after manifest edit", { "phases/P5.yaml": swap("invariants:\n", "invariants:\n  - Walruses never sing.\n") }],
  ["manifest broken", { "spec-kit.yaml": swap("specKit: 1", "specKit: 2") }],
  ["phase edit with a broken manifest", { "phases/P6.yaml": swap("phase_meta:\n", "phase_meta:\n  extra: 1\n") }],
  ["manifest fixed", { "spec-kit.yaml": swap("specKit: 2", "specKit: 1") }],
  ["nothing changed", {}],
];

describe("incremental checking", () => {
  it("lists the reach of every shipped bundle rule", () => {
    expect(ALL_RULES.filter((rule) => rule.scope === "bundle" && !hasKnownReach(rule)).map((rule) => rule.id)).toEqual([]);
  });

  it("equals a full check after every edit, add and delete", () => {
    const files = specsFiles();
    const host = memoryHost(files);
    const engine = new IncrementalChecker(host, { rules: ALL_RULES });
    const first = engine.update();
    expect(first.stats.rebuilt).toBe(true);
    expect(canonical(first.diagnostics)).toEqual(canonical(checkBundle(host, { rules: ALL_RULES }).diagnostics));
    const seen = new Set<string>();
    for (const [name, edits] of STEPS) {
      for (const [file, edit] of Object.entries(edits)) {
        if (edit === null) delete files[file];
        else files[file] = edit(files[file] ?? "");
      }
      const result = engine.update(Object.keys(edits));
      const full = checkBundle(host, { rules: ALL_RULES });
      expect(canonical(result.diagnostics), name).toEqual(canonical(full.diagnostics));
      expect(result.summary, name).toEqual(full.summary);
      for (const d of result.diagnostics) seen.add(d.ruleId);
    }
    // The steps are meant to exercise every kind of rule, not to compare empty lists.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(["contract/conflict", "contract/trace-ids", "graph/asymmetric-edge", "graph/duplicate-phase", "graph/no-cycle", "graph/unknown-phase", "invariant/untraced", "manifest/schema", "mission/unknown-party", "protocol/parse", "protocol/schema", "suppression/unused", "tenancy/boundary-gate"]),
    );
  });

  it("re-parses only what changed", () => {
    const files = specsFiles();
    const engine = new IncrementalChecker(memoryHost(files), { rules: ALL_RULES });
    engine.update();
    files["phases/P2.yaml"] = files["phases/P2.yaml"]!.replace("priority: highest", "priority: urgent");
    const result = engine.update(["phases/P2.yaml", "phases/P3.yaml"]);
    expect(result.stats).toEqual({ reparsed: 1, removed: 0, rebuilt: false });
    expect(result.diagnostics.map((d) => `${d.ruleId} ${d.file}`)).toEqual(["protocol/schema phases/P2.yaml"]);
    expect(engine.update(["phases/P2.yaml"]).stats.reparsed).toBe(0);
  });
});
