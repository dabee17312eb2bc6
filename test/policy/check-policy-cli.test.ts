// `spec-kit check --policy` and the manifest's `policies`, end to end through the built CLI:
// a module assembled from WebAssembly text over specs/, its findings in every format.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS, REPO_ROOT, hasStackTrace, runCli } from "../cli/spawn-cli.js";
import { assemble } from "./opa-wat.js";
import { EXAMPLE_POLICY_WAT, examplePolicyWasm } from "../../compiler/policy/example-policy.js";
import { opaPolicyWasm } from "./opa-wat.js";
import { addPolicies, tarball } from "./policy-fixtures.js";

let scratch: string;
let policy: string;

/** A governance policy over specs/: a denial at P7's first write module, a warning at P1, one without a location. */
const GOVERNANCE = {
  entrypoints: {
    "spec_kit/demo/deny": {
      result: [
        { msg: "P7 writes the runtime kernel without a second reviewer", phase: "P7", path: "module_scope.write_modules[0]", rule: "kernel-write" },
        "the bundle has no policy owner",
      ],
    },
    "spec_kit/demo/warn": { result: [{ msg: "P1 has no rollback drill", phase: "P1", path: "rollback" }] },
    "spec_kit/demo/allow": { result: true },
  },
} as const;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "spec-kit-policy-cli-"));
  policy = join(scratch, "governance.tar.gz");
  writeFileSync(policy, await tarball([{ name: "/policy.wasm", body: await opaPolicyWasm(GOVERNANCE) }, { name: "/.manifest", body: '{"revision":"7"}' }]));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("check --policy on specs/", () => {
  it(
    "shows the policy's findings in stylish, at the phase and path it names, and exits 1",
    () => {
      const run = runCli(["check", "specs", "--policy", policy, "--color=false"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain(
        [
          "specs/phases/P7.yaml",
          "  15:19  error  P7 writes the runtime kernel without a second reviewer  policy/spec_kit/demo/kernel-write",
          "",
          "      14 | module_scope:",
          "    > 15 |   write_modules: [src/security, src/session, src/runtime]",
          "         |                   ^^^^^^^^^^^^",
        ].join("\n"),
      );
      expect(run.stdout).toMatch(/^specs\/phases\/P1\.yaml\n {2}\d+:\d+ {2}warning {2}P1 has no rollback drill {2}policy\/spec_kit\/demo\/warn$/m);
      // Without a location, at the policy file, which is binary: no code frame.
      expect(run.stdout).toMatch(new RegExp(`^${policy.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n  1:1  error  the bundle has no policy owner  policy/spec_kit/demo/deny\\n\\n`, "m"));
      expect(run.stdout).toMatch(/✖ 3 problems \(2 errors, 1 warning\)/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "gives the same findings in json and in sarif, whose driver lists the policy's rules",
    () => {
      const json = runCli(["check", "specs", "--policy", policy, "--format", "json"]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as { diagnostics: { ruleId: string; severity: string; file: string; line: number; column: number; message: string }[] };
      const policyFindings = report.diagnostics.filter((d) => d.ruleId.startsWith("policy/"));
      expect(policyFindings.map((d) => [d.ruleId, d.severity, d.file, d.line, d.column])).toEqual([
        ["policy/spec_kit/demo/deny", "error", policy, 1, 1],
        ["policy/spec_kit/demo/warn", "warning", "phases/P1.yaml", expect.any(Number), expect.any(Number)],
        ["policy/spec_kit/demo/kernel-write", "error", "phases/P7.yaml", 15, 19],
      ]);

      const sarif = runCli(["check", "specs", "--policy", policy, "--format", "sarif"]);
      expect(sarif.code).toBe(1);
      const log = JSON.parse(sarif.stdout) as {
        runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
      };
      const [sarifRun] = log.runs;
      const rules = sarifRun!.tool.driver.rules;
      const byId = new Map(rules.map((rule, index) => [rule.id, { rule, index }]));
      expect(byId.get("policy/load")?.rule.defaultConfiguration.level).toBe("error");
      expect(byId.get("policy/spec_kit/demo/warn")?.rule).toEqual({ id: "policy/spec_kit/demo/warn", shortDescription: { text: `A result of OPA policy ${policy}, entrypoint spec_kit/demo/warn.` }, defaultConfiguration: { level: "warning" } });
      expect(byId.get("policy/spec_kit/demo/kernel-write")?.rule.defaultConfiguration.level).toBe("error");
      const results = sarifRun!.results.filter((r) => r.ruleId.startsWith("policy/"));
      expect(results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
        ["policy/spec_kit/demo/deny", "error", expect.stringMatching(/^file:\/\/.*governance\.tar\.gz$/), 1],
        ["policy/spec_kit/demo/warn", "warning", "specs/phases/P1.yaml", expect.any(Number)],
        ["policy/spec_kit/demo/kernel-write", "error", "specs/phases/P7.yaml", 15],
      ]);
      for (const result of results) expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "takes --rule for a policy's rule ids, and refuses a rule id of no known shape",
    () => {
      const run = runCli(["check", "specs", "--policy", policy, "--rule", "policy/spec_kit/demo/deny=off", "--rule", "policy/spec_kit/demo/kernel-write=warning", "--format", "json"]);
      const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string; severity: string }[] };
      expect(report.diagnostics.filter((d) => d.ruleId.startsWith("policy/")).map((d) => [d.ruleId, d.severity])).toEqual([
        ["policy/spec_kit/demo/warn", "warning"],
        ["policy/spec_kit/demo/kernel-write", "warning"],
      ]);
      expect(run.code).toBe(0);
      const typo = runCli(["check", "specs", "--rule", "policy/kernel=off"]);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toMatch(/unknown rule id "policy\/kernel"/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "reports an unreadable or hostile --policy as policy/load, and a policy that never ends as policy/eval, with exit 1 and no stack trace",
    async () => {
      const loop = join(scratch, "loop.wasm");
      writeFileSync(loop, await opaPolicyWasm({ entrypoints: { "x/deny": "loop" } }));
      const link = join(scratch, "link.tar.gz");
      writeFileSync(link, await tarball([{ name: "policy.wasm", body: examplePolicyWasm() }, { name: "data.json", type: "symlink", linkname: "/etc/passwd" }]));
      for (const [path, ruleId, message] of [
        [join(scratch, "missing.wasm"), "policy/load", /cannot be read: no such file/],
        [link, "policy/load", /is refused as an OPA bundle: the archive holds a symbolic link/],
        [join(REPO_ROOT, "package.json"), "policy/load", /is neither a WebAssembly module nor an OPA bundle/],
      ] as const) {
        const run = runCli(["check", "specs", "--policy", path, "--format", "json"]);
        expect(run.code, path).toBe(1);
        expect(hasStackTrace(run.stderr + run.stdout)).toBe(false);
        const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string; message: string }[] };
        expect(report.diagnostics.filter((d) => d.ruleId.startsWith("policy/"))).toEqual([expect.objectContaining({ ruleId, message: expect.stringMatching(message) })]);
      }
      // The default budget is 10 s; a manifest entry can shorten it (below), --policy cannot.
      const run = runCli(["check", "specs", "--policy", loop, "--format", "json"]);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).diagnostics).toEqual([
        expect.objectContaining({ ruleId: "policy/eval", message: `policy ${loop} was stopped in x/deny: it did not finish within its budget of 10000 ms and 64 MiB` }),
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "refuses an empty --policy as a usage error",
    () => {
      const run = runCli(["check", "specs", "--policy="]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--policy needs a path/);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe("manifest policies", () => {
  let bundle: string;

  beforeAll(async () => {
    bundle = join(scratch, "bundle");
    cpSync(join(REPO_ROOT, "specs"), bundle, { recursive: true });
    mkdirSync(join(bundle, "policies"));
    writeFileSync(join(scratch, "outside.wasm"), examplePolicyWasm());
    symlinkSync(join(scratch, "outside.wasm"), join(bundle, "policies", "linked.wasm"));
    addPolicies(bundle, [
      { path: "policies/governance.tar.gz", bytes: await tarball([{ name: "/policy.wasm", body: await opaPolicyWasm(GOVERNANCE) }]), entrypoints: ["spec_kit/demo/deny"] },
      { path: "policies/slow.wasm", bytes: await opaPolicyWasm({ entrypoints: { "x/deny": "loop" } }), timeoutMs: 2000 },
      { path: "policies/hungry.wasm", bytes: await opaPolicyWasm({ entrypoints: { "x/deny": "grow" } }), memoryMiB: 1 },
    ]);
    writeFileSync(join(bundle, "spec-kit.yaml"), `${(await import("node:fs")).readFileSync(join(bundle, "spec-kit.yaml"), "utf8")}  - path: ../outside.wasm\n  - path: policies/linked.wasm\n`);
  });

  it(
    "evaluates each entry under its own budget and reports every failure at its entry, after the rules",
    () => {
      const run = runCli(["check", bundle, "--format", "json"]);
      expect(run.code).toBe(1);
      expect(hasStackTrace(run.stderr)).toBe(false);
      const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string; file: string; line: number; message: string }[] };
      expect(report.diagnostics.filter((d) => d.ruleId.startsWith("policy/")).map((d) => [d.ruleId, d.file, d.message])).toEqual([
        ["policy/spec_kit/demo/kernel-write", "phases/P7.yaml", "P7 writes the runtime kernel without a second reviewer"],
        ["policy/spec_kit/demo/deny", "spec-kit.yaml", "the bundle has no policy owner"],
        ["policy/eval", "spec-kit.yaml", "policy policies/slow.wasm was stopped in x/deny: it did not finish within its budget of 2000 ms and 64 MiB"],
        ["policy/eval", "spec-kit.yaml", "policy policies/hungry.wasm: x/deny failed: out of memory"],
        ["policy/load", "spec-kit.yaml", "policy ../outside.wasm cannot be read: ../outside.wasm leaves the bundle root"],
        ["policy/load", "spec-kit.yaml", "policy policies/linked.wasm cannot be read: policies/linked.wasm is a link that leaves the bundle root"],
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe("the explain example's policy", () => {
  it("is exactly its WebAssembly text, assembled", async () => {
    expect(examplePolicyWasm()).toEqual(await assemble(EXAMPLE_POLICY_WAT));
  });
});
