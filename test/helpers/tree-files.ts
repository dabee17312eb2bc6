import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under `dir`, relative path (with `/`) to text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path).split("\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** The project's own bundle, specs/, as a mutable map of file to text. */
export function specsFiles(): Record<string, string> {
  return readTree(join(import.meta.dirname, "..", "..", "specs"));
}
