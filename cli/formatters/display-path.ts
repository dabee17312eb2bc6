import { posix } from "node:path";

/** The path printed for a diagnostic's file: `file` joined to `basePath`, with `/` separators. */
export function displayPath(file: string, basePath = ""): string {
  if (basePath === "" || basePath === "." || file.startsWith("/")) return file;
  return posix.join(basePath.replace(/\\/g, "/"), file);
}
