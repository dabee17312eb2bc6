import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packageVersion } from "../package-info.js";

/** The source folders whose code generates output. */
const GENERATOR_FOLDERS = ["cli", "common", "compiler", "rules", "runtime"] as const;

/** Where `npm run build` records the fingerprint of the sources it built, inside `dist/`. */
export const FINGERPRINT_FILE = "generator-fingerprint.txt";

/**
 * The fingerprint of the TypeScript sources under `root` (the repository): spec-kit's version and
 * the SHA-256 of every `.ts` module of the generating folders, tests and declarations aside, in
 * path order. The build computes it from the sources and stores it in `dist/`, so a build and a
 * run from the sources agree, and so do two builds of one commit.
 */
export function sourceFingerprint(root: string): string {
  const hash = createHash("sha256").update(packageVersion());
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}/${entry.name}`);
      else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".test.ts")) {
        hash.update(`${rel}/${entry.name}\0${createHash("sha256").update(readFileSync(path)).digest("hex")}\0`);
      }
    }
  };
  for (const folder of GENERATOR_FOLDERS) walk(join(root, folder), folder);
  return hash.digest("hex");
}

let fingerprint: string | undefined;

/**
 * A digest of the code that generates (see {@link sourceFingerprint}): computed from the sources
 * when spec-kit runs from them, read from the file the build wrote when it runs from `dist/`.
 * A changed emitter changes it even before the version is bumped, so a stale output is never
 * kept; and it does not depend on the build, so a fresh clone's apply leaves the committed
 * output record as it is.
 */
export function generatorFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const root = resolve(dirname(here), "..", "..");
  if (here.endsWith(".ts")) return (fingerprint = sourceFingerprint(root));
  try {
    const stored = readFileSync(join(root, FINGERPRINT_FILE), "utf8").trim();
    if (/^[0-9a-f]{64}$/.test(stored)) return (fingerprint = stored);
  } catch {
    // A dist/ without the file (built by plain tsc): fall back to the sources beside it, if any.
  }
  return (fingerprint = sourceFingerprint(resolve(root, "..")));
}
