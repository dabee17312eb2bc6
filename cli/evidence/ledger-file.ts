import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { checkLedger, ledgerLine, type LedgerCheck, type LedgerPayload } from "../../compiler/evidence/ledger.js";
import { LEDGER_PATH } from "../../compiler/evidence/paths.js";
import { CliError } from "../cli-error.js";

/** The ledger of an output folder. */
export function ledgerFile(outDir: string): string {
  return join(outDir, LEDGER_PATH);
}

/** Reads and checks a ledger file; a missing file is an empty ledger. Throws a CliError when unreadable. */
export function readLedger(file: string): LedgerCheck {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return checkLedger("");
    throw new CliError(`cannot read ${file} (${code ?? "unknown error"})`);
  }
  return checkLedger(text);
}

/** Holds `<file>.lock` (created exclusively) while `action` runs, so two runs never chain to the same head. */
function withLock<T>(file: string, action: () => T): T {
  const lock = `${file}.lock`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    closeSync(openSync(lock, "wx"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new CliError(`${lock} exists: another verify is appending to the ledger (remove the lock if no run is)`);
    throw new CliError(`cannot lock ${file} (${code ?? "unknown error"})`);
  }
  try {
    return action();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Appends one record to a ledger that is whole, under a lock. One `appendFileSync` of one
 * line: the ledger only ever grows.
 */
export function appendLedger(file: string, payload: LedgerPayload): string {
  return withLock(file, () => {
    const current = readLedger(file);
    if (!current.ok) throw new CliError(`${file}:${current.line}: the ledger is broken (record ${current.reason}); run "spec-kit evidence log" and restore it before verifying`);
    const line = ledgerLine(current.records, payload);
    try {
      appendFileSync(file, line);
    } catch (error) {
      throw new CliError(`cannot append to ${file} (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
    }
    return (JSON.parse(line) as { hash: string }).hash;
  });
}
