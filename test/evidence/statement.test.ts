import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildEvidence } from "../../compiler/evidence/build-evidence.js";
import { ruleTally } from "../../compiler/evidence/check-tally.js";
import { pae, parseEnvelope } from "../../compiler/evidence/dsse.js";
import { inputDigest } from "../../compiler/evidence/input-digest.js";
import { DSSE_PATH, MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { prettyJson } from "../../compiler/evidence/pretty-json.js";
import { buildStatement, serializeStatement, type StatementInputs } from "../../compiler/evidence/statement.js";
import { uuidV5 } from "../../compiler/evidence/uuid.js";
import { formatTally } from "../../compiler/evidence/verification-summary.js";
import type { Diagnostic } from "../../compiler/diagnostics.js";

const TOOLCHAIN = { node: ">=20.19.0", spec_kit: "0.1.0", lockfile: `sha256:${"a".repeat(64)}` };
const FILES = [
  { path: "tests/P1.test.ts", content: "test\n" },
  { path: "gates/P1.ts", content: "gate\n" },
  { path: "evidence/ledger.ndjson", content: "ignored\n" },
];
const INPUTS: StatementInputs = { files: FILES, inputDigest: inputDigest([{ path: "spec-kit.yaml", sha256: "b".repeat(64) }]), toolchain: TOOLCHAIN };

describe("the in-toto statement", () => {
  const statement = buildStatement(INPUTS);

  it("attests every file outside evidence/, sorted by name, with lowercase hex SHA-256", () => {
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.predicateType).toBe("https://spec-kit.dev/evidence/v1");
    expect(statement.subject.map((s) => s.name)).toEqual(["gates/P1.ts", "tests/P1.test.ts"]);
    expect(statement.subject[0]!.digest.sha256).toBe(createHash("sha256").update("gate\n").digest("hex"));
  });

  it("carries the Gen-4 fields, `not run` for verifiers that did not run, and no time without one", () => {
    expect(statement.predicate).toMatchObject({
      governance_gate: "Gen4-Compile",
      input_digest: INPUTS.inputDigest,
      verification_report: { execution_tests: "not run", static_checks: "not run", policy_eval: "not run" },
      reproducibility: { input_snapshot: INPUTS.inputDigest, toolchain: TOOLCHAIN },
    });
    expect("timestamp" in statement.predicate).toBe(false);
    expect(buildStatement({ ...INPUTS, time: "2023-11-14T22:13:20Z" }).predicate.timestamp).toBe("2023-11-14T22:13:20Z");
  });

  it("counts the executed test cases apart from the todo and skipped ones, when the suites ran", () => {
    expect("test_cases" in statement.predicate).toBe(false);
    const counted = buildStatement({ ...INPUTS, tallies: { execution_tests: { run: true, passed: 40, total: 41, todo: 7, skipped: 2 } } }).predicate;
    expect(counted.test_cases).toEqual({ executed: 41, passed: 40, todo: 7, skipped: 2 });
    expect(counted.verification_report.execution_tests).toBe("fail (40/41)");
  });

  it("derives the bundle id from the content: the same input gives the same id, any change another", () => {
    expect(statement.predicate.bundle_id).toMatch(/^ev-[0-9a-f]{16}$/);
    expect(buildStatement({ ...INPUTS, files: [...FILES].reverse() }).predicate.bundle_id).toBe(statement.predicate.bundle_id);
    expect(buildStatement({ ...INPUTS, files: [{ path: "gates/P1.ts", content: "gate!\n" }] }).predicate.bundle_id).not.toBe(statement.predicate.bundle_id);
    expect(buildStatement({ ...INPUTS, tallies: { execution_tests: { run: true, passed: 3, total: 3 } } }).predicate.bundle_id).not.toBe(statement.predicate.bundle_id);
  });

  it("is written as pretty JSON with sorted keys and a trailing newline", () => {
    const text = serializeStatement(statement);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.indexOf('"_type"')).toBeLessThan(text.indexOf('"predicate"'));
    expect(text.indexOf('"predicate"')).toBeLessThan(text.indexOf('"subject"'));
  });
});

describe("prettyJson", () => {
  it("sorts integer-like keys as strings too (JSON.stringify would put them first)", () => {
    expect(prettyJson({ b: 1, 10: 2, a: [], 2: {} })).toBe('{\n  "10": 2,\n  "2": {},\n  "a": [],\n  "b": 1\n}\n');
  });
});

