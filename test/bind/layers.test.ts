import { describe, expect, it } from "vitest";
import { createLayerMap, normalizeModulePath } from "../../compiler/layers.js";

describe("createLayerMap", () => {
  const map = createLayerMap({
    layers: [
      { id: "runtime-kernel", modules: ["src/runtime", "src/security/"], gated: true },
      { id: "runtime-events", modules: ["src/runtime/events"] },
      { id: "also-runtime", modules: ["src/runtime"] },
    ],
    allow: [{ from: "runtime-events", to: "runtime-kernel" }],
  });

  it("maps a module to the layer of its longest path prefix", () => {
    expect(map.layerOf("src/runtime")).toBe("runtime-kernel");
    expect(map.layerOf("src/runtime/events/ledger")).toBe("runtime-events");
    expect(map.layerOf("src/runtime/eventsource")).toBe("runtime-kernel");
    expect(map.layerOf("src/security/")).toBe("runtime-kernel");
    expect(map.layerOf("src/runtimes")).toBeUndefined();
    expect(map.layerOf("")).toBeUndefined();
  });

  it("lets the first declared layer win a tie and says where its prefix is", () => {
    expect(map.resolve("src/runtime/x")).toEqual({ id: "runtime-kernel", layerIndex: 0, moduleIndex: 0 });
    expect(map.resolve("src/security")).toEqual({ id: "runtime-kernel", layerIndex: 0, moduleIndex: 1 });
  });

  it("allows listed flows and flows within one layer only", () => {
    expect(map.allows("runtime-events", "runtime-kernel")).toBe(true);
    expect(map.allows("runtime-kernel", "runtime-events")).toBe(false);
    expect(map.allows("also-runtime", "also-runtime")).toBe(true);
    expect(map.layer("runtime-kernel")?.gated).toBe(true);
    expect(map.layer("runtime-events")?.gated).toBe(false);
  });

  it("is undeclared without a layers section, and skips malformed entries", () => {
    expect(createLayerMap({ specKit: 1 }).declared).toBe(false);
    const odd = createLayerMap({ layers: [null, { id: 3 }, { id: "ok", modules: "src" }, { id: "ok", modules: ["x"] }], allow: "all" });
    expect(odd.declared).toBe(true);
    expect(odd.layers.map((layer) => layer.id)).toEqual(["ok"]);
    expect(odd.layerOf("src")).toBeUndefined();
    expect(createLayerMap(undefined).layerOf("src")).toBeUndefined();
  });

  it("normalizes trailing slashes", () => {
    expect(normalizeModulePath("src/a//")).toBe("src/a");
    expect(normalizeModulePath("/")).toBe("");
  });
});
