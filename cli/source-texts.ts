import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import type { FormatterInput } from "./formatters/index.js";

/** Largest file read back for a code frame. */
const MAX_FRAME_SOURCE_BYTES = 5 * 1024 * 1024;

function readText(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_FRAME_SOURCE_BYTES) return undefined;
    const bytes = Buffer.alloc(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const n = readSync(fd, bytes, offset, bytes.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    const text = new TextDecoder("utf-8").decode(bytes.subarray(0, offset)).replace(/^\uFEFF/, "");
    // A binary file (a policy module a finding falls back to) has no lines to frame.
    return text.includes("\u0000") ? undefined : text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The source text of every file a diagnostic names: the parsed documents' texts, plus the
 * files that did not parse (read back from `baseDir`), so that parse errors get a code frame
 * too. A file that cannot be read, or is binary, is left out and is printed without a frame.
 */
export function sourceTexts(input: FormatterInput, baseDir: string): Map<string, { text: string }> {
  const texts = new Map<string, { text: string }>();
  for (const d of input.diagnostics) {
    if (texts.has(d.file)) continue;
    const parsed = input.documents.get(d.file);
    const text = parsed ? parsed.text : readText(resolve(baseDir, d.file));
    if (text !== undefined) texts.set(d.file, { text });
  }
  return texts;
}
