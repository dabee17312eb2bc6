import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-code.js";
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES, type GraphFormatName } from "../graph-formats/index.js";
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

/**
 * `spec-kit graph [bundle] --format json|dot|mermaid|html`: prints the typed task graph. The
 * graph is printed even when the bundle has errors (they go to stderr, and the status is 1);
 * only a bundle whose manifest cannot be read has no graph.
 */
export const graphCommand = defineCommand({
  command: "graph [bundle]",
  describe: "print the typed task graph of a bundle (json, dot, mermaid or html)",
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
          describe: "json = schemas/task-graph.schema.json; dot = Graphviz; mermaid = flowchart LR; html = a self-contained page",
        })
        .option("output", {
          alias: "o",
          type: "string",
          requiresArg: true,
          describe: "write the graph to FILE instead of stdout (replaced atomically)",
        }),
      [
        ["$0 graph specs --format dot | dot -Tsvg > graph.svg", "draw the graph with Graphviz"],
        ["$0 graph specs --format html -o graph.html", "write a page to open in a browser"],
      ],
    ),
  run: (args, io) => {
    if (typeof args.bundle !== "string") throw new CliError("graph takes at most one bundle folder");
    if (typeof args.format !== "string") throw new CliError("--format may be given only once");
    if (args.output !== undefined && (typeof args.output !== "string" || args.output === "")) {
      throw new CliError("--output needs one file name");
    }
    const dir = resolveBundleDir(args.bundle);
    const result = check(dir);
    if (!result.graph) {
      reportErrors(result, dir, io);
      return ExitCode.failure;
    }
    const text = GRAPH_FORMATS[args.format as GraphFormatName](result.graph.toJSON());
    if (args.output !== undefined) writeFileAtomic(args.output, text);
    else io.stdout.write(text);
    if (result.summary.errors === 0) return ExitCode.ok;
    reportErrors(result, dir, io);
    return ExitCode.failure;
  },
});
