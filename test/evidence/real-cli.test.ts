import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAZY_COMMANDS } from "../../cli/commands/lazy-commands.js";
import { runCli } from "../../cli/run-cli.js";
import { EVIDENCE_BUNDLE_PATH, LEDGER_PATH, MANIFEST_PATH, REJECTION_REPORT_PATH } from "../../compiler/evidence/paths.js";
import { checkLedger } from "../../compiler/evidence/ledger.js";
import { hasStackTrace } from "../cli/spawn-cli.js";
import { cleanup, copySpecs, recordingIo, runCommand, schemaValidator, scratch } from "./helpers.js";
import { opaPolicyWasm } from "../policy/opa-wat.js";
import { addPolicies } from "../policy/policy-fixtures.js";

const EPOCH = { SOURCE_DATE_EPOCH: "1700000000" };
const registered = (name: string) => LAZY_COMMANDS.some((command) => command.name === name);
const hasApply = registered("apply");

let root: string;
let bundle: string;
let out: string;

async function cli(args: string[]) {
  const io = recordingIo(EPOCH);
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe.skipIf(!hasApply)("spec-kit verify with the real apply, tests and lint", () => {
  beforeAll(async () => {
    root = scratch("real");
    bundle = copySpecs(join(root, "bundle"));
    // A policy that finds nothing, so that policy_eval has a verdict and the Gen-4 bundle is written.
    addPolicies(bundle, [{ path: "policies/quiet.wasm", bytes: await opaPolicyWasm({ entrypoints: { "quiet/deny": "undefined", "quiet/warn": { result: [] } } }) }]);
    out = join(root, "out");
    expect((await cli(["apply", bundle, "--out", out])).code).toBe(0);
  }, 120_000);
  afterAll(() => cleanup(root));

  let manifest: string;

  it("accepts a fresh apply of specs/, one progress line per verifier, exit 0", async () => {
    const run = await runCommand(["verify", bundle, "--out", out], EPOCH);
    expect(run.err).toBe("");
    expect(run.out).toMatch(/^verify: check … ok.*\nverify: policies … ok \(1 policy, 2 entrypoints, 0 denials\)\nverify: replay … ok.*\nverify: tests … ok.*\nverify: lint … (ok|not run).*\nverify: accepted ev-[0-9a-f]{16}/);
    expect(run.code).toBe(0);
    manifest = readFileSync(join(out, MANIFEST_PATH), "utf8");
    const statement = JSON.parse(manifest);
    expect(statement.predicate.verification_report.execution_tests).toMatch(/^pass \((\d+)\/\1\)$/);
    expect(statement.predicate.verification_report.policy_eval).toBe("pass (2/2)");
    if (registered("lint")) {
      const bundleDoc = JSON.parse(readFileSync(join(out, EVIDENCE_BUNDLE_PATH), "utf8"));
      const validate = schemaValidator("evidence-bundle");
      expect(validate(bundleDoc), JSON.stringify(validate.errors)).toBe(true);
      expect(bundleDoc).toMatchObject({ bundle_id: statement.predicate.bundle_id, artifacts: { verification_report: statement.predicate.verification_report } });
    }
  }, 600_000);

  it("writes the same manifest bytes when run again", async () => {
    expect((await runCommand(["verify", bundle, "--out", out], EPOCH)).code).toBe(0);
    expect(readFileSync(join(out, MANIFEST_PATH), "utf8")).toBe(manifest);
    const ledger = checkLedger(readFileSync(join(out, LEDGER_PATH), "utf8"));
    expect(ledger.ok && ledger.records.length).toBe(2);
  }, 600_000);

  it("leaves apply --check clean and apply keeps the ledger and the verified statement", async () => {
    const ledger = readFileSync(join(out, LEDGER_PATH), "utf8");
    expect((await cli(["apply", bundle, "--out", out, "--check"])).code).toBe(0);
    expect((await cli(["apply", bundle, "--out", out])).code).toBe(0);
    expect(readFileSync(join(out, LEDGER_PATH), "utf8")).toBe(ledger);
    expect(readFileSync(join(out, MANIFEST_PATH), "utf8")).toBe(manifest);
  }, 120_000);

  it("signs with apply --sign-key and with verify --sign-key; apply --check without the key stays clean", async () => {
    const keys = join(root, "keys");
    expect((await runCommand(["keygen", "--out", keys])).code).toBe(0);
    const signed = join(root, "signed");
    expect((await cli(["apply", bundle, "--out", signed, "--sign-key", join(keys, "spec-kit.key.pem")])).code).toBe(0);
    expect((await runCommand(["evidence", "verify", signed, "--key", join(keys, "spec-kit.pub.pem")])).code).toBe(0);
    expect((await runCommand(["verify", bundle, "--out", out, "--sign-key", join(keys, "spec-kit.key.pem")], EPOCH)).code).toBe(0);
    expect((await cli(["apply", bundle, "--out", out, "--check"])).code).toBe(0);
    const checked = await runCommand(["evidence", "verify", out, "--key", join(keys, "spec-kit.pub.pem")]);
    expect([checked.code, checked.out]).toEqual([0, expect.stringMatching(/signature by [0-9a-f]{64} ok/)]);
  }, 600_000);

  it("rejects a seeded defect in the output with a Rejection Report and exit 1", async () => {
    const gate = join(out, "gates", "P4.ts");
    const original = readFileSync(gate, "utf8");
    writeFileSync(gate, `${original}// seeded\n`);
    try {
      const run = await runCommand(["verify", bundle, "--out", out], EPOCH);
      expect(run.code).toBe(1);
      expect(hasStackTrace(run.out + run.err)).toBe(false);
      expect(run.out).toContain("verify: replay … FAILED");
      expect(JSON.parse(readFileSync(join(out, REJECTION_REPORT_PATH), "utf8")).diagnostics).toContain("changed: gates/P4.ts");
    } finally {
      writeFileSync(gate, original);
    }
  }, 600_000);
});

describe("spec-kit verify on unusable input", () => {
  it("exits 2 with one line: no output folder, a bad signing key, a bad SOURCE_DATE_EPOCH", async () => {
    const dir = scratch("unusable");
    try {
      const missing = await runCommand(["verify", "specs", "--out", join(dir, "nowhere")]);
      expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('run "spec-kit apply" first')]);
      writeFileSync(join(dir, "key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
      const badKey = await runCommand(["verify", "specs", "--out", dir, "--sign-key", join(dir, "key.pem")]);
      expect([badKey.code, badKey.err]).toEqual([2, expect.stringContaining("not a PEM private key")]);
      const badEpoch = await runCommand(["verify", "specs", "--out", dir], { SOURCE_DATE_EPOCH: "yesterday" });
      expect([badEpoch.code, badEpoch.err]).toEqual([2, expect.stringContaining("SOURCE_DATE_EPOCH must be a whole number")]);
      for (const run of [missing, badKey, badEpoch]) expect(hasStackTrace(run.err)).toBe(false);
      expect(existsSync(join(dir, LEDGER_PATH))).toBe(false);
    } finally {
      cleanup(dir);
    }
  });
});
