import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkLedger } from "../../compiler/evidence/ledger.js";
import { scanLog, SpecLog, SpecLogError } from "../../cli/serve/spec-log.js";

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "spec-log-"));
  file = join(dir, "spec.logs");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (tenant: string | null, n: number) => ({ tenant, kind: "specification", n });

describe("SpecLog", () => {
  it("appends hash-chained NDJSON lines that the evidence ledger's checker accepts, and reopens where it left off", async () => {
    const { log } = await SpecLog.open(file);
    const first = await log.append(entry("acme", 1));
    const second = await log.append(entry("globex", 2));
    expect(first).toMatchObject({ seq: 0, prev: "0".repeat(64) });
    expect(second).toMatchObject({ seq: 1, prev: first.hash });
    await log.close();

    const text = readFileSync(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.trimEnd().split("\n")).toHaveLength(2);
    expect(checkLedger(text)).toMatchObject({ ok: true, head: second.hash });

    const reopened = await SpecLog.open(file);
    expect(reopened.recovery).toBeUndefined();
    const third = await reopened.log.append(entry("acme", 3));
    expect(third).toMatchObject({ seq: 2, prev: second.hash });
    await reopened.log.close();
    expect(checkLedger(readFileSync(file, "utf8")).ok).toBe(true);
  });

  it("writes appends made together in order, each resolved only once on disk, and indexes them by tenant", async () => {
    const { log } = await SpecLog.open(file);
    const records = await Promise.all(Array.from({ length: 50 }, (_, n) => log.append(entry(n % 3 === 0 ? "acme" : "globex", n))));
    expect(records.map((record) => record.seq)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(log.length).toBe(50);
    expect(log.tenantRecords("acme")).toEqual(records.filter((_, n) => n % 3 === 0).map((record) => record.seq));
    expect(log.tenantRecords("nobody")).toEqual([]);
    const line = (await log.readLine(3)).toString("utf8");
    expect(JSON.parse(line)).toMatchObject({ seq: 3, payload: { tenant: "acme", n: 3 } });
    await log.close();
    const scan = scanLog(file);
    expect(scan.broken).toBeUndefined();
    expect(scan.tornTail).toBeUndefined();
    expect(scan.head.seq).toBe(50);
  });

  it("recovers from a torn last line: saves it beside the log, cuts it off, records the recovery and goes on appending", async () => {
    const { log } = await SpecLog.open(file);
    await log.append(entry("acme", 1));
    await log.close();
    const whole = readFileSync(file, "utf8");
    const torn = '{"hash":"ab12","payload":{"tenant":"acme","kind":"specif';
    appendFileSync(file, torn);

    expect(scanLog(file).tornTail?.toString()).toBe(torn);
    const { log: reopened, recovery } = await SpecLog.open(file);
    expect(recovery).toMatchObject({ bytes: Buffer.byteLength(torn), seq: 1 });
    expect(readFileSync(recovery!.savedAs, "utf8")).toBe(torn);
    const next = await reopened.append(entry("acme", 2));
    expect(next.seq).toBe(2);
    await reopened.close();

    const text = readFileSync(file, "utf8");
    expect(text.startsWith(whole)).toBe(true);
    const check = checkLedger(text);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.records[1]!.payload).toMatchObject({ tenant: null, kind: "recovery", torn_tail: { bytes: Buffer.byteLength(torn), saved_as: "spec.logs.torn-1" } });
  });

  it("treats a whole last record without its newline as torn too (it was never acknowledged)", async () => {
    const { log } = await SpecLog.open(file);
    await log.append(entry("acme", 1));
    await log.append(entry("acme", 2));
    await log.close();
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, -1));
    const { log: reopened, recovery } = await SpecLog.open(file);
    expect(recovery).toMatchObject({ seq: 1 });
    await reopened.close();
    const check = checkLedger(readFileSync(file, "utf8"));
    expect(check.ok && check.records.map((record) => (record.payload as unknown as { kind: string }).kind)).toEqual(["specification", "recovery"]);
  });

  it("refuses a log broken before its last line and leaves it untouched", async () => {
    const { log } = await SpecLog.open(file);
    for (let n = 0; n < 3; n++) await log.append(entry("acme", n));
    await log.close();
    const lines = readFileSync(file, "utf8").split("\n");
    lines[1] = lines[1]!.replace('"n":1', '"n":7');
    const edited = lines.join("\n");
    writeFileSync(file, edited);
    await expect(SpecLog.open(file)).rejects.toThrow(/spec\.logs:2: the log is broken \(the record does not match its hash/);
    expect(readFileSync(file, "utf8")).toBe(edited);
    expect(existsSync(`${file}.lock`)).toBe(false);

    writeFileSync(file, [lines[0], lines[2], ""].join("\n"));
    await expect(SpecLog.open(file)).rejects.toThrow(/:2: .*sequence number 2, expected 1/);
  });

  it("is held by one server at a time; a lock left by a dead process is taken over", async () => {
    const { log } = await SpecLog.open(file);
    await expect(SpecLog.open(file)).rejects.toBeInstanceOf(SpecLogError);
    await log.close();
    expect(existsSync(`${file}.lock`)).toBe(false);

    // A pid that cannot be running (beyond the kernel's maximum).
    writeFileSync(`${file}.lock`, "4194305\n");
    const { log: again } = await SpecLog.open(file);
    await again.append(entry("acme", 1));
    await again.close();
    expect(readdirSync(dir).sort()).toEqual(["spec.logs"]);
  });

  it("refuses appends once closed", async () => {
    const { log } = await SpecLog.open(file);
    await log.close();
    await expect(log.append(entry("acme", 1))).rejects.toThrow(/closed/);
  });

  it("refuses every append after a failed write (fail closed), and says why", async () => {
    const { log } = await SpecLog.open(file);
    await log.append(entry("acme", 1));
    // Pull the file out from under the log, as a failing disk would.
    await (log as unknown as { writer: { close(): Promise<void> } }).writer.close();
    await expect(log.append(entry("acme", 2))).rejects.toThrow(/cannot append to .*spec\.logs .*takes no more records/);
    expect(log.failure?.message).toMatch(/takes no more records/);
    await expect(log.append(entry("acme", 3))).rejects.toThrow(/takes no more records/);
    await log.close();
    expect(checkLedger(readFileSync(file, "utf8"))).toMatchObject({ ok: true, records: [expect.anything()] });
  });

  it("refuses a log path that is not a regular file", async () => {
    await expect(SpecLog.open(dir)).rejects.toThrow(/not a regular file/);
    expect(() => scanLog(dir)).toThrow(/not a regular file|EISDIR/);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it("scans a missing file as an empty log", () => {
    expect(scanLog(join(dir, "absent"))).toMatchObject({ offsets: [], end: 0, head: { seq: 0 } });
  });
});
