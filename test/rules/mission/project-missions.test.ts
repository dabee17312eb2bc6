import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../../rules/index.js";
import { checkFiles, only } from "../../helpers/rule-tester.js";

const MANIFEST = "specKit: 1\nname: x\n";
const MY_RULES = [
  "invariant/untraced",
  "mission/orphan-contract",
  "mission/unknown-party",
  "roles/human-approval",
  "roles/least-privilege",
  "roles/separation-of-duties",
  "suppression/unused",
];

function specMission(name: string): string {
  return readFileSync(new URL(`../../../specs/missions/${name}`, import.meta.url), "utf8");
}

describe("the project's own mission documents", () => {
  for (const name of ["agentnexus.md", "gen4-fabric.yaml"]) {
    it(`${name} passes every rule`, () => {
      const result = checkFiles({ "spec-kit.yaml": MANIFEST, [`missions/${name}`]: specMission(name) });
      expect(result.diagnostics).toEqual([]);
    });
  }

  it("agentnexus.md is seed 001 unchanged", () => {
    const seed = readFileSync(new URL("../../../../shared/seeds/001_bb41311facbd5c7f.txt", import.meta.url), "utf8");
    expect(specMission("agentnexus.md")).toBe(seed);
  });

  it("the rules would catch a broken copy of the fabric", () => {
    const broken = specMission("gen4-fabric.yaml")
      .replace("capabilities: [read-code, write-branch, write-scratchpad]", "capabilities: [read-code, write-branch, write-scratchpad, deploy]")
      .replace("    requires_human_approval: true\n    approver: human change-control reviewer\n  - id: deploy", "    requires_human_approval: false\n  - id: deploy")
      .replace("consumers: [OPA Policy Engine, Audit Service]", "consumers: [OPA Policy Engine, Audit Team]");
    const result = checkFiles({ "spec-kit.yaml": MANIFEST, "missions/gen4-fabric.yaml": broken });
    expect(only(result, "roles/separation-of-duties").map((d) => d.message)).toEqual([expect.stringMatching(/^role "implementer" both implements/)]);
    expect(only(result, "roles/human-approval").map((d) => d.message)).toEqual([
      expect.stringMatching(/^role "implementer" has capability deploy/),
      'action "merge-to-main" (merge-to-main) neither requires human approval nor names a break-glass protocol',
    ]);
    expect(only(result, "roles/least-privilege").map((d) => d.message)).toEqual([]);
    expect(only(result, "mission/unknown-party").map((d) => d.message)).toEqual([expect.stringContaining('"Audit Team"')]);
  });
});

describe("examples of the mission, roles, invariant and suppression rules", () => {
  for (const id of MY_RULES) {
    const rule = ALL_RULES.find((candidate) => candidate.id === id);
    it(`${id} is registered with examples: the failing one flags this rule alone, the passing one nothing`, () => {
      expect(rule?.examples).toBeDefined();
      const failing = checkFiles(rule!.examples!.failing.files).diagnostics;
      expect(failing.length).toBeGreaterThan(0);
      expect(failing.filter((d) => d.ruleId !== id)).toEqual([]);
      expect(checkFiles(rule!.examples!.passing.files).diagnostics).toEqual([]);
    });
  }
});