describe("inputDigest", () => {
  it("depends on paths and content hashes, not on their order", () => {
    const a = { path: "phases/P1.yaml", sha256: "1".repeat(64) };
    const b = { path: "spec-kit.yaml", sha256: "2".repeat(64) };
    expect(inputDigest([a, b])).toBe(inputDigest([b, a]));
    expect(inputDigest([a, b])).not.toBe(inputDigest([a, { ...b, sha256: "3".repeat(64) }]));
    expect(inputDigest([a, b])).not.toBe(inputDigest([a, { ...b, path: "spec-kit.yml" }]));
    expect(inputDigest([])).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("DSSE", () => {
  it("encodes PAE as the DSSE specification's example", () => {
    const body = new TextEncoder().encode("hello world");
    expect(Buffer.from(pae("http://example.com/HelloWorld", body)).toString()).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  });

  it("counts bytes, not characters", () => {
    expect(Buffer.from(pae("t", new TextEncoder().encode("é"))).toString()).toBe("DSSEv1 1 t 2 é");
  });

  it("refuses values that are not envelopes", () => {
    expect(parseEnvelope([]).ok).toBe(false);
    expect(parseEnvelope({ payloadType: "x", payload: "not base64!", signatures: [{ sig: "AA==" }] }).ok).toBe(false);
    expect(parseEnvelope({ payloadType: "x", payload: "AA==", signatures: [] }).ok).toBe(false);
    expect(parseEnvelope({ payloadType: "x", payload: "AA==", signatures: [{ keyid: "k", sig: "AA==" }] }).ok).toBe(true);
  });
});

describe("uuidV5", () => {
  it("matches the RFC 4122 name-based SHA-1 construction", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
});

describe("tallies", () => {
  it("reads as the Gen-4 report does", () => {
    expect(formatTally({ run: true, passed: 145, total: 145 })).toBe("pass (145/145)");
    expect(formatTally({ run: true, passed: 140, total: 145 })).toBe("fail (140/145)");
    expect(formatTally({ run: false })).toBe("not run");
  });

  it("counts rules with an error as failed, once each; warnings pass", () => {
    const d = (ruleId: string, severity: "error" | "warning"): Diagnostic => ({ ruleId, severity, message: "m", file: "f", line: 1, column: 1, endLine: 1, endColumn: 1 }) as Diagnostic;
    expect(ruleTally(["a", "b", "c"], [d("a", "error"), d("a", "error"), d("b", "warning")])).toEqual({ run: true, passed: 2, total: 3 });
    expect(ruleTally(["a"], [d("io/unknown", "error")])).toEqual({ run: true, passed: 1, total: 2 });
  });
});

describe("buildEvidence (what apply appends)", () => {
  const files = FILES.slice(0, 2);
  const verified = serializeStatement(buildStatement({ ...INPUTS, files, tallies: { execution_tests: { run: true, passed: 9, total: 9 } } }));
  const signer = (message: Uint8Array) => ({ keyid: "k".repeat(64), sig: Buffer.from(message.slice(0, 8)).toString("base64") });

  it("writes the manifest, and the envelope only with a signer", () => {
    expect(buildEvidence(files, INPUTS).map((f) => f.path)).toEqual([MANIFEST_PATH]);
    const signed = buildEvidence(files, { ...INPUTS, signer });
    expect(signed.map((f) => f.path)).toEqual([MANIFEST_PATH, DSSE_PATH]);
    const envelope = JSON.parse(String(signed[1]!.content));
    expect(Buffer.from(envelope.payload, "base64").toString()).toBe(signed[0]!.content);
  });

  it("keeps a statement verify wrote while it attests the same output, so apply --check sees no drift", () => {
    const [manifest] = buildEvidence(files, { ...INPUTS, previous: { manifest: verified } });
    expect(manifest!.content).toBe(verified);
  });

  it("drops it once a file, the input or the toolchain changed", () => {
    const changed = [{ path: "gates/P1.ts", content: "gate 2\n" }, files[1]!];
    expect(buildEvidence(changed, { ...INPUTS, previous: { manifest: verified } })[0]!.content).not.toBe(verified);
    expect(buildEvidence(files, { ...INPUTS, toolchain: { ...TOOLCHAIN, spec_kit: "0.2.0" }, previous: { manifest: verified } })[0]!.content).not.toBe(verified);
  });

  it("never keeps a hand-edited statement", () => {
    const forged = verified.replace("pass (9/9)", "pass (99/99)");
    const [manifest] = buildEvidence(files, { ...INPUTS, previous: { manifest: forged } });
    expect(manifest!.content).not.toBe(forged);
    expect(String(manifest!.content)).toContain('"execution_tests": "not run"');
  });

  it("keeps an envelope only while it wraps the manifest it writes", () => {
    const dsse = String(buildEvidence(files, { ...INPUTS, signer, previous: { manifest: verified } })[1]!.content);
    expect(buildEvidence(files, { ...INPUTS, previous: { manifest: verified, dsse } }).map((f) => f.path)).toEqual([MANIFEST_PATH, DSSE_PATH]);
    const changed = [{ path: "gates/P1.ts", content: "gate 2\n" }, files[1]!];
    expect(buildEvidence(changed, { ...INPUTS, previous: { manifest: verified, dsse } }).map((f) => f.path)).toEqual([MANIFEST_PATH]);
  });
});
