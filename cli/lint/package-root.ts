import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The folder of spec-kit's own package.json, found by walking up from this module (sources or `dist/`). */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "spec-kit") return (cached = dir);
    } catch {
      // No readable package.json here; keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("spec-kit's package.json was not found above its own modules");
    dir = parent;
  }
}

/**
 * The module `spec-kit/runtime` means for the type checker: the runtime's sources when this
 * is a checkout (so that lint needs no build), else the built declarations.
 */
export function runtimeEntry(root: string = packageRoot()): string {
  const source = join(root, "runtime", "index.ts");
  return existsSync(source) ? source : join(root, "dist", "runtime", "index.d.ts");
}
