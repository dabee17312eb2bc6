import { instance } from "@viz-js/viz";
import type { GraphLayout } from "./graph-format.js";

/**
 * Graphviz compiled to WebAssembly (`@viz-js/viz`, pinned): its `dot` engine lays a DOT text
 * out as SVG, in process, with no network and no installed Graphviz. Its text widths come
 * from Graphviz's own font metrics, not the machine's fonts, so one build gives the same
 * bytes everywhere. A layout Graphviz refuses is a bug of ours (we wrote the DOT): it throws.
 */
export async function loadGraphviz(): Promise<GraphLayout> {
  const viz = await instance();
  return (dot) => {
    const result = viz.render(dot, { format: "svg", engine: "dot" });
    if (result.status !== "success") {
      throw new Error(`Graphviz could not lay the graph out: ${result.errors.map((error) => error.message).join("; ")}`);
    }
    return result.output;
  };
}
