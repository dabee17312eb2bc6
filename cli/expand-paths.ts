import { readdirSync, statSync } from "node:fs";
import { join, posix, resolve } from "node:path";
import { CliError } from "./cli-error.js";

/** The extensions `validate` picks up inside a folder. */
export const DOCUMENT_EXTENSIONS = [".json", ".yaml", ".yml"] as const;

/** Folders never searched: version control, dependencies, and hidden folders. */
function isSkippedDir(name: string): boolean {
  return name === "node_modules" || name.startsWith(".");
}

function isDocument(name: string): boolean {
  return DOCUMENT_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Every document below `dir`, as paths starting with `dir`, sorted; links to folders are not followed. */
function documentsBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const entries = readdirSync(join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!isSkippedDir(entry.name)) walk(child);
      } else if (isDocument(entry.name)) {
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            isFile = statSync(join(dir, child)).isFile();
          } catch {
            isFile = false;
          }
        }
        if (isFile) out.push(child);
      }
    }
  };
  walk("");
  const base = dir.replace(/\\/g, "/");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((file) => posix.join(base, file));
}

/**
 * Turns `validate`'s arguments into the files to check: a file is taken as named (whatever
 * its extension); a folder stands for every .json/.yaml/.yml file below it, skipping hidden
 * folders and node_modules. A path that does not exist, or a folder without documents, is a
 * usage error. A file named twice is checked once.
 */
export function expandValidatePaths(args: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (file: string): void => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(file);
  };
  for (const arg of args) {
    let stats;
    try {
      stats = statSync(arg);
    } catch {
      throw new CliError(`${arg}: no such file or folder`);
    }
    if (!stats.isDirectory()) {
      add(arg);
      continue;
    }
    let files: string[];
    try {
      files = documentsBelow(arg);
    } catch (error) {
      throw new CliError(`${arg}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
    }
    if (files.length === 0) throw new CliError(`${arg}: no ${DOCUMENT_EXTENSIONS.join(", ")} files in this folder`);
    files.forEach(add);
  }
  return out;
}
