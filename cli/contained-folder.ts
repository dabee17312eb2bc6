import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { compareStrings } from "../compiler/diagnostics.js";
import { CliError } from "./cli-error.js";

/**
 * The one file-system layer through which spec-kit writes, reads back and deletes what lies in
 * a folder it was given (apply's and verify's output, keygen's key folder, a report file's
 * folder). It never follows a link: every path is checked component by component with `lstat`
 * and its parent by the resolved real path, files are opened with O_NOFOLLOW, and special files
 * (pipes, sockets, devices) are refused by name before anything opens them.
 */

/** A path as printed: relative to the current directory when below it, else absolute; `/` separators. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  const shown = rel === "" ? "." : rel.split(sep)[0] === ".." || isAbsolute(rel) ? path : rel;
  return sep === "/" ? shown : shown.split(sep).join("/");
}

/** What an entry of a folder is, by `lstat` (a link is never followed). */
export type EntryKind = "file" | "folder" | "link" | "fifo" | "socket" | "character device" | "block device" | "unknown";

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** The kind of an entry from its `lstat`. */
export function kindOf(stats: Stats): EntryKind {
  if (stats.isSymbolicLink()) return "link";
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "folder";
  if (stats.isFIFO()) return "fifo";
  if (stats.isSocket()) return "socket";
  if (stats.isCharacterDevice()) return "character device";
  if (stats.isBlockDevice()) return "block device";
  return "unknown";
}

const KIND_NAMES: Record<EntryKind, string> = {
  file: "a file",
  folder: "a folder",
  link: "a symbolic link",
  fifo: "a named pipe (FIFO)",
  socket: "a socket",
  "character device": "a character device",
  "block device": "a block device",
  unknown: "a special file",
};

/** How a kind reads in a message: "a named pipe (FIFO)", "a symbolic link", ... */
export function describeKind(kind: EntryKind): string {
  return KIND_NAMES[kind];
}

/** True for what spec-kit never opens: pipes, sockets, devices. */
export function isSpecial(kind: EntryKind): boolean {
  return kind !== "file" && kind !== "folder" && kind !== "link";
}

/** One entry of a walked folder. */
export interface TreeEntry {
  /** Relative to the folder, `/` separators. */
  path: string;
  kind: EntryKind;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  /** For links: where the link points (never followed). */
  target?: string;
}

/** Refuses a relative path that could leave its folder. */
export function assertRelativePath(path: string): void {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.includes("\0") || path.split("/").some((part) => part === ".." || part === "." || part === "")) {
    throw new Error(`refusing to write outside the output folder: ${JSON.stringify(path)}`);
  }
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errnoOf(error) === "ENOENT" || errnoOf(error) === "ENOTDIR") return undefined;
    throw error;
  }
}

/**
 * The resolved real path of `path`: one realpath(3) call (the JavaScript walk lstats every
 * component, a cost paid for each file a no-op apply reads back); the JavaScript walk where the
 * native call fails (a path longer than the system allows), which throws the error there is.
 */
function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return realpathSync(path);
  }
}

/** A name for a sibling temporary file or folder that no other run picks: pid and random bits. */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** A temporary name beside `abs`, hidden and unique, for a file written whole before it takes its place. */
function temporaryBeside(abs: string): string {
  return join(dirname(abs), `.${basename(abs)}.spec-kit-${uniqueSuffix()}.tmp`);
}

/** Writes every byte of `data` to `fd` (one writeSync may write fewer bytes than asked). */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Creates `path` with `data`: never over an existing entry and never through a link (O_EXCL, O_NOFOLLOW). */
function writeNewFile(path: string, data: string | Uint8Array, mode: number): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

/**
 * A folder spec-kit may write into. Built by {@link openFolder}; every method takes a path
 * relative to the folder (`/` separators) and refuses links, special files and anything that
 * resolves outside it, with a CliError (exit 2) naming the path.
 */
export class ContainedFolder {
  /** @param path the folder as given, made absolute (for messages). @param real its resolved real path. @param label how messages name it. */
  constructor(
    readonly path: string,
    readonly real: string,
    readonly label: string,
  ) {}

  /** How a path inside the folder is named in a message. */
  show(rel: string): string {
    return rel === "" ? this.label : `${this.label}/${rel}`;
  }

