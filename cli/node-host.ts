import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { compareStrings } from "../compiler/diagnostics.js";
import type { ReadResult } from "../compiler/load/source-document.js";
import type { LoadingHost } from "../compiler/validate/detached-load.js";
import type { ValidateInput } from "../compiler/program.js";
import { startParallelLoad } from "./parallel/parse-pool.js";
import { toSlash } from "./fs-paths.js";

/** Folders never searched for bundle documents. */
const SKIPPED_DIRS = new Set([".git", "node_modules", ".hg", ".svn"]);

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  // `..foo` is a file name inside the root; only a `..` segment leaves it.
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Opening without blocking: a named pipe would otherwise wait for a writer forever. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opening a file the listing saw as a regular file: a link swapped in since then fails with ELOOP. */
const LISTED_FLAGS = READ_FLAGS | (constants.O_NOFOLLOW ?? 0);

/** Reads a whole file, refusing one over `maxBytes` before reading it (or a FIFO, device or folder). */
export function readLimited(absolute: string, display: string, maxBytes: number, flags = READ_FLAGS): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, flags);
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: "not-a-file", message: `${display} is not a regular file` };
    if (stats.size > maxBytes) {
      return { ok: false, reason: "too-large", message: `${display} is ${stats.size} bytes, over the limit of ${maxBytes} bytes` };
    }
    const bytes = new Uint8Array(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return { ok: true, bytes: offset === bytes.length ? bytes : bytes.subarray(0, offset) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, reason: "not-found", message: `${display} does not exist` };
    if (code === "EISDIR") return { ok: false, reason: "not-a-file", message: `${display} is a directory` };
    return { ok: false, reason: "unreadable", message: `${display} cannot be read (${code ?? "unknown error"})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Options of {@link createNodeHost}. */
export interface NodeHostOptions {
  /** Load large bundles on two threads (default true). */
  parallel?: boolean;
  /** Files known to be plain files inside the root without a listing (a worker's share). */
  plainFiles?: Iterable<string>;
}

/**
 * A host over a folder on disk. Lists files without following directory links out of the
 * root, and refuses to read any path (or link target) outside it. Large bundles are parsed
 * on two threads (`cli/parallel/parse-pool.ts`).
 */
export function createNodeHost(rootDir: string, options: NodeHostOptions = {}): LoadingHost {
  const root = resolve(rootDir);
  let realRoot: string | undefined;
  const realRootOf = (): string => (realRoot ??= realpathSync(root));
  // Regular files found by the last listing in folders whose real path is inside the root
  // (reached without a directory link): reading them needs no realpath, which costs a
  // syscall per path segment and dominated reading large bundles.
  let plainFiles = new Set<string>(options.plainFiles ?? []);
  return {
    listFiles() {
      const out: string[] = [];
      const plain = new Set<string>();
      const visited = new Set<string>();
      const walk = (dir: string, viaLink: boolean): void => {
        let real: string;
        try {
          real = realpathSync(dir);
        } catch {
          return;
        }
        if (visited.has(real) || !isInside(realRootOf(), real)) return;
        visited.add(real);
        let entries;
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          const abs = join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) walk(abs, viaLink);
          } else if (entry.isSymbolicLink()) {
            let isDir = false;
            try {
              isDir = statSync(abs).isDirectory();
            } catch {
              // A dangling link is listed; reading it reports why it cannot be read.
            }
            if (isDir) walk(abs, true);
            else out.push(toSlash(relative(root, abs)));
          } else if (entry.isFile()) {
            const file = toSlash(relative(root, abs));
            out.push(file);
            if (!viaLink) plain.add(file);
          }
        }
      };
      walk(root, false);
      plainFiles = plain;
      return out.sort(compareStrings);
    },
    readFile(path, maxBytes) {
      if (isAbsolute(path) || path.split(/[\\/]/).includes("..")) {
        return { ok: false, reason: "outside-root", message: `${path} leaves the bundle root` };
      }
      const absolute = join(root, path);
      if (plainFiles.has(path)) {
        const read = readLimited(absolute, path, maxBytes, LISTED_FLAGS);
        // ELOOP: the file became a link since the listing; check it the slow way.
        if (read.ok || read.reason !== "unreadable" || !read.message.includes("ELOOP")) return read;
      }
      try {
        const real = realpathSync(absolute);
        if (!isInside(realRootOf(), real)) {
          return { ok: false, reason: "outside-root", message: `${path} is a link that leaves the bundle root` };
        }
      } catch {
        // Missing files are reported by the read below.
      }
      return readLimited(absolute, path, maxBytes);
    },
    loadDocuments(requests, limits) {
      return options.parallel === false ? undefined : startParallelLoad(root, requests, limits, plainFiles);
    },
  };
}

/** Reads a file named on the command line for `validate`; its display path keeps the user's spelling. */
export function readFileForValidate(file: string, maxBytes: number): ValidateInput {
  const display = toSlash(file).replace(/^\.\//, "");
  return { file: display, read: readLimited(resolve(file), display, maxBytes) };
}
