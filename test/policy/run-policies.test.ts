// The pure policy stage inside `checkBundle`: what a policy's results become (rule ids,
// severities, locations, suppressions, configuration), with a host that answers from a table,
// so that nothing but the mapping is under test. Modules and workers: ./policy-worker.test.ts.
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLE_PHASE_YAML, EXAMPLE_TEAM_MISSION_YAML, manifestYaml, withReplacement } from "../../compiler/check/rule-examples.js";
import { entrypointKind, selectEntrypoints } from "../../compiler/policy/entrypoints.js";
import { MAX_RESULTS_PER_ENTRYPOINT, policyRuleId } from "../../compiler/policy/policy-findings.js";
import type { PolicyHost, PolicyOutcome, PolicyRequest } from "../../compiler/policy/policy-host.js";
import { isPolicyRuleId } from "../../compiler/policy/policy-messages.js";
import { policyRuleMetas } from "../../compiler/policy/run-policies.js";
import { checkBundle, type CheckResult } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";
import { memoryHost, type MemoryFiles } from "../helpers/memory-host.js";

/** A host that answers each policy path from `outcomes` and records what it was asked. */
function tableHost(outcomes: Record<string, PolicyOutcome>): PolicyHost & { requests: PolicyRequest[]; inputs: string[] } {
  const requests: PolicyRequest[] = [];
  const inputs: string[] = [];
  return {
    requests,
    inputs,
    evaluate(request, input) {
      requests.push(request);
      inputs.push(input);
      return outcomes[request.path] ?? { results: [], failure: { kind: "unreadable", detail: "no such file" } };
    },
  };
}

const MANIFEST = manifestYaml(
  "policies:",
  "  - path: policies/gov.wasm",
  "  - path: policies/other.wasm",
  "    entrypoints: [other/deny, other/warn]",
  "    data: policies/other.json",
  "    timeoutMs: 500",
  "    memoryMiB: 8",
);

function bundle(phase = EXAMPLE_PHASE_YAML, manifest = MANIFEST): MemoryFiles {
  return { "spec-kit.yaml": manifest, "phases/P7.yaml": phase, "missions/team.yaml": EXAMPLE_TEAM_MISSION_YAML };
}

function run(files: MemoryFiles, outcomes: Record<string, PolicyOutcome>, severities: Record<string, "error" | "warning" | "off"> = {}): CheckResult & { host: ReturnType<typeof tableHost> } {
  const host = tableHost(outcomes);
  return { ...checkBundle(memoryHost(files), { rules: ALL_RULES, severities, policies: { host } }), host };
}

const OTHER_OK: PolicyOutcome = { results: [{ entrypoint: "other/deny", resultSet: [{ result: [] }] }, { entrypoint: "other/warn", resultSet: [] }] };

function policyDiagnostics(result: CheckResult) {
  return result.diagnostics.filter((d) => d.ruleId.startsWith("policy/")).map(({ ruleId, severity, message, file, line, column }) => ({ ruleId, severity, message, file, line, column }));
}

