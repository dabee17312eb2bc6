import { bundlePathProblem } from "../archive/bundle-path.js";
import { readArchive } from "../archive/read-archive.js";
import type { BundleFile } from "./compile-bundle.js";

/** Bounds on one submitted bundle, whatever its form. */
export interface UploadLimits {
  /** Files in the bundle. */
  maxFiles: number;
  /** Bytes of one file. */
  maxFileBytes: number;
  /** Bytes of all files together (for an archive: after decompression). */
  maxUnpackedBytes: number;
}

/** A submitted bundle read into files, or why it was refused: 400 malformed or unsafe, 413 over a limit. */
export type UploadResult = { ok: true; files: BundleFile[] } | { ok: false; status: 400 | 413; message: string };

const encoder = new TextEncoder();

/**
 * The files of a JSON submission (`{"files": {"<path>": "<text>"}}`, its shape already
 * validated): every name must be a safe relative path (`bundlePathProblem`), and the count and
 * sizes stay within `limits`. Files are returned sorted by path.
 */
export function filesFromJson(files: Readonly<Record<string, unknown>>, limits: UploadLimits): UploadResult {
  const names = Object.keys(files);
  if (names.length > limits.maxFiles) return { ok: false, status: 413, message: `the bundle holds ${names.length} files, over the limit of ${limits.maxFiles}` };
  const out: BundleFile[] = [];
  let total = 0;
  for (const name of names) {
    const problem = bundlePathProblem(name);
    if (problem !== undefined) return { ok: false, status: 400, message: `file name ${JSON.stringify(name)} ${problem}` };
    const text = files[name];
    if (typeof text !== "string") return { ok: false, status: 400, message: `file ${JSON.stringify(name)}: its content must be a string` };
    const bytes = encoder.encode(text);
    if (bytes.length > limits.maxFileBytes) return { ok: false, status: 413, message: `file ${JSON.stringify(name)} is ${bytes.length} bytes, over the limit of ${limits.maxFileBytes}` };
    total += bytes.length;
    if (total > limits.maxUnpackedBytes) return { ok: false, status: 413, message: `the bundle's files are over the limit of ${limits.maxUnpackedBytes} bytes together` };
    out.push({ path: name, bytes });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: true, files: out };
}

/**
 * The files of an archive submission (tar, or tar.gz): read by `readArchive`, which refuses
 * links, devices, unsafe or duplicate names and decompression bombs. A limit exceeded is 413,
 * anything else refused is 400.
 */
export async function filesFromArchive(bytes: Uint8Array, limits: UploadLimits): Promise<UploadResult> {
  const read = await readArchive(bytes, limits);
  if (read.ok) return { ok: true, files: read.files };
  return { ok: false, status: read.problem.limit ? 413 : 400, message: read.problem.message };
}
