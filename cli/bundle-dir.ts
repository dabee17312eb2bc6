import { statSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { isManifestName } from "../compiler/constants.js";
import { CliError } from "./cli-error.js";

/** The bundle folder a `check` argument names: a folder, or the manifest file inside one. */
export function resolveBundleDir(arg: string): string {
  let stats;
  try {
    stats = statSync(arg);
  } catch {
    throw new CliError(`${arg}: no such folder`);
  }
  if (stats.isDirectory()) return arg;
  if (stats.isFile() && isManifestName(basename(arg))) return dirname(arg);
  throw new CliError(`${arg} is not a folder (check takes a bundle folder; use "spec-kit validate" for single files)`);
}

/** The bundle folder as printed before each file: as given when absolute, else relative to the current directory. */
export function bundleBasePath(dir: string): string {
  const path = isAbsolute(dir) ? resolve(dir) : relative(process.cwd(), resolve(dir));
  return sep === "/" ? path : path.split(sep).join("/");
}
