import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFolder, type ContainedFolder } from "../../cli/contained-folder.js";
import { appendLedger } from "../../cli/evidence/ledger-file.js";
import { checkLedger, type LedgerPayload } from "../../compiler/evidence/ledger.js";
import { cleanup, runCommand, scratch } from "./helpers.js";

const payload = (n: number): LedgerPayload => ({
  kind: "verify",
  result: n % 2 === 0 ? "accepted" : "rejected",
  recorded_at: `2026-01-0${n + 1}T00:00:00.000Z`,
  input_digest: `sha256:${"0".repeat(64)}`,
  node: "v20.20.2",
  evidence: { "evidence/manifest.json": String(n).repeat(64).slice(0, 64) },
  ...(n % 2 === 0 ? { bundle_id: `ev-${n}` } : { rejected_by: "tests" }),
});

let root: string;
let folder: ContainedFolder;
let file: string;
let lines: string[];
let head: string;

beforeAll(() => {
  root = scratch("ledger");
  file = join(root, "evidence", "ledger.ndjson");
  folder = openFolder(root, { label: root })!;
  for (let n = 0; n < 4; n++) head = appendLedger(folder, payload(n));
  lines = readFileSync(file, "utf8").split("\n").slice(0, -1);
});
afterAll(() => cleanup(root));

/** Writes a tampered copy of the ledger and runs `evidence log` on it. */
async function logOf(tampered: string[], ...extra: string[]) {
  const copy = join(root, `tampered-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(copy, tampered.map((line) => `${line}\n`).join(""));
  return runCommand(["evidence", "log", copy, ...extra]);
}

describe("the ledger", () => {
  it("holds one canonical-JSON record per line, each chained to the one before", () => {
    expect(lines).toHaveLength(4);
    const records = lines.map((line) => JSON.parse(line));
    expect(records[0].prev).toBe("0".repeat(64));
    expect(records[2].prev).toBe(records[1].hash);
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(checkLedger(lines.join("\n") + "\n").ok).toBe(true);
  });

  it("evidence log lists a whole ledger, prints its head and exits 0", async () => {
    const run = await runCommand(["evidence", "log", root.concat("/evidence/ledger.ndjson")]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`ledger: 4 record(s), chain intact, head ${head}`);
    expect(run.out).toMatch(/^2 {2}2026-01-02T00:00:00.000Z {2}rejected {2}rejected by tests/m);
  });

  it("names an edited record by its line", async () => {
    const edited = [...lines];
    edited[1] = edited[1]!.replace('"rejected"', '"accepted"');
    const run = await logOf(edited);
    expect(run.code).toBe(1);
    expect(run.out).toContain(":2: record 2 does not match its hash: the record was edited");
  });

  it("names the record after a removed one", async () => {
    const run = await logOf([lines[0]!, lines[2]!, lines[3]!]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/:2: record 2 has the wrong sequence number/);
  });

  it("names a record whose chain link was re-hashed after an edit", async () => {
    const record = JSON.parse(lines[2]!);
    record.prev = "f".repeat(64);
    const run = await logOf([lines[0]!, lines[1]!, JSON.stringify(record), lines[3]!]);
    expect(run.out).toContain(":3: record 3 does not chain to the record before it");
  });

  it("names a line that is not JSON", async () => {
    const run = await logOf([lines[0]!, "{oops", lines[2]!]);
    expect([run.code, run.out]).toEqual([1, expect.stringContaining(":2: record 2 is not JSON")]);
  });

  it("catches a removed last record against an anchor (a hash known from before)", async () => {
    expect((await logOf(lines, "--anchor", head)).code).toBe(0);
    const run = await logOf(lines.slice(0, 3), "--anchor", head);
    expect(run.code).toBe(1);
    expect(run.out).toContain("records were removed from the end");
  });

  it("refuses to append to a broken ledger", () => {
    const broken = openFolder(scratch("ledger-broken"), { label: "broken" })!;
    broken.writeFile("evidence/ledger.ndjson", `${lines[1]}\n`);
    expect(() => appendLedger(broken, payload(5))).toThrow(/broken/);
    cleanup(broken.path);
  });

  it("never appends through a link: a linked ledger is refused by name and its target left alone", () => {
    const other = scratch("ledger-link");
    const outside = join(other, "outside.ndjson");
    writeFileSync(outside, "");
    mkdirSync(join(other, "out", "evidence"), { recursive: true });
    symlinkSync(outside, join(other, "out", "evidence", "ledger.ndjson"));
    const linked = openFolder(join(other, "out"), { label: "out" })!;
    expect(() => appendLedger(linked, payload(0))).toThrow(/refusing out\/evidence\/ledger\.ndjson: it is a symbolic link/);
    expect(readFileSync(outside, "utf8")).toBe("");
    cleanup(other);
  });

  it("exits 2 when there is no ledger, or on a bad anchor", async () => {
    expect((await runCommand(["evidence", "log", join(root, "nowhere")])).code).toBe(2);
    expect((await runCommand(["evidence", "log", root])).code).toBe(0);
    expect((await runCommand(["evidence", "log", root, "--anchor", "xyz"])).code).toBe(2);
  });
});