  private refuse(rel: string, kind: EntryKind, doing: string): CliError {
    return new CliError(`refusing ${this.show(rel)}: it is ${describeKind(kind)}; spec-kit ${doing} only regular files and real folders inside ${this.label} (remove or replace it)`);
  }

  /**
   * The absolute path of `rel` after checking that every folder on the way is a real folder
   * (not a link) whose real path lies inside this folder. Undefined when a folder on the way is
   * missing and `create` is false; with `create`, missing folders are made (one at a time).
   */
  private parentOf(rel: string, create: boolean, doing: string): string | undefined {
    assertRelativePath(rel);
    const parts = rel.split("/");
    let abs = this.real;
    for (let index = 0; index < parts.length - 1; index++) {
      abs = join(abs, parts[index]!);
      // Named only in a message: not built for every folder of every path checked.
      const prefix = (): string => parts.slice(0, index + 1).join("/");
      let stats = lstatOrUndefined(abs);
      if (!stats) {
        if (!create) return undefined;
        try {
          mkdirSync(abs);
        } catch (error) {
          if (errnoOf(error) !== "EEXIST") throw this.failure(prefix(), "create", error);
        }
        stats = lstatSync(abs);
      }
      const kind = kindOf(stats);
      if (kind !== "folder") throw this.refuse(prefix(), kind, doing);
    }
    const parent = dirname(join(this.real, ...parts));
    if (!isInside(this.real, realPath(parent))) throw new CliError(`refusing ${this.show(rel)}: its folder resolves outside ${this.label}`);
    return join(parent, parts.at(-1)!);
  }

  /** A CliError for a failed operation on `rel`, naming the error code. */
  failure(rel: string, action: string, error: unknown): CliError {
    if (error instanceof CliError) return error;
    return new CliError(`cannot ${action} ${this.show(rel)} (${errnoOf(error) ?? (error instanceof Error ? error.message : String(error))})`);
  }

  /** The kind of `rel`, or undefined when it (or a folder on the way) does not exist. A link on the way is refused. */
  kind(rel: string): EntryKind | undefined {
    const abs = this.parentOf(rel, false, "reads");
    if (abs === undefined) return undefined;
    const stats = lstatOrUndefined(abs);
    return stats ? kindOf(stats) : undefined;
  }

  /**
   * The bytes of the regular file `rel`, or undefined when it does not exist. A link, a folder
   * or a special file there is refused without being opened; more than `maxBytes` is refused.
   */
  readFile(rel: string, maxBytes = 256 * 1024 * 1024): Buffer | undefined {
    return this.read(rel, maxBytes, false);
  }

  /**
   * The bytes of `rel` when it is a regular file; undefined when it does not exist or is
   * anything else (a link, a folder, a special file: never opened). The same as
   * `kind(rel) === "file" ? readFile(rel) : undefined`, checking the folders on the way once.
   */
  readIfFile(rel: string, maxBytes = 256 * 1024 * 1024): Buffer | undefined {
    return this.read(rel, maxBytes, true);
  }

