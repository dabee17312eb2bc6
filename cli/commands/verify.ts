import { relative } from "node:path";
import { REJECTION_REPORT_PATH } from "../../compiler/evidence/paths.js";
import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-code.js";
import { runCompile } from "../evidence/compile.js";
import { inProcessCli } from "../evidence/in-process-cli.js";
import { readPrivateKey } from "../evidence/keys.js";
import { DEFAULT_LOCK_WAIT_SECONDS, lockWaitFlag } from "../output-lock.js";
import { resolveBundleDir } from "./check.js";
import { withExamples } from "./examples.js";
import { BUNDLE_POSITIONAL, defineCommand } from "./command.js";

/** `spec-kit verify [bundle] [--out DIR]`: the Gen-4 Compile phase over a committed output. */
export const verifyCommand = defineCommand({
  command: "verify [bundle]",
  describe: "replay apply on a clean copy, run check, the generated suites and lint, then write signed evidence or a Rejection Report",
  builder: (argv) =>
    withExamples(
      argv
        .positional("bundle", { type: "string", default: ".", describe: BUNDLE_POSITIONAL })
        .option("out", { type: "string", default: "generated", describe: "the committed output folder to verify (apply's --out)" })
        .option("sign-key", { type: "string", describe: "an Ed25519 private key (PKCS#8 PEM): also write evidence/manifest.dsse.json and sign the ledger's anchor" })
        .option("lock-timeout", { type: "number", describe: `seconds to wait while another spec-kit run holds the output folder's lock (default ${DEFAULT_LOCK_WAIT_SECONDS}); then exit 2 naming it`, requiresArg: true }),
      [
        ["$0 verify specs --out generated", "verify the committed output of specs/"],
        ["SOURCE_DATE_EPOCH=0 $0 verify specs --sign-key keys/spec-kit.key.pem", "reproducible, signed evidence"],
      ],
    ),
  run: async (args, io) => {
    if (typeof args.bundle !== "string") throw new CliError("verify takes at most one bundle folder");
    if (typeof args.out !== "string" || args.out === "") throw new CliError("--out takes one folder");
    const signKeyFile = args["sign-key"];
    if (signKeyFile !== undefined && typeof signKeyFile !== "string") throw new CliError("--sign-key takes one file");
    const signKey = signKeyFile === undefined ? undefined : readPrivateKey(signKeyFile);
    const bundleDir = resolveBundleDir(args.bundle);
    if (!io.runCli) throw new Error("verify runs spec-kit commands in process: its io lacks runCli");
    const lockWaitSeconds = lockWaitFlag(args["lock-timeout"]);
    const result = await runCompile({ bundleDir, outDir: args.out, ...(signKey ? { signKey } : {}), env: io.env, cli: inProcessCli(io.env, io.runCli), progress: io.stdout, lockWaitSeconds });
    const shown = relative(process.cwd(), args.out) || ".";
    if (result.accepted) {
      io.stdout.write(`verify: accepted ${result.verdict}; evidence in ${shown}/evidence (ledger head ${result.ledgerHead.slice(0, 16)})\n`);
      return ExitCode.ok;
    }
    io.stdout.write(`verify: rejected by ${result.verdict}; see ${shown}/${REJECTION_REPORT_PATH}\n`);
    return ExitCode.failure;
  },
});
