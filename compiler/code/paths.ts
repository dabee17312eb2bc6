/** Removes `.` segments, folds `..` segments and trailing slashes of a `/`-separated path. */
export function normalizeSlashPath(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !absolute) out.push(part);
  }
  const joined = out.join("/");
  return absolute ? `/${joined}` : joined || ".";
}

/** Joins `/`-separated segments; a segment starting with `/` restarts from the root. */
export function joinPath(...parts: readonly string[]): string {
  let path = "";
  for (const part of parts) {
    if (part === "") continue;
    path = part.startsWith("/") || path === "" ? part : `${path}/${part}`;
  }
  return normalizeSlashPath(path);
}

/** The folder part of a `/`-separated path. */
export function parentPath(path: string): string {
  const at = path.lastIndexOf("/");
  return at <= 0 ? (path.startsWith("/") ? "/" : ".") : path.slice(0, at);
}

/** `to` relative to the folder `from`, both absolute; `..` segments when `to` lies outside. */
export function relativePath(from: string, to: string): string {
  const a = normalizeSlashPath(from).split("/").filter(Boolean);
  const b = normalizeSlashPath(to).split("/").filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => "..");
  return [...up, ...b.slice(common)].join("/") || ".";
}

/** Whether `path` is `dir` or lies below it (both normalized). */
export function isWithin(dir: string, path: string): boolean {
  return dir === "." || dir === "" || path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}
