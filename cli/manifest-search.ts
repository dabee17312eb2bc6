import { statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { MANIFEST_NAMES } from "../compiler/constants.js";

/**
 * Finds the bundle a folder lies in, the way git finds its repository: the folder itself when it
 * holds a manifest (spec-kit.yaml, spec-kit.yml or spec-kit.json), else the nearest folder above
 * it that does. `check` run inside `phases/` and `validate` of a staged file both find the
 * bundle's manifest this way.
 */

/** Whether `dir` holds a manifest file (a regular file, or a link to one). */
export function holdsManifest(dir: string): boolean {
  return MANIFEST_NAMES.some((name) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
}

/** The nearest folder at or above `start` that holds a manifest (absolute), or undefined when none does. */
export function findBundleRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (holdsManifest(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The manifest file of the bundle at `root` (absolute), by the preference of MANIFEST_NAMES. */
export function manifestFileOf(root: string): string | undefined {
  for (const name of MANIFEST_NAMES) {
    const file = join(root, name);
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not this name
    }
  }
  return undefined;
}

/**
 * The bundle folder a command run in the current folder checks (`dir` is "." or the current
 * folder spelt otherwise): the current folder when it holds a manifest, else the nearest folder
 * above it that does (spelt relative to the current directory, so that paths print as
 * `../phases/P1.yaml`), else "." (whose missing manifest is then reported). A folder named on
 * the command line is taken as the bundle, as it is.
 */
export function bundleDirFor(dir: string): string {
  if (resolve(dir) !== resolve(process.cwd()) || holdsManifest(dir)) return dir;
  const found = findBundleRoot(dir);
  if (found === undefined) return dir;
  return relative(process.cwd(), found) || ".";
}
