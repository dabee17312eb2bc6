import { statSync } from "node:fs";
import { join } from "node:path";
import { LEDGER_PATH } from "../../compiler/evidence/paths.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-code.js";
import { readPublicKey } from "../evidence/keys.js";
import { readLedger } from "../evidence/ledger-file.js";
import { verifyEvidence } from "../evidence/verify-evidence.js";
import { defineCommand } from "./command.js";

function runVerify(dir: string, keyFile: string | undefined, io: CliIo): number {
  const key = keyFile === undefined ? undefined : readPublicKey(keyFile);
  const result = verifyEvidence(dir, key);
  for (const problem of result.problems) io.stdout.write(`${dir}: ${problem}\n`);
  if (result.problems.length > 0) {
    io.stdout.write(`evidence: ${result.problems.length} problem(s)\n`);
    return ExitCode.failure;
  }
  const signature = result.keyid ? `signature by ${result.keyid} ok, ` : "unsigned (no --key), ";
  io.stdout.write(`evidence: ${signature}${result.subjects} subjects match\n`);
  return ExitCode.ok;
}

/** The ledger file an argument names: an output folder (its evidence/ledger.ndjson) or the file itself. */
function ledgerPathOf(arg: string): string {
  try {
    return statSync(arg).isDirectory() ? join(arg, LEDGER_PATH) : arg;
  } catch {
    throw new CliError(`${arg}: no such folder`);
  }
}

function runLog(dir: string, anchor: string | undefined, io: CliIo): number {
  const file = ledgerPathOf(dir);
  try {
    if (!statSync(file).isFile()) throw new Error("not a file");
  } catch {
    throw new CliError(`${file}: no ledger (run "spec-kit verify" first)`);
  }
  const ledger = readLedger(file);
  if (!ledger.ok) {
    io.stdout.write(`${file}:${ledger.line}: record ${ledger.line} ${ledger.reason}\nledger: broken at line ${ledger.line}\n`);
    return ExitCode.failure;
  }
  for (const record of ledger.records) {
    const p = record.payload;
    io.stdout.write(`${record.seq + 1}  ${p.recorded_at}  ${p.result}  ${p.bundle_id ?? `rejected by ${p.rejected_by ?? "?"}`}  ${record.hash.slice(0, 16)}\n`);
  }
  if (anchor !== undefined && !ledger.records.some((record) => record.hash === anchor)) {
    io.stdout.write(`ledger: no record has the hash ${anchor}: records were removed from the end, or the ledger was replaced\n`);
    return ExitCode.failure;
  }
  io.stdout.write(`ledger: ${ledger.records.length} record(s), chain intact, head ${ledger.head}\n`);
  return ExitCode.ok;
}

/** `spec-kit evidence verify|log DIR`: checks an output's signed evidence, or its ledger. */
export const evidenceCommand = defineCommand({
  command: "evidence <action> <dir>",
  describe: "check an output folder's evidence: `verify` the signed statement against the files, or `log` the ledger's hash chain",
  builder: (argv) =>
    argv
      .positional("action", { type: "string", choices: ["verify", "log"] as const, describe: "verify: signature, payload and subjects; log: the ledger's chain" })
      .positional("dir", { type: "string", describe: "the output folder (apply's --out); for log also the ledger file itself" })
      .option("key", { type: "string", describe: "verify: the Ed25519 public key (SPKI PEM) the evidence must be signed with" })
      .option("anchor", { type: "string", describe: "log: a record hash known from before; fails when the ledger no longer holds it" })
      .example("$0 evidence verify generated --key keys/spec-kit.pub.pem", "check the signature and every generated file")
      .example("$0 evidence log generated", "list the ledger and check its hash chain"),
  run: (args, io) => {
    if (typeof args.dir !== "string") throw new CliError("evidence takes one folder");
    if (args.key !== undefined && typeof args.key !== "string") throw new CliError("--key takes one file");
    if (args.anchor !== undefined && (typeof args.anchor !== "string" || !/^[0-9a-f]{64}$/.test(args.anchor))) throw new CliError("--anchor takes a record hash (64 lowercase hex digits)");
    return args.action === "log" ? runLog(args.dir, args.anchor, io) : runVerify(args.dir, args.key, io);
  },
});
