import { compareStrings } from "../compiler/diagnostics.js";
import type { BundleHost } from "../compiler/load/source-document.js";

/**
 * A host over in-memory files (path relative to the bundle root, `/` separators, to text or to
 * bytes). Bytes are handed to the loader as they are, so an uploaded file that is not valid
 * UTF-8 gets the loader's diagnostic rather than being repaired on the way in.
 */
export function createMemoryHost(files: Readonly<Record<string, string | Uint8Array>>): BundleHost {
  const encoder = new TextEncoder();
  return {
    listFiles: () => Object.keys(files).sort(compareStrings),
    readFile(path, maxBytes) {
      if (!Object.prototype.hasOwnProperty.call(files, path)) return { ok: false, reason: "not-found", message: `${path} does not exist` };
      const content = files[path]!;
      const bytes = typeof content === "string" ? encoder.encode(content) : content;
      if (bytes.length > maxBytes) {
        return { ok: false, reason: "too-large", message: `${path} is ${bytes.length} bytes, over the limit of ${maxBytes} bytes` };
      }
      return { ok: true, bytes };
    },
  };
}
