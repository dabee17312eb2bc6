import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-info.js";

/**
 * The module `spec-kit/runtime` means for the type checker: the runtime's sources when this
 * is a checkout (so that lint needs no build), else the built declarations.
 */
export function runtimeEntry(root: string = packageRoot()): string {
  const source = join(root, "runtime", "index.ts");
  return existsSync(source) ? source : join(root, "dist", "runtime", "index.d.ts");
}
