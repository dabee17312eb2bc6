import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** The TypeScript files below `dir` (declarations included), as absolute paths sorted by their relative path; skips node_modules and dot folders. */
export function lintableFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.[cm]?ts$/.test(entry.name)) found.push(path);
    }
  };
  walk(dir);
  const rel = (path: string): string => relative(dir, path).split(sep).join("/");
  return found.sort((a, b) => (rel(a) < rel(b) ? -1 : rel(a) > rel(b) ? 1 : 0));
}

/** `path` relative to `dir` with `/` separators, as diagnostics name files. */
export function relativeFile(dir: string, path: string): string {
  return relative(dir, path).split(sep).join("/");
}
