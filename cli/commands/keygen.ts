import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-code.js";
import { writeKeyPair } from "../evidence/keys.js";
import { withExamples } from "./examples.js";
import { defineCommand } from "./command.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `spec-kit keygen --out DIR`: writes an Ed25519 key pair for signing evidence. */
export const keygenCommand = defineCommand({
  command: "keygen",
  describe: "write an Ed25519 key pair for signing evidence (private key PKCS#8 PEM, mode 0600; public key SPKI PEM)",
  builder: (argv) =>
    withExamples(
      argv
        .option("out", { type: "string", default: ".", describe: "the folder to write the key pair into" })
        .option("name", { type: "string", default: "spec-kit", describe: "file name stem: <name>.key.pem and <name>.pub.pem" })
        .option("force", { type: "boolean", default: false, describe: "replace existing key files" }),
      [
        ["$0 keygen --out keys", "write keys/spec-kit.key.pem and keys/spec-kit.pub.pem"],
        ["$0 apply specs --sign-key keys/spec-kit.key.pem", "sign the evidence apply writes"],
      ],
    ),
  run: (args, io) => {
    if (typeof args.out !== "string" || args.out === "") throw new CliError("--out takes one folder");
    if (typeof args.name !== "string" || !NAME.test(args.name)) throw new CliError("--name takes a plain file name stem (letters, digits, . _ -)");
    const files = writeKeyPair(args.out, args.name, args.force === true);
    io.stdout.write(`private key: ${files.privateKey} (keep it secret)\npublic key:  ${files.publicKey}\nkey id:      ${files.keyid}\n`);
    return ExitCode.ok;
  },
});
