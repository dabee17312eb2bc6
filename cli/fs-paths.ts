import { statSync } from "node:fs";
import { sep } from "node:path";

/** A platform path with `/` separators, as bundle-relative paths and messages use them. */
export function toSlash(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Whether `path` is a folder (following links); false when it cannot be read. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
