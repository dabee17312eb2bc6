/** Parses UTF-8 JSON bytes (a leading BOM allowed); undefined when they are not that. */
export function parseJsonBytes(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "")) as unknown };
  } catch {
    return undefined;
  }
}
