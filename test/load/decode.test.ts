import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, firstInvalidByte } from "../../compiler/load/decode.js";
import { parseDocument } from "../../compiler/load/parse-document.js";
import { DEFAULT_LIMITS } from "../../compiler/load/source-document.js";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? [...new TextEncoder().encode(part)] : part)));

describe("decodeUtf8", () => {
  it("drops a leading BOM and keeps CRLF", () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], "a: 1\r\n"))).toEqual({ ok: true, text: "a: 1\r\n" });
  });

  it.each([
    ["a lone continuation byte", bytes("ab", [0x80]), 1, 3],
    ["an overlong encoding of '/'", bytes("x\n  ", [0xc0, 0xaf]), 2, 3],
    ["an overlong three-byte form", bytes([0xe0, 0x80, 0xaf]), 1, 1],
    ["an encoded surrogate", bytes("é", [0xed, 0xa0, 0x80]), 1, 2],
    ["a code point above U+10FFFF", bytes("🚀", [0xf4, 0x90, 0x80, 0x80]), 1, 3],
    ["a sequence cut off by the end of file", bytes("a\nb\n", [0xe2, 0x82]), 3, 1],
    ["a bad byte after a BOM", bytes([0xef, 0xbb, 0xbf], "k", [0xff]), 1, 2],
  ])("points at %s", (_name, input, line, column) => {
    expect(decodeUtf8(input)).toEqual({ ok: false, range: { line, column, endLine: line, endColumn: column + 1 } });
  });

  it("finds a bad byte exactly when TextDecoder refuses the input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(input);
        } catch {
          valid = false;
        }
        expect(firstInvalidByte(input) === input.length).toBe(valid);
        if (!valid) {
          // Everything before the reported byte decodes.
          expect(() => new TextDecoder("utf-8", { fatal: true }).decode(input.subarray(0, firstInvalidByte(input)))).not.toThrow();
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe("parseDocument on arbitrary bytes", () => {
  it("returns a document or a positioned finding, never throws", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom("f.json", "f.yaml"), (input, file) => {
        const result = parseDocument(file, input, { ...DEFAULT_LIMITS, maxAliases: 2 });
        if (result.ok) expect(result.document.locate(["x", 0])).toHaveProperty("line");
        else expect(result.finding.range?.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 3000 },
    );
  });
});
