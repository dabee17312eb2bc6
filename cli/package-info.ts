import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What spec-kit reads from its own package.json. */
export interface PackageJson {
  name?: unknown;
  version?: unknown;
  engines?: { node?: unknown };
}

let cachedRoot: { dir: string; pkg: PackageJson } | undefined;

function findPackage(): { dir: string; pkg: PackageJson } {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
      if (pkg.name === "spec-kit") return (cachedRoot = { dir, pkg });
    } catch {
      // No readable package.json here; keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("spec-kit's package.json was not found above its own modules");
    dir = parent;
  }
}

/**
 * The folder of spec-kit's own package.json, found by walking up from this module (it sits at
 * `cli/` in the sources and `dist/cli/` once built).
 */
export function packageRoot(): string {
  return findPackage().dir;
}

/** spec-kit's own package.json. */
export function packageJson(): PackageJson {
  return findPackage().pkg;
}

/** spec-kit's version, or 0.0.0 when its package.json cannot be found. */
export function packageVersion(): string {
  try {
    const version = packageJson().version;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
