// Evidence in a hostile output folder: verify never follows a link out of it (a linked
// evidence/ above all), evidence verify accounts for every file under the folder, and the
// ledger's anchor catches what its chain cannot. Each case is a bug that once held.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger, ledgerLine, type LedgerPayload } from "../../compiler/evidence/ledger.js";
import { LEDGER_HEAD_PATH, LEDGER_PATH, MANIFEST_PATH, VALIDATION_REPORTS_PATH } from "../../compiler/evidence/paths.js";
import { INDEX_FILE } from "../../cli/output-writer.js";
import { treeDigest } from "../apply/tree.js";
import { REPO_ROOT } from "../cli/spawn-cli.js";
import { giveAway, noStackTrace, ownedScratch, removeOwnedScratch, runAs, type Run } from "../helpers/unprivileged.js";

afterAll(removeOwnedScratch);

const BUNDLE = join(REPO_ROOT, "test", "fixtures", "cli", "clean");
const GENERATED = "types/manifest.ts";
const EPOCH = { SOURCE_DATE_EPOCH: "1700000000" };

let root: string;
/** An output applied, signed and verified twice (two ledger records, a signed anchor). */
let base: string;
let publicKey: string;
let privateKey: string;

function cli(args: string[], timeoutMs = 120_000): Run {
  const run = runAs(args, { env: EPOCH, timeoutMs });
  expect(run.timedOut, `${args.join(" ")} hung`).toBe(false);
  expect(noStackTrace(run)).toBe(true);
  return run;
}

/** A copy of the verified output (links copied as links), owned by the CLI's user. */
function copyOfBase(name: string): string {
  const dir = join(root, name);
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  giveAway(root);
  return dir;
}

beforeAll(() => {
  root = ownedScratch("spec-kit-evidence-");
  expect(cli(["keygen", "--out", join(root, "keys")]).code).toBe(0);
  privateKey = join(root, "keys", "spec-kit.key.pem");
  publicKey = join(root, "keys", "spec-kit.pub.pem");
  base = join(root, "base");
  expect(cli(["apply", BUNDLE, "--out", base, "--sign-key", privateKey]).code).toBe(0);
  for (let n = 0; n < 2; n++) expect(cli(["verify", BUNDLE, "--out", base, "--sign-key", privateKey]).stdout).toMatch(/^verify: accepted /m);
  expect(cli(["evidence", "verify", base, "--key", publicKey]).code).toBe(0);
  expect(cli(["evidence", "log", base, "--key", publicKey]).stdout).toMatch(/^ledger: 2 record\(s\), chain intact, anchored and signed, head [0-9a-f]{64}$/m);
}, 300_000);

describe("verify never follows a link out of the output folder", () => {
  it("refuses a linked evidence/ (exit 2, named) and writes, creates and deletes nothing where it points, accepted or rejected", () => {
    for (const outcome of ["accepted", "rejected"] as const) {
      const out = copyOfBase(`linked-evidence-${outcome}`);
      const elsewhere = join(root, `elsewhere-${outcome}`);
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, "manifest.json"), "theirs\n");
      writeFileSync(join(elsewhere, "validation-reports.json"), "theirs\n");
      rmSync(join(out, "evidence"), { recursive: true });
      symlinkSync(elsewhere, join(out, "evidence"));
      // A rejected run once deleted the reports where the link pointed.
      if (outcome === "rejected") writeFileSync(join(out, GENERATED), "// edited\n");
      giveAway(root);
      const before = treeDigest(elsewhere);
      const run = cli(["verify", BUNDLE, "--out", out]);
      expect(run.code, outcome).toBe(2);
      expect(run.stderr).toContain(`refusing ${out}/evidence: it is a symbolic link; verify writes evidence only into a real folder`);
      expect(treeDigest(elsewhere)).toEqual(before);
      expect(existsSync(join(elsewhere, "ledger.ndjson"))).toBe(false);
    }
  });

  it("refuses a linked --out folder", () => {
    symlinkSync(base, join(root, "linked-out"));
    giveAway(root);
    const run = cli(["verify", BUNDLE, "--out", join(root, "linked-out")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/linked-out is a symbolic link .*spec-kit writes only into a real folder/);
  });

  it("rejects a generated file replaced by a link to an outside copy, naming it, and writes nothing through it", () => {
    const out = copyOfBase("linked-file");
    const copy = join(root, "outside-copy.ts");
    cpSync(join(out, GENERATED), copy);
    rmSync(join(out, GENERATED));
    symlinkSync(copy, join(out, GENERATED));
    giveAway(root);
    const before = readFileSync(copy, "utf8");
    const run = cli(["verify", BUNDLE, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^verify: replay … FAILED/m);
    const report = JSON.parse(readFileSync(join(out, "evidence", "rejection-report.json"), "utf8")) as { diagnostics: string[] };
    expect(report.diagnostics).toContain(`refused: ${GENERATED} is a symbolic link to ${copy} (evidence attests regular files only; links are never followed)`);
    expect(readFileSync(copy, "utf8")).toBe(before);
  });
});

