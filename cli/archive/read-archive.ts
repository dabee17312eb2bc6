import { gunzipSync } from "node:zlib";
import { extract, type Header } from "tar-stream";
import { bundlePathProblem } from "./bundle-path.js";

import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "./archive-limits.js";

export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from "./archive-limits.js";

/** One regular file of an archive, by its normalised relative path. */
export interface ArchiveFile {
  path: string;
  bytes: Uint8Array;
}

/** Why an archive was refused; `entry` names the offending member when there is one. */
export interface ArchiveProblem {
  message: string;
  entry?: string;
  /** Set when a limit was exceeded (size, file count, unpacked size), as opposed to a malformed or unsafe archive. */
  limit?: true;
}

export type ArchiveResult = { ok: true; files: ArchiveFile[] } | { ok: false; problem: ArchiveProblem };

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads a tar archive, gzip-compressed or plain, from memory, as untrusted input: only regular
 * files and folders are accepted (links, devices and FIFOs are refused by name), every member
 * path must be a safe relative path (one leading `/` or `./` is dropped, as OPA bundles write
 * `/policy.wasm`), no path may appear twice, and the limits are enforced while reading, so a
 * decompression bomb or an oversized member is refused without being held in memory. Files are
 * returned sorted by path. Never throws for bad input.
 */
export async function readArchive(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<ArchiveResult> {
  const unpacked = gunzipIfNeeded(bytes, limits.maxUnpackedBytes);
  if ("problem" in unpacked) return { ok: false, problem: unpacked.problem };
  if (unpacked.tar.length === 0) return { ok: false, problem: { message: "the archive is empty" } };

  const files = new Map<string, Uint8Array>();
  const folders = new Set<string>();
  const reader = extract();
  const refuse = (problem: ArchiveProblem): ArchiveResult => {
    reader.destroy();
    return { ok: false, problem };
  };
  try {
    reader.end(Buffer.from(unpacked.tar.buffer, unpacked.tar.byteOffset, unpacked.tar.byteLength));
    for await (const entry of reader) {
      const header = entry.header;
      const named = memberPath(header);
      if ("problem" in named) return refuse(named.problem);
      const path = named.path;
      if (header.type === "directory") {
        entry.resume();
        if (path !== "") folders.add(path);
        continue;
      }
      if (header.type !== "file" && header.type !== "contiguous-file") {
        return refuse({ message: `the archive holds a ${describeType(header)}, which is not allowed (only regular files and folders)`, entry: header.name });
      }
      if (path === "") return refuse({ message: "a file member has an empty name", entry: header.name });
      if (files.has(path) || folders.has(path)) return refuse({ message: `"${path}" appears more than once in the archive`, entry: header.name });
      if (files.size >= limits.maxFiles) return refuse({ message: `the archive holds more than ${limits.maxFiles} files`, limit: true });
      if ((header.size ?? 0) > limits.maxFileBytes) {
        return refuse({ message: `"${path}" is ${header.size} bytes, over the limit of ${limits.maxFileBytes}`, entry: header.name, limit: true });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const data of entry) {
        const chunk = data as Buffer;
        size += chunk.length;
        if (size > limits.maxFileBytes) return refuse({ message: `"${path}" is over the limit of ${limits.maxFileBytes} bytes`, entry: header.name, limit: true });
        chunks.push(chunk);
      }
      files.set(path, new Uint8Array(Buffer.concat(chunks)));
    }
  } catch (error) {
    return refuse({ message: `the archive is not a readable tar file (${error instanceof Error ? error.message : String(error)})` });
  }
  for (const path of files.keys()) {
    for (let at = path.indexOf("/"); at !== -1; at = path.indexOf("/", at + 1)) {
      if (files.has(path.slice(0, at))) return { ok: false, problem: { message: `"${path.slice(0, at)}" is both a file and a folder`, entry: path } };
    }
  }
  const sorted = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { ok: true, files: sorted.map((path) => ({ path, bytes: files.get(path)! })) };
}

function gunzipIfNeeded(bytes: Uint8Array, maxBytes: number): { tar: Uint8Array } | { problem: ArchiveProblem } {
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  if (!gzipped) {
    if (bytes.length > maxBytes) return { problem: { message: `the archive is ${bytes.length} bytes, over the limit of ${maxBytes}`, limit: true } };
    return { tar: bytes };
  }
  try {
    return { tar: gunzipSync(bytes, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      return { problem: { message: `the archive unpacks to more than ${maxBytes} bytes`, limit: true } };
    }
    return { problem: { message: `the archive is not valid gzip (${error instanceof Error ? error.message : String(error)})` } };
  }
}

function memberPath(header: Header): { path: string } | { problem: ArchiveProblem } {
  let name = header.name;
  if (name.startsWith("./")) name = name.slice(2);
  else if (name.startsWith("/") && !name.startsWith("//")) name = name.slice(1);
  if (header.type === "directory" && name.endsWith("/")) name = name.slice(0, -1);
  if (name === "" || name === ".") return { path: "" };
  const problem = bundlePathProblem(name);
  return problem === undefined ? { path: name } : { problem: { message: `member "${header.name}" ${problem}`, entry: header.name } };
}

function describeType(header: Header): string {
  switch (header.type) {
    case "symlink":
      return `symbolic link ("${header.name}" -> "${header.linkname ?? ""}")`;
    case "link":
      return `hard link ("${header.name}" -> "${header.linkname ?? ""}")`;
    default:
      return header.type ? `${header.type} ("${header.name}")` : `member of unknown type ("${header.name}")`;
  }
}
