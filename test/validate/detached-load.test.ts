// A document loaded on another thread must be the one loaded in process: the same value
// (`__proto__` still an own key), text, schema issues and positions, after a structured clone.
import { describe, expect, it } from "vitest";
import { attachLoad, detachLoad, type DocumentRequest } from "../../compiler/validate/detached-load.js";
import { loadDocument } from "../../compiler/validate/validate-bundle.js";
import { DEFAULT_LIMITS, type ReadResult } from "../../compiler/load/source-document.js";

const encoder = new TextEncoder();

function read(text: string | Uint8Array): ReadResult {
  return { ok: true, bytes: typeof text === "string" ? encoder.encode(text) : text };
}

const CASES: [string, DocumentRequest, ReadResult][] = [
  ["YAML with a schema issue", { file: "phases/P1.yaml", kind: "phase" }, read("phase_meta:\n  phase_id: P1\n  priority: urgent\n")],
  ["JSON with __proto__ and a BOM", { file: "phases/P2.json", kind: "phase" }, read('\uFEFF{"phase_meta": {"__proto__": {"x": 1}, "phase_id": "P2"}}')],
  ["a parse error", { file: "phases/P3.json", kind: "phase" }, read('{"a": 1,,}')],
  ["invalid UTF-8", { file: "phases/P4.yaml", kind: "phase" }, read(new Uint8Array([0x61, 0x3a, 0x20, 0xff]))],
  ["a read failure", { file: "phases/P5.yaml", kind: "phase" }, { ok: false, reason: "not-found", message: "phases/P5.yaml does not exist" }],
];

describe("detached loads", () => {
  for (const [name, request, result] of CASES) {
    it(`equal in-process loads: ${name}`, () => {
      const direct = loadDocument<unknown>(request.kind, request.file, result, DEFAULT_LIMITS);
      const crossed = attachLoad<unknown>(request, structuredClone(detachLoad(request, result, DEFAULT_LIMITS)), DEFAULT_LIMITS);
      expect(crossed.finding).toEqual(direct.finding);
      expect(Boolean(crossed.loaded)).toBe(Boolean(direct.loaded));
      if (!direct.loaded || !crossed.loaded) return;
      expect(crossed.loaded.data).toEqual(direct.loaded.data);
      expect(Object.keys(crossed.loaded.data as object)).toEqual(Object.keys(direct.loaded.data as object));
      expect(crossed.loaded.document.text).toBe(direct.loaded.document.text);
      expect(crossed.loaded.schemaIssues).toEqual(direct.loaded.schemaIssues);
      expect(crossed.loaded.valid).toBe(direct.loaded.valid);
      expect(crossed.loaded.document.locate(["phase_meta", "phase_id"])).toEqual(direct.loaded.document.locate(["phase_meta", "phase_id"]));
    });
  }

  it("keeps __proto__ an own data key through the clone", () => {
    const request: DocumentRequest = { file: "phases/P2.json", kind: "phase" };
    const crossed = attachLoad<Record<string, Record<string, unknown>>>(request, structuredClone(detachLoad(request, CASES[1]![2], DEFAULT_LIMITS)), DEFAULT_LIMITS);
    const meta = crossed.loaded!.data["phase_meta"]!;
    expect(Object.getOwnPropertyDescriptor(meta, "__proto__")?.value).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
  });
});
