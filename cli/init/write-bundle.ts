import { existsSync, rmdirSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { MANIFEST_NAMES } from "../../compiler/constants.js";
import { CliError } from "../cli-error.js";
import { displayPath, openFolder, type ContainedFolder } from "../contained-folder.js";
import type { InitFile, SchemaPaths } from "./templates.js";

/** The schema files `init` wires editors to, by document kind. */
const SCHEMA_FILES: Readonly<SchemaPaths> = {
  manifest: "manifest.schema.json",
  phase: "phase-report.schema.json",
  mission: "mission.schema.json",
};

/** Where editors find the schemas from a bundle at `dir`, and whether they are there yet. */
export interface SchemaLocation {
  /** Each schema's path from the bundle root, `/` separators. */
  paths: SchemaPaths;
  /** False when spec-kit is not installed at or above `dir` yet: the paths assume `<dir>/node_modules`. */
  installed: boolean;
}

/**
 * The schemas of the spec-kit package installed at or above `dir` (the nearest
 * `node_modules/spec-kit/schemas`), as paths from `dir`; when there is none, those that
 * `npm install --save-dev spec-kit` in `dir` would put there. Relative paths keep the editor
 * wiring valid on every machine that checks the project out.
 */
export function locateSchemas(dir: string): SchemaLocation {
  const root = resolve(dir);
  let at = root;
  for (;;) {
    const schemas = join(at, "node_modules", "spec-kit", "schemas");
    if (existsSync(join(schemas, SCHEMA_FILES.manifest))) return { paths: pathsFrom(root, schemas), installed: true };
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  return { paths: pathsFrom(root, join(root, "node_modules", "spec-kit", "schemas")), installed: false };
}

function pathsFrom(root: string, schemas: string): SchemaPaths {
  const base = relative(root, schemas).split(sep).join("/");
  return { manifest: `${base}/${SCHEMA_FILES.manifest}`, phase: `${base}/${SCHEMA_FILES.phase}`, mission: `${base}/${SCHEMA_FILES.mission}` };
}

/** The bundle's name from its folder: the folder's own name. */
export function bundleNameFor(dir: string): string {
  return basename(resolve(dir)) || "bundle";
}

/** Folders on the way to each file that do not exist yet (made by the writes), deepest first. */
function missingFolders(folder: ContainedFolder, files: readonly InitFile[]): string[] {
  const missing = new Set<string>();
  for (const file of files) {
    const parts = file.path.split("/").slice(0, -1);
    for (let index = 1; index <= parts.length; index++) {
      const rel = parts.slice(0, index).join("/");
      if (folder.kind(rel) === undefined) missing.add(rel);
    }
  }
  return [...missing].sort((a, b) => b.length - a.length);
}

/**
 * Writes the files of a new bundle into `dir` (made when missing) through the contained-folder
 * layer: no link is followed and nothing is written outside `dir`. Nothing is overwritten:
 * when any of the files, or any manifest, exists already, nothing is written and the existing
 * ones are named. Each file is written whole; when one cannot be, the ones written before it
 * (and the folders made for them) are removed again. Returns the paths written.
 */
export function writeInitFiles(dir: string, files: readonly InitFile[]): string[] {
  const label = displayPath(resolve(dir));
  const madeDir = !existsSync(dir);
  const folder = openFolder(dir, { label, create: true })!;
  const targets = [...new Set([...files.map((file) => file.path), ...MANIFEST_NAMES])];
  const existing = targets.filter((path) => folder.kind(path) !== undefined);
  if (existing.length > 0) {
    throw new CliError(`refusing to overwrite ${existing.map((path) => folder.show(path)).join(", ")}: init writes only into a folder without them; nothing was written`);
  }
  const madeFolders = missingFolders(folder, files);
  const written: string[] = [];
  try {
    for (const file of files) {
      if (!folder.createFile(file.path, file.text)) throw new CliError(`refusing to overwrite ${folder.show(file.path)}: it appeared while init ran`);
      written.push(file.path);
    }
  } catch (error) {
    for (const path of written) folder.removeFile(path);
    for (const rel of madeFolders) folder.removeEmptyFolder(rel);
    if (madeDir) {
      try {
        rmdirSync(folder.real);
      } catch {
        // not empty: left as it is
      }
    }
    throw error;
  }
  return written;
}