describe("evidence verify accounts for every file under the output folder", () => {
  function verify(dir: string): Run {
    return cli(["evidence", "verify", dir, "--key", publicKey], 30_000);
  }

  it("names a file added under evidence/", () => {
    const out = copyOfBase("added-evidence");
    writeFileSync(join(out, "evidence", "backdoor.json"), "{}\n");
    const run = verify(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${out}: unknown: evidence/backdoor.json (spec-kit writes no such evidence file)\n`);
  });

  it("names an edited output record (the statement attests it)", () => {
    const out = copyOfBase("edited-record");
    const record = JSON.parse(readFileSync(join(out, INDEX_FILE), "utf8")) as { files: string[] };
    writeFileSync(join(out, INDEX_FILE), JSON.stringify({ ...record, files: [...record.files, "src/main.ts"] }, null, 2));
    const run = verify(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${out}: changed: ${INDEX_FILE}\n`);
  });

  it("names a generated file replaced by a link to an outside copy of it (never read through)", () => {
    const out = copyOfBase("linked-subject");
    const copy = join(root, "identical-copy.ts");
    cpSync(join(out, GENERATED), copy);
    rmSync(join(out, GENERATED));
    symlinkSync(copy, join(out, GENERATED));
    const run = verify(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`refused: ${GENERATED} is a symbolic link to ${copy}`);
    expect(run.stdout).toContain(`missing: ${GENERATED}`);
  });

  it("names a report edited, and one no verify wrote", () => {
    const out = copyOfBase("edited-report");
    writeFileSync(join(out, VALIDATION_REPORTS_PATH), "[]\n");
    writeFileSync(join(out, "evidence", "rejection-report.json"), "{}\n");
    const run = verify(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`changed: ${VALIDATION_REPORTS_PATH} (differs from what the last verify recorded)`);
    expect(run.stdout).toContain("unaccounted: evidence/rejection-report.json (no verify recorded writing it in the ledger's last record)");
  });

  it.skipIf(process.platform === "win32")("never opens a FIFO, under evidence/ or in place of a generated file: named at once", () => {
    const out = copyOfBase("fifo");
    execFileSync("mkfifo", [join(out, "evidence", "pipe")]);
    rmSync(join(out, GENERATED));
    execFileSync("mkfifo", [join(out, GENERATED)]);
    giveAway(root);
    const run = verify(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("refused: evidence/pipe is a named pipe (FIFO)");
    expect(run.stdout).toContain(`refused: ${GENERATED} is a named pipe (FIFO)`);
  });

  it("refuses a linked folder to verify (exit 2)", () => {
    symlinkSync(base, join(root, "linked-verify"));
    giveAway(root);
    expect(verify(join(root, "linked-verify")).code).toBe(2);
    expect(cli(["evidence", "log", join(root, "linked-verify")]).code).toBe(2);
  });
});

describe("evidence log: the anchor catches what the chain cannot", () => {
  function log(dir: string, ...flags: string[]): Run {
    return cli(["evidence", "log", dir, ...flags], 30_000);
  }
  const ledgerLines = (dir: string): string[] => readFileSync(join(dir, LEDGER_PATH), "utf8").split("\n").slice(0, -1);

  it("a deleted last record", () => {
    const out = copyOfBase("truncated");
    writeFileSync(join(out, LEDGER_PATH), `${ledgerLines(out)[0]}\n`);
    const run = log(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("ledger: evidence/ledger.ndjson: the ledger has 1 record(s) but its anchor names 2: records were removed from the end");
    expect(verifyLine(out)).toContain("records were removed from the end");
  });

  it("an emptied ledger, and a deleted one", () => {
    for (const how of ["emptied", "deleted"] as const) {
      const out = copyOfBase(`${how}-ledger`);
      if (how === "emptied") writeFileSync(join(out, LEDGER_PATH), "");
      else rmSync(join(out, LEDGER_PATH));
      const run = log(out);
      expect(run.code, how).toBe(1);
      expect(run.stdout).toContain("the ledger is empty or missing but its anchor names 2");
    }
  });

  it("a chain rewritten from the start (every hash recomputed), and with the plain anchor rewritten too, caught by the signed one", () => {
    const out = copyOfBase("rewritten");
    const records = checkLedger(readFileSync(join(out, LEDGER_PATH), "utf8"));
    if (!records.ok) throw new Error("the base ledger is broken");
    let text = "";
    const rewritten: { hash: string }[] = [];
    for (const record of records.records) {
      const line = ledgerLine(rewritten as never, { ...(record.payload as LedgerPayload), result: "accepted", node: "v0.0.0" });
      rewritten.push(JSON.parse(line) as { hash: string });
      text += line;
    }
    writeFileSync(join(out, LEDGER_PATH), text);
    expect(checkLedger(text).ok).toBe(true);
    const run = log(out);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("record 2 is not the anchored head");
    writeFileSync(join(out, LEDGER_HEAD_PATH), JSON.stringify({ ledger: LEDGER_PATH, records: 2, head: rewritten.at(-1)!.hash }));
    expect(log(out).code).toBe(0);
    const signed = log(out, "--key", publicKey);
    expect(signed.code).toBe(1);
    expect(signed.stdout).toContain(`ledger: ${LEDGER_HEAD_PATH}: differs from the signed anchor`);
  });

  function verifyLine(dir: string): string {
    return cli(["evidence", "verify", dir, "--key", publicKey], 30_000).stdout;
  }
});

describe("keygen never writes through a link", () => {
  it("refuses a linked key path even with --force, leaving the target as it was", () => {
    const keys = join(root, "linked-keys");
    mkdirSync(keys);
    writeFileSync(join(root, "victim.txt"), "do not overwrite\n");
    symlinkSync(join(root, "victim.txt"), join(keys, "spec-kit.key.pem"));
    giveAway(root);
    const run = cli(["keygen", "--out", keys, "--force"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`refusing ${keys}/spec-kit.key.pem: it is a symbolic link; keygen never writes through or replaces a link`);
    expect(readFileSync(join(root, "victim.txt"), "utf8")).toBe("do not overwrite\n");
    expect(existsSync(join(keys, "spec-kit.pub.pem"))).toBe(false);
  });

  it("keeps 0600 on a private key it replaces with --force", () => {
    const keys = join(root, "forced-keys");
    expect(cli(["keygen", "--out", keys]).code).toBe(0);
    execFileSync("chmod", ["0644", join(keys, "spec-kit.key.pem")]);
    expect(cli(["keygen", "--out", keys, "--force"]).code).toBe(0);
    expect(execFileSync("stat", ["-c", "%a", join(keys, "spec-kit.key.pem")], { encoding: "utf8" }).trim()).toBe("600");
  });
});

describe("the signed evidence still verifies", () => {
  it("the base output: every file accounted for, the manifest unchanged by the copies", () => {
    expect(cli(["evidence", "verify", base, "--key", publicKey]).stdout).toMatch(/^evidence: signature by [0-9a-f]{64} ok, \d+ subjects match$/m);
    expect(JSON.parse(readFileSync(join(base, MANIFEST_PATH), "utf8")).subject.map((s: { name: string }) => s.name)).toContain(INDEX_FILE);
  });
});
