import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-info.js";

/**
 * The module `spec-kit/runtime` means for the type checker: the runtime's sources when this
 * is a checkout (so that lint needs no build), else the built declarations.
 */
export function runtimeEntry(root: string = packageRoot()): string {
  return entry(root, "index");
}

/** The module `spec-kit/runtime/testing` means for the type checker, found as {@link runtimeEntry} is. */
export function runtimeTestingEntry(root: string = packageRoot()): string {
  return entry(root, "testing");
}

function entry(root: string, name: string): string {
  const source = join(root, "runtime", `${name}.ts`);
  return existsSync(source) ? source : join(root, "dist", "runtime", `${name}.d.ts`);
}
