import type { SourceRange } from "../diagnostics.js";

/** The decoded text, or the range of the first byte that is not valid UTF-8. */
export type DecodeResult = { ok: true; text: string } | { ok: false; range: SourceRange };

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 strictly, dropping a leading byte order mark. Invalid input is refused with
 * the position of its first bad byte (line by `\n`, column in UTF-16 code units).
 */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    return { ok: false, range: byteRange(bytes, bad) };
  }
}

/** Offset of the first byte that starts or continues an invalid UTF-8 sequence. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < low || c > high : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}

function byteRange(bytes: Uint8Array, offset: number): SourceRange {
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // The prefix is valid UTF-8; a leading BOM is dropped by the decoder, as in the text.
  const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column, endLine: line, endColumn: column + 1 };
}
