import { compareStrings } from "../../compiler/diagnostics.js";
import type { BundleHost } from "../../compiler/load/source-document.js";

/**
 * A bundle host whose files are those on disk, except where an editor holds an unsaved
 * buffer: the buffer's text wins, and a buffer for a file not yet on disk is listed too.
 */
export function overlayHost(disk: BundleHost, buffers: ReadonlyMap<string, string>): BundleHost {
  const encoder = new TextEncoder();
  return {
    listFiles() {
      const files = new Set(disk.listFiles());
      for (const file of buffers.keys()) files.add(file);
      return [...files].sort(compareStrings);
    },
    readFile(path, maxBytes) {
      const text = buffers.get(path);
      if (text === undefined) return disk.readFile(path, maxBytes);
      const bytes = encoder.encode(text);
      if (bytes.length > maxBytes) return { ok: false, reason: "too-large", message: `${path} is ${bytes.length} bytes, over the limit of ${maxBytes} bytes` };
      return { ok: true, bytes };
    },
  };
}
