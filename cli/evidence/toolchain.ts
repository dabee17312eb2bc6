import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageJson, packageRoot } from "../package-info.js";
import type { Toolchain } from "../../compiler/evidence/statement.js";

/**
 * The toolchain the statement records: spec-kit's version, its supported Node.js range
 * (`engines.node`; the exact version would differ between machines and is kept in the
 * ledger instead) and the digest of spec-kit's own package-lock.json when it is present.
 */
export function readToolchain(): Toolchain {
  const root = packageRoot();
  const pkg = packageJson();
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
