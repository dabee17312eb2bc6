import { asRecord, own, stringItems } from "./guards.js";

/** One layer of the manifest, as the checks see it. */
export interface LayerInfo {
  id: string;
  gated: boolean;
  /** Index in the manifest's `layers`, for pointing at it. */
  index: number;
  /** Its module prefixes, without trailing slashes, with their index in `modules`. */
  prefixes: readonly { value: string; index: number }[];
  /** The module specifiers its files may not import (`forbid`), with their index. */
  forbid: readonly { value: string; index: number }[];
  /** How deep below a module prefix its isolated parts lie (`isolate`: true is 1); absent when it is not isolated. */
  isolate?: number;
}

/**
 * The manifest's layer table: which layer a module path belongs to (longest prefix wins),
 * which layers are gated, which cross-layer flows `allow` permits.
 */
export interface LayerMap {
  /** False when the manifest has no `layers` section: layer rules then do nothing. */
  readonly declared: boolean;
  /** Layers in manifest order; a repeated id keeps its first entry. */
  readonly layers: readonly LayerInfo[];
  layer(id: string): LayerInfo | undefined;
  /** The id of the layer whose prefix is the longest path prefix of `module`, if any. */
  layerOf(module: string): string | undefined;
  /** Like `layerOf`, with the matching prefix's place in the manifest: `layers[layerIndex].modules[moduleIndex]`. */
  resolve(module: string): { id: string; layerIndex: number; moduleIndex: number } | undefined;
  /** Whether `allow` lists the flow `from -> to`; a flow within one layer is always allowed. */
  allows(from: string, to: string): boolean;
  /**
   * The isolated part of its layer a path lies in, when that layer sets `isolate`: the module
   * prefix followed by the first `isolate` segments below it (the path itself when it is
   * shallower). Undefined when the path maps to no layer or to one that is not isolated.
   */
  partOf(module: string): string | undefined;
}

/** Drops trailing slashes so `src/runtime/` and `src/runtime` are one module. */
export function normalizeModulePath(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}

function isPathPrefix(prefix: string, path: string): boolean {
  return prefix !== "" && (path === prefix || (path.startsWith(prefix) && path[prefix.length] === "/"));
}

/**
 * Reads the manifest's `layers` and `allow` sections. Malformed entries are skipped (the
 * manifest schema reports them); on equally long prefixes the layer declared first wins.
 */
export function createLayerMap(manifest: unknown): LayerMap {
  const rawLayers = own(manifest, "layers");
  const declared = Array.isArray(rawLayers);
  const layers: LayerInfo[] = [];
  const byId = new Map<string, LayerInfo>();
  if (Array.isArray(rawLayers)) {
    rawLayers.forEach((raw, index) => {
      const id = own(raw, "id");
      if (typeof id !== "string" || byId.has(id)) return;
      const prefixes = stringItems(own(raw, "modules"))
        .map((item) => ({ value: normalizeModulePath(item.value), index: item.index }))
        .filter((item) => item.value !== "");
      const forbid = stringItems(own(raw, "forbid")).filter((item) => item.value !== "");
      const info: LayerInfo = { id, gated: own(raw, "gated") === true, index, prefixes, forbid };
      const isolate = own(raw, "isolate");
      if (isolate === true) info.isolate = 1;
      else if (typeof isolate === "number" && Number.isInteger(isolate) && isolate >= 1) info.isolate = isolate;
      layers.push(info);
      byId.set(id, info);
    });
  }
  const allowed = new Set<string>();
  const rawAllow = own(manifest, "allow");
  if (Array.isArray(rawAllow)) {
    for (const flow of rawAllow) {
      const from = own(flow, "from");
      const to = own(flow, "to");
      if (asRecord(flow) && typeof from === "string" && typeof to === "string") allowed.add(JSON.stringify([from, to]));
    }
  }
  // Bundles name the same modules in phase after phase: each is resolved once per layer map.
  const resolved = new Map<string, Readonly<{ id: string; layerIndex: number; moduleIndex: number }> | undefined>();
  const resolve = (module: string): { id: string; layerIndex: number; moduleIndex: number } | undefined => {
    if (resolved.has(module)) return resolved.get(module);
    const match = resolveUncached(module);
    resolved.set(module, match && Object.freeze(match));
    return match;
  };
  const resolveUncached = (module: string): { id: string; layerIndex: number; moduleIndex: number } | undefined => {
    const path = normalizeModulePath(module);
    let best: { id: string; layerIndex: number; moduleIndex: number; length: number } | undefined;
    for (const layer of layers) {
      for (const prefix of layer.prefixes) {
        if (isPathPrefix(prefix.value, path) && (!best || prefix.value.length > best.length)) {
          best = { id: layer.id, layerIndex: layer.index, moduleIndex: prefix.index, length: prefix.value.length };
        }
      }
    }
    return best && { id: best.id, layerIndex: best.layerIndex, moduleIndex: best.moduleIndex };
  };
  return {
    declared,
    layers,
    layer: (id) => byId.get(id),
    layerOf: (module) => resolve(module)?.id,
    resolve,
    allows: (from, to) => from === to || allowed.has(JSON.stringify([from, to])),
    partOf(module) {
      const match = resolve(module);
      const layer = match && byId.get(match.id);
      if (!match || layer?.isolate === undefined) return undefined;
      const prefix = layer.prefixes.find((item) => item.index === match.moduleIndex)!.value;
      const path = normalizeModulePath(module);
      if (path === prefix) return path;
      const below = path.slice(prefix.length + 1).split("/");
      return [prefix, ...below.slice(0, layer.isolate)].join("/");
    },
  };
}
