import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";

/** Every file below `dir` as relative path (`/`) to the sha256 of its bytes, sorted by path; undefined when `dir` is absent. */
export function treeDigest(dir: string): Record<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  const out: [string, string][] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push([relative(dir, path).split(sep).join("/"), createHash("sha256").update(readFileSync(path)).digest("hex")]);
    }
  };
  walk(dir);
  return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const created: string[] = [];

/** A fresh scratch folder outside the repository, removed by {@link removeScratch}. */
export function scratch(prefix = "spec-kit-apply-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every scratch folder this test file made (call it from `afterAll`). */
export function removeScratch(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The files below `dir` (relative paths), in readdir order. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out;
}

/** Copies the files of `from` to `to` one by one in the order `order` puts them, so that directory listings differ between copies. */
export function copyInOrder(from: string, to: string, order: (files: string[]) => string[]): void {
  for (const file of order(listFiles(from))) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    writeFileSync(join(to, file), readFileSync(join(from, file)));
  }
}

/** Copies a whole folder. */
export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}