  private read(rel: string, maxBytes: number, onlyFiles: boolean): Buffer | undefined {
    const abs = this.parentOf(rel, false, "reads");
    if (abs === undefined) return undefined;
    const before = lstatOrUndefined(abs);
    if (!before) return undefined;
    const kind = kindOf(before);
    if (kind !== "file") {
      if (onlyFiles) return undefined;
      throw this.refuse(rel, kind, "reads");
    }
    if (before.size > maxBytes) throw new CliError(`refusing ${this.show(rel)}: ${before.size} bytes, over the limit of ${maxBytes}`);
    let fd: number;
    try {
      fd = openSync(abs, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return undefined;
      if (errnoOf(error) === "ELOOP") throw this.refuse(rel, "link", "reads");
      throw this.failure(rel, "read", error);
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile() || stats.ino !== before.ino || stats.dev !== before.dev) throw new CliError(`refusing ${this.show(rel)}: it was replaced while being read`);
      const chunks: Buffer[] = [];
      let total = 0;
      // The first read asks for the whole file and one byte more (to see its end); later reads, for a
      // file that grew meanwhile, take 64 KiB at a time. A fixed 1 MiB a read made garbage of most reads.
      let want = stats.size + 1;
      for (;;) {
        const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(want, maxBytes + 1 - total)));
        want = 64 * 1024;
        const count = readSync(fd, chunk, 0, chunk.length, null);
        if (count === 0) break;
        total += count;
        if (total > maxBytes) throw new CliError(`refusing ${this.show(rel)}: over the limit of ${maxBytes} bytes`);
        chunks.push(chunk.subarray(0, count));
      }
      // Most files are read whole by the first read: returned as read, not copied.
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    } catch (error) {
      throw this.failure(rel, "read", error);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes `rel` atomically (a temporary file beside it, renamed over it), making missing
   * folders on the way. What is there already must be a regular file: a link, a folder or a
   * special file is refused. An existing file keeps its permission bits unless `mode` is given
   * (a private key's 0600 is then enforced); a new one gets `mode` (default 0666 less the umask).
   */
  writeFile(rel: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
    const mode = options.mode ?? 0o666;
    const abs = this.parentOf(rel, true, "writes")!;
    const existing = lstatOrUndefined(abs);
    if (existing && kindOf(existing) !== "file") throw this.refuse(rel, kindOf(existing), "writes");
    const temp = temporaryBeside(abs);
    try {
      writeNewFile(temp, data, existing || options.mode !== undefined ? 0o600 : mode);
      if (options.mode !== undefined) chmodSync(temp, options.mode);
      else if (existing) chmodSync(temp, existing.mode & 0o7777);
      renameSync(temp, abs);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // the temporary file was never made, or is gone already
      }
      throw this.failure(rel, "write", error);
    }
  }

  /**
   * Creates the file `rel` with `data`, whole or not at all, and never over anything: a
   * temporary file beside it is written, then linked to its name, which fails when the name
   * exists (whatever it is, a link or a folder included). Missing folders on the way are made.
   * Returns false, writing nothing, when `rel` exists.
   */
  createFile(rel: string, data: string | Uint8Array): boolean {
    const abs = this.parentOf(rel, true, "writes")!;
    if (lstatOrUndefined(abs)) return false;
    const temp = temporaryBeside(abs);
    try {
      writeNewFile(temp, data, 0o666);
      linkSync(temp, abs);
      return true;
    } catch (error) {
      if (errnoOf(error) === "EEXIST") return false;
      throw this.failure(rel, "create", error);
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // the temporary file was never made
      }
    }
  }

  /** Appends `text` to the regular file `rel` (made when missing), never through a link. */
  appendFile(rel: string, text: string): void {
    const abs = this.parentOf(rel, true, "writes")!;
    const existing = lstatOrUndefined(abs);
    if (existing && kindOf(existing) !== "file") throw this.refuse(rel, kindOf(existing), "writes");
    let fd: number;
    try {
      fd = openSync(abs, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o666);
    } catch (error) {
      if (errnoOf(error) === "ELOOP") throw this.refuse(rel, "link", "writes");
      throw this.failure(rel, "append to", error);
    }
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw this.refuse(rel, kindOf(stats), "writes");
      writeAll(fd, text);
    } catch (error) {
      throw this.failure(rel, "append to", error);
    } finally {
      closeSync(fd);
    }
  }

  /** Removes the regular file `rel` when it exists; a link, folder or special file there is refused, not removed. */
  removeFile(rel: string): void {
    const abs = this.parentOf(rel, false, "removes");
    if (abs === undefined) return;
    const existing = lstatOrUndefined(abs);
    if (!existing) return;
    if (kindOf(existing) !== "file") throw this.refuse(rel, kindOf(existing), "removes");
    try {
      unlinkSync(abs);
    } catch (error) {
      if (errnoOf(error) !== "ENOENT") throw this.failure(rel, "remove", error);
    }
  }

  /** Removes the folder `rel` when it exists and is empty; anything else there is left as it is. */
  removeEmptyFolder(rel: string): void {
    const abs = this.parentOf(rel, false, "removes");
    if (abs === undefined) return;
    const existing = lstatOrUndefined(abs);
    if (!existing || kindOf(existing) !== "folder") return;
    try {
      rmdirSync(abs);
    } catch {
      // not empty, or not ours to remove: left as it is
    }
  }

  /** Every entry below the folder, sorted by path; links are listed, never entered. Iterative, so depth is unbounded. */
  walk(): TreeEntry[] {
    return walkTree(this.real);
  }
}

