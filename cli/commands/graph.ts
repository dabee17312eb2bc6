import { GRAPH_LEVELS, selectGraphView, type GraphLevel } from "../../compiler/bind/graph-view.js";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-code.js";
import { isDrawable, tooLargeToDraw } from "../graph-formats/layout-work.js";
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES, type GraphFormatName, type GraphLayout } from "../graph-formats/index.js";
import { loadGraphviz } from "../graph-formats/layout.js";
import { check } from "../public-api.js";
import { printReport } from "../report.js";
import { writeFileAtomic } from "../write-file-atomic.js";
import { bundleBasePath, resolveBundleDir } from "./check.js";
import { withExamples } from "./examples.js";
import { BUNDLE_POSITIONAL, defineCommand } from "./command.js";

/** Prints the bundle's errors on stderr, so that stdout carries the graph alone. */
function reportErrors(result: ReturnType<typeof check>, dir: string, io: CliIo): void {
  printReport(result, { format: "stylish", quiet: true }, bundleBasePath(dir), { ...io, stdout: io.stderr });
}

/** A layout for the formats that do not draw: they never call it. */
const noLayout: GraphLayout = () => {
  throw new Error("a text format asked for a layout");
};

/** `--depth` as a count of hops, or undefined when not given. */
function depthOf(value: unknown, focus: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new CliError("--depth needs one whole number of hops, 0 or more", { usageHint: true });
  }
  if (focus === undefined) throw new CliError("--depth counts hops from --focus; give --focus ID as well", { usageHint: true });
  return value;
}

const LEVEL_HELP =
  "phases = the phases and their dependencies, each with the layers it writes and reads; " +
  "layers = also the modules they write and read, inside their layers; full = every node and edge. " +
  "Default: phases for html and svg, full for json, dot and mermaid";

/**
 * `spec-kit graph [bundle] --format json|dot|mermaid|html|svg [--level …] [--focus ID --depth N]`:
 * prints the typed task graph, or a view of it. The graph is printed even when the bundle has
 * errors (they go to stderr, and the status is 1); only a bundle whose manifest cannot be read
 * has no graph.
 */
export const graphCommand = defineCommand({
  command: "graph [bundle]",
  describe: "print the task graph of a bundle, or draw it (json, dot, mermaid, html, svg)",
  builder: (argv) =>
    withExamples(
      argv
        .positional("bundle", {
          type: "string",
          default: ".",
          describe: BUNDLE_POSITIONAL,
        })
        .option("format", {
          alias: "f",
          choices: GRAPH_FORMAT_NAMES,
          default: GRAPH_FORMAT_NAMES[0] as GraphFormatName,
          describe:
            "json = schemas/task-graph.schema.json; dot = Graphviz source; mermaid = a flowchart; " +
            "html = one page with the drawing (pan, zoom) and tables beside it; svg = the drawing alone",
        })
        .option("level", {
          alias: "l",
          choices: GRAPH_LEVELS,
          describe: LEVEL_HELP,
        })
        .option("focus", {
          type: "string",
          requiresArg: true,
          describe: "keep only what lies near one phase or layer (P3, runtime-kernel, phase:P3, layer:runtime-kernel)",
        })
        .option("depth", {
          alias: "d",
          type: "number",
          requiresArg: true,
          describe: "with --focus: how many hops along the level's edges, either way (default 1)",
        })
        .option("output", {
          alias: "o",
          type: "string",
          requiresArg: true,
          describe: "write the graph to FILE instead of stdout (replaced atomically)",
        }),
      [
        ["$0 graph specs -f html -o graph.html", "the phases drawn, with tables"],
        ["$0 graph specs -f svg -l layers > l.svg", "modules inside their layers"],
        ["$0 graph specs -f html --focus P5 -d 2", "P5 and 2 hops around it"],
        ["$0 graph specs -f html -l full --focus P3", "all of P3's nodes"],
        ["$0 graph specs -f dot -l phases > p.dot", "Graphviz source of the phases"],
        ["$0 graph specs > task-graph.json", "the whole typed graph"],
      ],
    ).epilog(
      "Pictures (html, svg) are laid out by Graphviz compiled to WebAssembly, inside spec-kit: " +
      "nothing is fetched, and the page works offline. Labels in pictures are cut to 80 " +
      "characters; the html page's tables and the json keep every text whole.",
    ),
  run: async (args, io) => {
    if (typeof args.bundle !== "string") throw new CliError("graph takes at most one bundle folder");
    if (typeof args.format !== "string") throw new CliError("--format may be given only once");
    if (args.level !== undefined && typeof args.level !== "string") throw new CliError("--level may be given only once");
    if (args.focus !== undefined && (typeof args.focus !== "string" || args.focus === "")) {
      throw new CliError("--focus needs one phase or layer id", { usageHint: true });
    }
    const depth = depthOf(args.depth, args.focus);
    if (args.output !== undefined && (typeof args.output !== "string" || args.output === "")) {
      throw new CliError("--output needs one file name");
    }
    const format = GRAPH_FORMATS[args.format as GraphFormatName];
    const level = (args.level as GraphLevel | undefined) ?? format.defaultLevel;
    const dir = resolveBundleDir(args.bundle);
    const result = check(dir);
    if (!result.graph) {
      reportErrors(result, dir, io);
      return ExitCode.failure;
    }
    const selected = selectGraphView(result.graph.toJSON(), { level, focus: args.focus, depth });
    if (selected.problem !== undefined) throw new CliError(selected.problem);
    const { view } = selected;
    if (args.format === "svg" && !isDrawable(view)) throw new CliError(`cannot draw: ${tooLargeToDraw(view)}`);
    const layout = format.draws ? await loadGraphviz() : noLayout;
    const text = format.render(view, layout);
    if (args.output !== undefined) writeFileAtomic(args.output, text);
    else io.stdout.write(text);
    if (result.summary.errors === 0) return ExitCode.ok;
    reportErrors(result, dir, io);
    return ExitCode.failure;
  },
});
