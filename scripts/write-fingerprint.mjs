// Records in dist/ the fingerprint of the sources just built (see cli/apply/generator-fingerprint.ts),
// so that apply's output record does not depend on the build: run after tsc by `npm run build`.
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FINGERPRINT_FILE, sourceFingerprint } from "../dist/cli/apply/generator-fingerprint.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
writeFileSync(join(root, "dist", FINGERPRINT_FILE), `${sourceFingerprint(root)}\n`);