/** True when `inner` is `outer` or lies below it (both absolute, resolved). */
export function isInside(outer: string, inner: string): boolean {
  // The common case without computing a relative path (a cost per file read): `inner` below `outer` by name.
  if (outer !== "" && inner.startsWith(outer) && (inner.length === outer.length || inner[outer.length] === sep) && !outer.endsWith(sep) && resolve(inner) === inner) return true;
  const rel = relative(outer, inner);
  return rel === "" || (rel.split(sep)[0] !== ".." && !rel.startsWith(sep) && resolve(outer, rel) === inner);
}

/** Every entry below `root` (absolute), sorted by path; links are listed with their target, never entered. */
export function walkTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const pending: string[] = [""];
  while (pending.length > 0) {
    const prefix = pending.pop()!;
    const abs = prefix === "" ? root : join(root, ...prefix.split("/"));
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (error) {
      throw new CliError(`cannot read the folder ${prefix === "" ? root : prefix} (${errnoOf(error) ?? "unknown error"})`);
    }
    for (const name of names) {
      const path = prefix === "" ? name : `${prefix}/${name}`;
      const stats = lstatSync(join(abs, name));
      const kind = kindOf(stats);
      const entry: TreeEntry = { path, kind, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
      if (kind === "link") entry.target = readlinkSync(join(abs, name));
      out.push(entry);
      if (kind === "folder") pending.push(path);
    }
  }
  return out.sort((a, b) => compareStrings(a.path, b.path));
}

/**
 * Opens the folder `path` names for spec-kit's writes. The folder itself must not be a link
 * (a link would make spec-kit write wherever it points) and must be a folder; its ancestors may
 * be links (the user chose where it lies). Undefined when it does not exist and `create` is
 * false; with `create`, it and its missing ancestors are made.
 */
export function openFolder(path: string, options: { label: string; create?: boolean; what?: string }): ContainedFolder | undefined {
  const abs = resolve(path);
  const what = options.what ?? "folder";
  let stats = lstatOrUndefined(abs);
  if (!stats) {
    if (!options.create) return undefined;
    try {
      mkdirSync(abs, { recursive: true });
    } catch (error) {
      throw new CliError(`cannot create ${options.label} (${errnoOf(error) ?? "unknown error"})`);
    }
    stats = lstatSync(abs);
  }
  const kind = kindOf(stats);
  if (kind === "link") {
    let target = "";
    try {
      target = ` (to ${readlinkSync(abs)})`;
    } catch {
      target = "";
    }
    throw new CliError(`${options.label} is a symbolic link${target}; spec-kit writes only into a real ${what}: give the real folder or remove the link`);
  }
  if (kind !== "folder") throw new CliError(`${options.label} is ${describeKind(kind)}, not a ${what}`);
  return new ContainedFolder(abs, realPath(abs), options.label);
}

/**
 * Removes a folder spec-kit made itself (a staging folder, the old output moved aside) with
 * everything in it. Links inside are removed, never followed; a read-only folder inside is made
 * writable first when this user may (it was the user's output folder, now spec-kit's backup).
 * Iterative, so depth is unbounded. Throws the first error it cannot get past.
 */
export function removeOwnTree(abs: string): void {
  const top = lstatOrUndefined(abs);
  if (!top) return;
  if (kindOf(top) !== "folder") {
    unlinkSync(abs);
    return;
  }
  const stack: { path: string; listed: boolean }[] = [{ path: abs, listed: false }];
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.listed) {
      stack.pop();
      rmdirSync(frame.path);
      continue;
    }
    frame.listed = true;
    const stats = lstatSync(frame.path);
    if ((stats.mode & 0o700) !== 0o700) {
      try {
        chmodSync(frame.path, (stats.mode & 0o7777) | 0o700);
      } catch {
        // not ours to change: the removal below names the problem
      }
    }
    for (const name of readdirSync(frame.path)) {
      const child = join(frame.path, name);
      if (kindOf(lstatSync(child)) === "folder") stack.push({ path: child, listed: false });
      else unlinkSync(child);
    }
  }
}
