import { describe, expect, it } from "vitest";
import { documentContracts } from "../../compiler/contracts/document-contracts.js";
import { DEFAULT_LIMITS } from "../../compiler/load/source-document.js";
import { loadDocument } from "../../compiler/validate/validate-bundle.js";

function phase(yaml: string) {
  const { loaded } = loadDocument<unknown>("phase", "phases/P1.yaml", { ok: true, bytes: new TextEncoder().encode(yaml) }, DEFAULT_LIMITS);
  return documentContracts(loaded!);
}

describe("documentContracts of data models", () => {
  it("makes every key, __proto__ and inherited names included, an own required string field, once, in order", () => {
    const [model] = phase("data_models:\n  - name: M\n    keys: [constructor, __proto__, toString, constructor, 7]\n").definitions;
    const properties = model!.schema!.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(["constructor", "__proto__", "toString"]);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(properties, "__proto__")).toEqual({ value: { type: "string" }, enumerable: true, writable: true, configurable: true });
    expect(model!.schema!.required).toEqual(["constructor", "__proto__", "toString"]);
    expect(model!.model!.keys).toEqual(["constructor", "__proto__", "toString", "constructor"]);
    expect(model!.fieldSite("toString").path).toEqual(["data_models", 0, "keys", 2]);
    expect(model!.fieldSite("constructor").path).toEqual(["data_models", 0, "keys", 0]);
    expect(model!.fieldSite("absent").path).toEqual(["data_models", 0, "keys"]);
  });

  it("keeps __proto__ an own field of a fields: list", () => {
    const [model] = phase("data_models:\n  - name: M\n    fields:\n      - { name: __proto__, type: string }\n      - { name: hasOwnProperty, type: integer }\n").definitions;
    const properties = model!.schema!.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(["__proto__", "hasOwnProperty"]);
    expect(Object.getOwnPropertyDescriptor(properties, "__proto__")?.value).toEqual({ type: "string" });
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });
});
