import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareStrings } from "../../compiler/diagnostics.js";
import { isEvidencePath } from "../../compiler/evidence/paths.js";
import type { AttestedFile } from "../../compiler/evidence/statement.js";
import { CliError } from "../cli-error.js";
import { INDEX_FILE } from "../output-writer.js";

/**
 * The files of an output folder that evidence attests: every file outside evidence/, except
 * the writer's index (it records ownership, not output). Paths use `/`; sorted. A file that
 * cannot be read is a CliError (exit 2).
 */
export function readAttestedFiles(dir: string): AttestedFile[] {
  const out: AttestedFile[] = [];
  const walk = (abs: string, prefix: string): void => {
    const entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (rel === INDEX_FILE || isEvidencePath(rel)) continue;
      if (entry.isDirectory()) walk(join(abs, entry.name), rel);
      else out.push({ path: rel, content: readFileSync(join(abs, entry.name)) });
    }
  };
  try {
    walk(dir, "");
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new CliError(`cannot read ${e.path ?? dir} (${e.code ?? "unknown error"})`);
  }
  return out.sort((a, b) => compareStrings(a.path, b.path));
}
