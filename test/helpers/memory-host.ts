import { compareStrings } from "../../compiler/diagnostics.js";
import type { BundleHost } from "../../compiler/load/source-document.js";

/** An in-memory bundle: file path (relative, `/`) to text or bytes. */
export type MemoryFiles = Readonly<Record<string, string | Uint8Array>>;

/** A host over in-memory files, with the same size refusal as the disk host. */
export function memoryHost(files: MemoryFiles): BundleHost {
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