describe("policy results in check", () => {
  it("asks the host for each manifest policy with its entry's settings, in order", () => {
    const result = run(bundle(), { "policies/gov.wasm": { results: [] }, "policies/other.wasm": OTHER_OK });
    expect(result.host.requests).toEqual([
      { path: "policies/gov.wasm", external: false, budget: { timeoutMs: 10_000, memoryMiB: 64 } },
      { path: "policies/other.wasm", external: false, data: "policies/other.json", entrypoints: ["other/deny", "other/warn"], budget: { timeoutMs: 500, memoryMiB: 8 } },
    ]);
    expect(policyDiagnostics(result)).toEqual([]);
    expect(result.policies).toEqual({
      policies: 2,
      evaluated: [
        { policy: "policies/other.wasm", entrypoint: "other/deny", ruleIds: [] },
        { policy: "policies/other.wasm", entrypoint: "other/warn", ruleIds: [] },
      ],
      failed: 0,
      files: [],
    });
  });

  it("maps deny, warn and violation results: strings and {msg, phase, path, file, rule} objects, at the place they name", () => {
    const gov: PolicyOutcome = {
      results: [
        {
          entrypoint: "spec_kit/gov/deny",
          resultSet: [
            {
              result: [
                "no location: at the policy's manifest entry",
                { msg: "at the phase id", phase: "P7" },
                { msg: "at a dotted path", phase: "P7", path: "module_scope.write_modules[0]", rule: "kernel-write" },
                { msg: "at an array path", phase: "P7", path: ["guardrails", "policy_gate", 1] },
                { msg: "in a mission file", file: "missions/team.yaml", path: "roles[1].access_scope" },
                { msg: "an unknown phase falls back", phase: "P99", path: "status" },
                { msg: "a bad rule name is ignored", phase: "P7", rule: "../x" },
              ],
            },
          ],
        },
        { entrypoint: "spec_kit/gov/warn", resultSet: [{ result: ["a warning"] }] },
        { entrypoint: "spec_kit/gov/violation_scope", resultSet: [{ result: { msg: "a single object", phase: "P7", path: "status.stage" } }] },
        { entrypoint: "spec_kit/gov/deny_flag", resultSet: [{ result: true }] },
        { entrypoint: "spec_kit/gov/deny_off", resultSet: [{ result: false }] },
      ],
    };
    const result = run(bundle(), { "policies/gov.wasm": gov, "policies/other.wasm": OTHER_OK });
    expect(policyDiagnostics(result)).toEqual([
      { ruleId: "policy/spec_kit/gov/deny", severity: "error", message: "in a mission file", file: "missions/team.yaml", line: 10, column: 19 },
      { ruleId: "policy/spec_kit/gov/deny", severity: "error", message: "a bad rule name is ignored", file: "phases/P7.yaml", line: 1, column: 24 },
      { ruleId: "policy/spec_kit/gov/deny", severity: "error", message: "at the phase id", file: "phases/P7.yaml", line: 1, column: 24 },
      { ruleId: "policy/spec_kit/gov/kernel-write", severity: "error", message: "at a dotted path", file: "phases/P7.yaml", line: 5, column: 32 },
      { ruleId: "policy/spec_kit/gov/deny", severity: "error", message: "at an array path", file: "phases/P7.yaml", line: 8, column: 87 },
      { ruleId: "policy/spec_kit/gov/violation_scope", severity: "error", message: "a single object", file: "phases/P7.yaml", line: 13, column: 17 },
      { ruleId: "policy/spec_kit/gov/deny", severity: "error", message: "an unknown phase falls back", file: "spec-kit.yaml", line: 4, column: 5 },
      { ruleId: "policy/spec_kit/gov/deny", severity: "error", message: "no location: at the policy's manifest entry", file: "spec-kit.yaml", line: 4, column: 5 },
      { ruleId: "policy/spec_kit/gov/deny_flag", severity: "error", message: "spec_kit/gov/deny_flag is true", file: "spec-kit.yaml", line: 4, column: 5 },
      { ruleId: "policy/spec_kit/gov/warn", severity: "warning", message: "a warning", file: "spec-kit.yaml", line: 4, column: 5 },
    ]);
    expect(result.policies?.evaluated.map((e) => [e.entrypoint, e.ruleIds])).toEqual([
      ["spec_kit/gov/deny", ["policy/spec_kit/gov/deny", "policy/spec_kit/gov/kernel-write"]],
      ["spec_kit/gov/warn", ["policy/spec_kit/gov/warn"]],
      ["spec_kit/gov/violation_scope", ["policy/spec_kit/gov/violation_scope"]],
      ["spec_kit/gov/deny_flag", ["policy/spec_kit/gov/deny_flag"]],
      ["spec_kit/gov/deny_off", []],
      ["other/deny", []],
      ["other/warn", []],
    ]);
  });

  it("applies the manifest's rules map, --rule overrides and suppressions to policy findings like any rule's", () => {
    const gov: PolicyOutcome = {
      results: [
        { entrypoint: "spec_kit/gov/deny", resultSet: [{ result: [{ msg: "kept", phase: "P7" }, { msg: "suppressed", phase: "P7", path: "status", rule: "accepted" }] }] },
        { entrypoint: "spec_kit/gov/warn", resultSet: [{ result: [{ msg: "raised", phase: "P7" }] }] },
        { entrypoint: "spec_kit/noise/deny", resultSet: [{ result: ["silenced"] }] },
      ],
    };
    const suppressed = withReplacement(
      EXAMPLE_PHASE_YAML,
      "owner: core}",
      'owner: core, suppressions: [{rule: policy/spec_kit/gov/accepted, path: status, reason: "accepted until the Q3 review"}]}',
    );
    const manifest = `${MANIFEST}rules:\n  policy/spec_kit/gov/warn: error\n  policy/spec_kit/noise/deny: warning\n`;
    const result = run(bundle(suppressed, manifest), { "policies/gov.wasm": gov, "policies/other.wasm": OTHER_OK }, { "policy/spec_kit/noise/deny": "off" });
    expect(policyDiagnostics(result).map((d) => [d.ruleId, d.severity, d.message])).toEqual([
      ["policy/spec_kit/gov/deny", "error", "kept"],
      ["policy/spec_kit/gov/warn", "error", "raised"],
    ]);
    expect(result.diagnostics.filter((d) => d.ruleId === "suppression/unused")).toEqual([]);
  });

  it("reports results of the wrong shape, and too many results, as policy/eval at the entry", () => {
    const many = Array.from({ length: MAX_RESULTS_PER_ENTRYPOINT + 5 }, (_, i) => `finding ${i}`);
    const gov: PolicyOutcome = {
      results: [
        { entrypoint: "spec_kit/gov/deny", resultSet: [{ result: ["fine", 42, { message: "no msg" }] }] },
        { entrypoint: "spec_kit/gov/warn", resultSet: [{ result: many }] },
      ],
    };
    const result = run(bundle(), { "policies/gov.wasm": gov, "policies/other.wasm": OTHER_OK });
    const evals = result.diagnostics.filter((d) => d.ruleId === "policy/eval");
    expect(evals.map((d) => [d.message, d.line, d.column])).toEqual([
      ["policy policies/gov.wasm: spec_kit/gov/deny gave 42, not a set of strings or of objects with a msg", 4, 5],
      [`policy policies/gov.wasm: spec_kit/gov/warn gave ${MAX_RESULTS_PER_ENTRYPOINT + 5} results; only the first ${MAX_RESULTS_PER_ENTRYPOINT} are reported`, 4, 5],
    ]);
    expect(result.diagnostics.filter((d) => d.ruleId === "policy/spec_kit/gov/warn")).toHaveLength(MAX_RESULTS_PER_ENTRYPOINT);
    expect(result.diagnostics.filter((d) => d.ruleId === "policy/spec_kit/gov/deny").map((d) => d.message)).toEqual(["fine"]);
  });

  it("locates each failure at the part of the manifest entry it concerns", () => {
    const cases: [PolicyOutcome, string, string, number, number][] = [
      [{ results: [], failure: { kind: "unreadable", detail: "no such file" } }, "policy/load", "policy policies/other.wasm cannot be read: no such file", 5, 11],
      [{ results: [], failure: { kind: "refused", detail: "is not a valid WebAssembly module" } }, "policy/load", "policy policies/other.wasm is not a valid WebAssembly module", 5, 11],
      [{ results: [], failure: { kind: "data", detail: "file policies/other.json is not a JSON object" } }, "policy/load", "policy policies/other.wasm: its data file policies/other.json is not a JSON object", 7, 11],
      [
        { results: [], failure: { kind: "missing-entrypoint", detail: "", entrypoint: "other/warn", available: ["other/deny"] } },
        "policy/load",
        "policy policies/other.wasm has no entrypoint other/warn (it has other/deny)",
        6,
        31,
      ],
      [{ results: [], failure: { kind: "not-a-rule", detail: "", entrypoint: "other/deny" } }, "policy/load", "policy policies/other.wasm: entrypoint other/deny is not a deny, warn or violation rule (use it at a runtime gate instead)", 6, 19],
      [
        { results: [{ entrypoint: "other/deny", resultSet: [] }], failure: { kind: "failed", detail: "trapped (unreachable)", entrypoint: "other/warn" } },
        "policy/eval",
        "policy policies/other.wasm: other/warn failed: trapped (unreachable)",
        6,
        31,
      ],
      [
        { results: [], failure: { kind: "stopped", detail: "it did not finish within its budget of 500 ms and 8 MiB", entrypoint: "other/deny" } },
        "policy/eval",
        "policy policies/other.wasm was stopped in other/deny: it did not finish within its budget of 500 ms and 8 MiB",
        6,
        19,
      ],
    ];
    for (const [outcome, ruleId, message, line, column] of cases) {
      const result = run(bundle(), { "policies/gov.wasm": { results: [] }, "policies/other.wasm": outcome });
      expect(result.diagnostics.filter((d) => d.ruleId.startsWith("policy/")).map((d) => ({ ruleId: d.ruleId, message: d.message, line: d.line, column: d.column }))).toEqual([
        { ruleId, message, line, column },
      ]);
      expect(result.summary.errors).toBeGreaterThan(0);
      expect(result.policies?.failed).toBe(1);
    }
    const noRules = run(bundle(), { "policies/gov.wasm": { results: [], failure: { kind: "no-rules", detail: "", available: ["gates/allow"] } }, "policies/other.wasm": OTHER_OK });
    expect(noRules.diagnostics.filter((d) => d.ruleId === "policy/load").map((d) => [d.message, d.line, d.column])).toEqual([
      ["policy policies/gov.wasm has no deny, warn or violation rule (it has gates/allow); list its entrypoints to evaluate", 4, 5],
    ]);
  });

  it("puts --policy findings without a location at the policy file, and evaluates them after the manifest's", () => {
    const files = { "spec-kit.yaml": manifestYaml(), "phases/P7.yaml": EXAMPLE_PHASE_YAML };
    const host = tableHost({ "../gov.wasm": { results: [{ entrypoint: "g/deny", resultSet: [{ result: ["somewhere", { msg: "here", phase: "P7" }] }] }] } });
    const result = checkBundle(memoryHost(files), { rules: ALL_RULES, policies: { host, extra: [{ path: "../gov.wasm", file: "../gov.wasm" }] } });
    expect(host.requests).toEqual([{ path: "../gov.wasm", external: true, budget: { timeoutMs: 10_000, memoryMiB: 64 } }]);
    expect(policyDiagnostics(result)).toEqual([
      { ruleId: "policy/g/deny", severity: "error", message: "somewhere", file: "../gov.wasm", line: 1, column: 1 },
      { ruleId: "policy/g/deny", severity: "error", message: "here", file: "phases/P7.yaml", line: 1, column: 24 },
    ]);
  });

  it("evaluates nothing, and binds no full graph, when no policy is configured", () => {
    const host = tableHost({});
    const result = checkBundle(memoryHost({ "spec-kit.yaml": manifestYaml(), "phases/P7.yaml": EXAMPLE_PHASE_YAML }), { rules: ALL_RULES, policies: { host } });
    expect(host.requests).toEqual([]);
    expect(result.policies).toBeUndefined();
  });

  it("gives every policy the same input: the task graph and the documents, as schemas/policy-input.schema.json says", () => {
    const result = run(bundle(), { "policies/gov.wasm": { results: [] }, "policies/other.wasm": OTHER_OK });
    const [first, second] = result.host.inputs;
    expect(second).toBe(first);
    const input = JSON.parse(first!);
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    for (const name of ["task-graph", "policy-input"]) ajv.addSchema(JSON.parse(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), "utf8")));
    const validate = ajv.getSchema("https://spec-kit.dev/schemas/policy-input.schema.json")!;
    expect(validate(input), JSON.stringify(validate.errors)).toBe(true);
    expect(input).toMatchObject({
      policyInput: 1,
      bundle: "example",
      manifest: { file: "spec-kit.yaml", data: { name: "example" } },
      phases: [{ file: "phases/P7.yaml", id: "P7", data: { phase_meta: { phase_id: "P7" } } }],
      missions: [{ file: "missions/team.yaml", data: { mission: { id: "m" } } }],
    });
    expect(input.graph).toEqual(result.graph!.toJSON());
    expect(input.graph.nodes.map((n: { id: string }) => n.id)).toContain("phase:P7");
  });
});

