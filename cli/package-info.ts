import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/**
 * spec-kit's version from its package.json, found by walking up from this module (it sits
 * at `cli/` in the sources and `dist/cli/` once built).
 */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "spec-kit" && typeof pkg.version === "string") return (cached = pkg.version);
    } catch {
      // No readable package.json here; keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = "0.0.0");
    dir = parent;
  }
}
