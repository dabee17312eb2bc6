import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Toolchain } from "../../compiler/evidence/statement.js";

let cachedRoot: string | undefined;

/** spec-kit's package root, found by walking up from this module (`cli/evidence/` or `dist/cli/evidence/`). */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "spec-kit") return (cachedRoot = dir);
    } catch {
      // No readable package.json here; keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("spec-kit's package.json is missing");
    dir = parent;
  }
}

/**
 * The toolchain the statement records: spec-kit's version, its supported Node.js range
 * (`engines.node`; the exact version would differ between machines and is kept in the
 * ledger instead) and the digest of spec-kit's own package-lock.json when it is present.
 */
export function readToolchain(): Toolchain {
  const root = packageRoot();
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown; engines?: { node?: unknown } };
  const toolchain: Toolchain = {
    node: typeof pkg.engines?.node === "string" ? pkg.engines.node : "*",
    spec_kit: typeof pkg.version === "string" ? pkg.version : "0.0.0",
  };
  try {
    toolchain.lockfile = `sha256:${createHash("sha256").update(readFileSync(join(root, "package-lock.json"))).digest("hex")}`;
  } catch {
    // An installed package ships no lockfile: the statement records none.
  }
  return toolchain;
}
