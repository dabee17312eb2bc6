import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pae } from "../../compiler/evidence/dsse.js";
import { DSSE_PATH, MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { INDEX_FILE } from "../../cli/output-writer.js";
import { hasStackTrace } from "../cli/spawn-cli.js";
import { cleanup, copySpecs, runCommand, scratch, testApply } from "./helpers.js";

const EPOCH = { SOURCE_DATE_EPOCH: "1700000000" };
const hasOpenssl = spawnSync("openssl", ["version"], { encoding: "utf8" }).status === 0;
let root: string;
let bundle: string;
let keys: string;
let out: string;

/** A fresh signed output, so each tamper test starts from good evidence. */
async function signedOutput(name: string, key = join(keys, "spec-kit.key.pem")): Promise<string> {
  const dir = join(root, name);
  expect(await testApply(dir, EPOCH, key)(bundle, dir)).toBe(0);
  return dir;
}

async function verifyEvidence(dir: string, key = join(keys, "spec-kit.pub.pem")) {
  const run = await runCommand(["evidence", "verify", dir, "--key", key]);
  expect(hasStackTrace(run.out + run.err)).toBe(false);
  return run;
}

function flipByte(file: string, at: (bytes: Buffer) => number): void {
  const bytes = readFileSync(file);
  const index = at(bytes);
  bytes[index] = bytes[index]! ^ 0x01;
  writeFileSync(file, bytes);
}

function envelopeOf(dir: string): { payload: string; signatures: { keyid: string; sig: string }[] } {
  return JSON.parse(readFileSync(join(dir, DSSE_PATH), "utf8"));
}

beforeAll(async () => {
  root = scratch("signed");
  bundle = copySpecs(join(root, "bundle"));
  keys = join(root, "keys");
  expect((await runCommand(["keygen", "--out", keys])).code).toBe(0);
  out = await signedOutput("out");
});
afterAll(() => cleanup(root));

describe("spec-kit keygen", () => {
  it("writes a PKCS#8 private key with mode 0600 and an SPKI public key", () => {
    const privatePem = readFileSync(join(keys, "spec-kit.key.pem"), "utf8");
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(statSync(join(keys, "spec-kit.key.pem")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(keys, "spec-kit.pub.pem"), "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it("refuses to overwrite existing keys (exit 2) unless --force", async () => {
    const before = readFileSync(join(keys, "spec-kit.key.pem"), "utf8");
    const refused = await runCommand(["keygen", "--out", keys]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("exists; pass --force");
    expect(readFileSync(join(keys, "spec-kit.key.pem"), "utf8")).toBe(before);
    const forced = await runCommand(["keygen", "--out", join(root, "other-keys"), "--force"]);
    expect(forced.code).toBe(0);
    expect((await runCommand(["keygen", "--out", join(root, "other-keys"), "--force"])).code).toBe(0);
  });
});

describe("apply --sign-key", () => {
  it("wraps exactly the manifest bytes in a DSSE envelope keyed by the SPKI digest", () => {
    const envelope = envelopeOf(out);
    expect(Buffer.from(envelope.payload, "base64").equals(readFileSync(join(out, MANIFEST_PATH)))).toBe(true);
    expect(envelope.signatures[0]!.keyid).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is byte-identical when run again (Ed25519 is deterministic)", async () => {
    const again = await signedOutput("out-again");
    expect(readFileSync(join(again, DSSE_PATH), "utf8")).toBe(readFileSync(join(out, DSSE_PATH), "utf8"));
  });
});

describe("spec-kit evidence verify", () => {
  it("passes good evidence: exit 0", async () => {
    const run = await verifyEvidence(out);
    expect(run.out).toMatch(/^evidence: signature by [0-9a-f]{64} ok, \d+ subjects match$/m);
    expect(run.code).toBe(0);
  });

  it("ignores the writer's index file", async () => {
    expect(statSync(join(out, INDEX_FILE)).isFile()).toBe(true);
    expect((await verifyEvidence(out)).code).toBe(0);
  });

  it("names a subject with one byte changed", async () => {
    const dir = await signedOutput("t-subject");
    flipByte(join(dir, "gates", "P3.ts"), (b) => b.length - 2);
    const run = await verifyEvidence(dir);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`${dir}: changed: gates/P3.ts\n`);
  });

  it("names a removed subject and an added file", async () => {
    const dir = await signedOutput("t-files");
    rmSync(join(dir, "tests", "P2.test.ts"));
    mkdirSync(join(dir, "extra"));
    writeFileSync(join(dir, "extra", "backdoor.ts"), "export {};\n");
    const run = await verifyEvidence(dir);
    expect(run.code).toBe(1);
    expect(run.out).toContain("missing: tests/P2.test.ts\n");
    expect(run.out).toContain("extra: extra/backdoor.ts\n");
  });

  it("catches one byte changed in the manifest (it no longer matches the signed payload)", async () => {
    const dir = await signedOutput("t-manifest");
    flipByte(join(dir, MANIFEST_PATH), (b) => b.indexOf("gates/P1.ts"));
    const run = await verifyEvidence(dir);
    expect(run.code).toBe(1);
    expect(run.out).toContain("evidence/manifest.json: differs from the signed payload");
  });

  it("catches one byte changed in the payload or in the signature", async () => {
    for (const part of ["payload", "sig"] as const) {
      const dir = await signedOutput(`t-${part}`);
      const envelope = envelopeOf(dir);
      const bytes = Buffer.from(part === "payload" ? envelope.payload : envelope.signatures[0]!.sig, "base64");
      bytes[10] = bytes[10]! ^ 0x01;
      if (part === "payload") envelope.payload = bytes.toString("base64");
      else envelope.signatures[0]!.sig = bytes.toString("base64");
      writeFileSync(join(dir, DSSE_PATH), JSON.stringify(envelope));
      const run = await verifyEvidence(dir);
      expect(run.code, part).toBe(1);
      expect(run.out, part).toContain("signature: evidence/manifest.dsse.json is not signed by key");
    }
  });

  it("fails with another key's public half", async () => {
    const run = await verifyEvidence(out, join(root, "other-keys", "spec-kit.pub.pem"));
    expect(run.code).toBe(1);
  });

  it("exits 2 with one line for unusable input: a bad key file, a missing or malformed envelope", async () => {
    writeFileSync(join(root, "not-a-key.pem"), "hello\n");
    const badKey = await verifyEvidence(out, join(root, "not-a-key.pem"));
    expect([badKey.code, badKey.err]).toEqual([2, expect.stringContaining("not a PEM public key")]);
    const noKey = await verifyEvidence(out, join(root, "missing.pem"));
    expect(noKey.code).toBe(2);
    const dir = await signedOutput("t-envelope");
    writeFileSync(join(dir, DSSE_PATH), '{"payloadType": 1}');
    const notEnvelope = await verifyEvidence(dir);
    expect([notEnvelope.code, notEnvelope.err]).toEqual([2, expect.stringContaining("not a DSSE envelope")]);
    rmSync(join(dir, DSSE_PATH));
    expect((await verifyEvidence(dir)).code).toBe(2);
  });
});

describe.skipIf(!hasOpenssl)("interoperability with the openssl command line", () => {
  it("openssl verifies our signature over the DSSE PAE with our public key", () => {
    const envelope = envelopeOf(out);
    const body = Buffer.from(envelope.payload, "base64");
    writeFileSync(join(root, "pae.bin"), pae("application/vnd.in-toto+json", body));
    writeFileSync(join(root, "sig.bin"), Buffer.from(envelope.signatures[0]!.sig, "base64"));
    const args = ["pkeyutl", "-verify", "-pubin", "-inkey", join(keys, "spec-kit.pub.pem"), "-rawin", "-in", join(root, "pae.bin"), "-sigfile", join(root, "sig.bin")];
    expect(execFileSync("openssl", args, { encoding: "utf8" })).toContain("Signature Verified Successfully");
    writeFileSync(join(root, "pae.bin"), pae("application/vnd.in-toto+json", Buffer.concat([body, Buffer.from(" ")])));
    expect(spawnSync("openssl", args, { encoding: "utf8" }).status).not.toBe(0);
  });

  it("signs with an openssl-generated key, and we verify with openssl's public key", async () => {
    const key = join(root, "openssl.key.pem");
    execFileSync("openssl", ["genpkey", "-algorithm", "ed25519", "-out", key]);
    execFileSync("openssl", ["pkey", "-in", key, "-pubout", "-out", join(root, "openssl.pub.pem")]);
    const dir = await signedOutput("openssl-signed", key);
    const run = await verifyEvidence(dir, join(root, "openssl.pub.pem"));
    expect(run.code).toBe(0);
    const der = execFileSync("openssl", ["pkey", "-in", key, "-pubout", "-outform", "DER"]);
    const keyid = (await import("node:crypto")).createHash("sha256").update(der).digest("hex");
    expect(envelopeOf(dir).signatures[0]!.keyid).toBe(keyid);
  });
});

if (!hasOpenssl) {
  describe("interoperability with the openssl command line", () => {
    it.skip("skipped: the openssl command is not on this machine", () => {});
  });
}
