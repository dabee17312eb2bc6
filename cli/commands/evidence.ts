import { lstatSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { LedgerCheck } from "../../compiler/evidence/ledger.js";
import { LEDGER_HEAD_PATH, LEDGER_PATH } from "../../compiler/evidence/paths.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { describeKind, kindOf, openFolder, type ContainedFolder } from "../contained-folder.js";
import { ExitCode } from "../exit-code.js";
import { readPublicKey } from "../evidence/keys.js";
import { checkLedgerFolder } from "../evidence/ledger-check.js";
import { readLedger } from "../evidence/ledger-file.js";
import { verifyEvidence } from "../evidence/verify-evidence.js";
import { withExamples } from "./examples.js";
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

/** What `log` reads: an output folder (its ledger and anchor) or a ledger file itself (its chain only). */
function ledgerSource(arg: string): { folder: ContainedFolder; path: string; anchored: boolean; shown: string } {
  let kind;
  try {
    kind = kindOf(lstatSync(arg));
  } catch {
    throw new CliError(`${arg}: no such folder`);
  }
  if (kind === "folder") return { folder: openFolder(arg, { label: arg })!, path: LEDGER_PATH, anchored: true, shown: `${arg}/${LEDGER_PATH}` };
  if (kind !== "file") throw new CliError(`refusing ${arg}: it is ${describeKind(kind)}; give the output folder or the ledger file itself (links are never followed)`);
  return { folder: openFolder(dirname(arg), { label: dirname(arg) })!, path: basename(arg), anchored: false, shown: arg };
}

function printRecords(records: Extract<LedgerCheck, { ok: true }>["records"], io: CliIo): void {
  for (const record of records) {
    const p = record.payload;
    io.stdout.write(`${record.seq + 1}  ${p.recorded_at}  ${p.result}  ${p.bundle_id ?? `rejected by ${p.rejected_by ?? "?"}`}  ${record.hash.slice(0, 16)}\n`);
  }
}

function runLog(arg: string, anchor: string | undefined, keyFile: string | undefined, io: CliIo): number {
  const key = keyFile === undefined ? undefined : readPublicKey(keyFile);
  const source = ledgerSource(arg);
  const present = (path: string): boolean => source.folder.kind(path) !== undefined;
  if (!present(source.path) && !(source.anchored && present(LEDGER_HEAD_PATH))) throw new CliError(`${source.shown}: no ledger (run "spec-kit verify" first)`);
  const checked = source.anchored ? checkLedgerFolder(source.folder, key) : { ledger: readLedger(source.folder, source.path), problems: [], anchored: false };
  const ledger = checked.ledger;
  if (!ledger.ok) {
    io.stdout.write(`${source.shown}:${ledger.line}: record ${ledger.line} ${ledger.reason}\nledger: broken at line ${ledger.line}\n`);
    return ExitCode.failure;
  }
  printRecords(ledger.records, io);
  const problems = [...checked.problems];
  if (anchor !== undefined && !ledger.records.some((record) => record.hash === anchor)) {
    problems.push(`no record has the hash ${anchor}: records were removed from the end, or the ledger was replaced`);
  }
  for (const problem of problems) io.stdout.write(`ledger: ${problem}\n`);
  if (problems.length > 0) return ExitCode.failure;
  const how = checked.anchored ? (key ? ", anchored and signed" : ", anchored") : "";
  io.stdout.write(`ledger: ${ledger.records.length} record(s), chain intact${how}, head ${ledger.head}\n`);
  return ExitCode.ok;
}

/** `spec-kit evidence verify|log DIR`: checks an output's signed evidence, or its ledger. */
export const evidenceCommand = defineCommand({
  command: "evidence <action> <dir>",
  describe: "check an output folder's evidence: `verify` the signed statement against the files, or `log` the ledger's hash chain",
  builder: (argv) =>
    withExamples(
      argv
        .positional("action", { type: "string", choices: ["verify", "log"] as const, describe: "verify: signature, payload and subjects; log: the ledger's chain" })
        .positional("dir", { type: "string", describe: "the output folder (apply's --out); for log also the ledger file itself" })
        .option("key", { type: "string", describe: "the Ed25519 public key (SPKI PEM) the evidence (verify) or the ledger's anchor (log) must be signed with" })
        .option("anchor", { type: "string", describe: "log: a record hash known from before; fails when the ledger no longer holds it" }),
      [
        ["$0 evidence verify generated --key keys/spec-kit.pub.pem", "check the signature and every generated file"],
        ["$0 evidence log generated", "list the ledger, check its hash chain and its anchor (a removed last record is named)"],
      ],
    ),
  run: (args, io) => {
    if (typeof args.dir !== "string") throw new CliError("evidence takes one folder");
    if (args.key !== undefined && typeof args.key !== "string") throw new CliError("--key takes one file");
    if (args.anchor !== undefined && (typeof args.anchor !== "string" || !/^[0-9a-f]{64}$/.test(args.anchor))) throw new CliError("--anchor takes a record hash (64 lowercase hex digits)");
    return args.action === "log" ? runLog(args.dir, args.anchor, args.key, io) : runVerify(args.dir, args.key, io);
  },
});