describe("entrypoints and rule ids", () => {
  it("reads conftest's rule names", () => {
    expect(["a/deny", "a/b/warn", "a/violation", "a/deny_x", "a/warn_long_name", "a/allow", "a/denyx", "a/b/deny/c"].map(entrypointKind)).toEqual([
      "deny",
      "warn",
      "violation",
      "deny",
      "warn",
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("selects every deny, warn and violation rule by default, the requested ones otherwise, and refuses what cannot be checked", () => {
    const available = ["p/warn", "p/allow", "p/deny", "q/violation_x"];
    expect(selectEntrypoints(available)).toEqual({ ok: true, selected: ["p/deny", "p/warn", "q/violation_x"] });
    expect(selectEntrypoints(available, ["p/warn"])).toEqual({ ok: true, selected: ["p/warn"] });
    expect(selectEntrypoints(available, ["p/warn", "p/nope"])).toEqual({ ok: false, kind: "missing-entrypoint", entrypoint: "p/nope" });
    expect(selectEntrypoints(available, ["p/allow"])).toEqual({ ok: false, kind: "not-a-rule", entrypoint: "p/allow" });
    expect(selectEntrypoints(["p/allow"])).toEqual({ ok: false, kind: "no-rules" });
  });

  it("names a result's rule policy/<package>/<rule>, and configuration accepts exactly that shape", () => {
    expect(policyRuleId("spec_kit/roles/deny")).toBe("policy/spec_kit/roles/deny");
    expect(policyRuleId("spec_kit/roles/deny", "least-privilege")).toBe("policy/spec_kit/roles/least-privilege");
    expect(policyRuleId("spec_kit/roles/deny", "a b")).toBe("policy/spec_kit/roles/deny");
    expect(["policy/spec_kit/roles/deny", "policy/a/b-c", "policy/load", "policy/eval", "policy/a", "policy//x", "protocol/a/b"].map(isPolicyRuleId)).toEqual([true, true, false, false, false, false, false]);
  });

  it("describes the rules a run reported under, warn rules as warnings", () => {
    expect(
      policyRuleMetas({
        policies: 1,
        failed: 0,
        files: [],
        evaluated: [
          { policy: "p.wasm", entrypoint: "p/warn", ruleIds: ["policy/p/warn", "policy/p/shared"] },
          { policy: "p.wasm", entrypoint: "p/deny", ruleIds: ["policy/p/deny", "policy/p/shared"] },
        ],
      }),
    ).toEqual([
      { id: "policy/p/deny", defaultSeverity: "error", doc: "A result of OPA policy p.wasm, entrypoint p/deny." },
      { id: "policy/p/shared", defaultSeverity: "warning", doc: "A result of OPA policy p.wasm, entrypoint p/warn." },
      { id: "policy/p/warn", defaultSeverity: "warning", doc: "A result of OPA policy p.wasm, entrypoint p/warn." },
    ]);
  });
});
