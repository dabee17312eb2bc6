import { CliError } from "../cli-error.js";
import { displayPath } from "../contained-folder.js";
import { ExitCode } from "../exit-code.js";
import { initFiles } from "../init/templates.js";
import { bundleNameFor, locateSchemas, writeInitFiles } from "../init/write-bundle.js";
import { resolve } from "node:path";
import { defineCommand } from "./command.js";
import { withExamples } from "./examples.js";

/** `spec-kit init [dir]`: writes a new bundle that checks clean, wired into editors. */
export const initCommand = defineCommand({
  command: "init [dir]",
  describe: "start a bundle: a manifest, a phase report in YAML and in JSON, a mission, and editor wiring (never overwrites)",
  builder: (argv) =>
    withExamples(
      argv
        .positional("dir", { type: "string", default: ".", describe: "the folder to start the bundle in (made when missing)" })
        .option("name", { type: "string", describe: "the bundle's name in the manifest (default: the folder's name)" })
        .option("editor", {
          type: "boolean",
          default: true,
          describe: "also write .vscode/settings.json, which maps the schemas to the bundle's files (--no-editor: leave it out)",
        }),
      [
        ["$0 init specs", "start a bundle in specs/, then: spec-kit check specs"],
        ["$0 init --no-editor", "start one here, without .vscode/settings.json"],
      ],
    ),
  run: (args, io) => {
    if (typeof args.dir !== "string" || args.dir === "") throw new CliError("init takes one folder");
    if (args.name !== undefined && (typeof args.name !== "string" || args.name.trim() === "")) throw new CliError("--name takes a non-empty name");
    const schemas = locateSchemas(args.dir);
    const written = writeInitFiles(args.dir, initFiles(args.name ?? bundleNameFor(args.dir), schemas.paths, { editor: args.editor !== false }));
    const shown = displayPath(resolve(args.dir));
    io.stdout.write(`wrote ${written.join(", ")} in ${shown}\n`);
    io.stdout.write(`next: spec-kit check ${shown === "." ? "" : shown}`.trimEnd() + "\n");
    if (!schemas.installed) {
      io.stdout.write(`editors read the schemas from ${schemas.paths.phase.replace(/\/[^/]+$/, "")}: run "npm install --save-dev spec-kit" in ${shown} (or edit the paths)\n`);
    }
    return ExitCode.ok;
  },
});
