import { describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS, runCli } from "./spawn-cli.js";

/** The examples `spec-kit graph --help` prints, as argument lists (a trailing `> FILE` dropped: stdout is read instead). */
function examples(): string[][] {
  const help = runCli(["graph", "--help"]).stdout;
  const section = help.slice(help.indexOf("Examples:\n"));
  return [...section.matchAll(/^ {2}spec-kit (graph [^\n]*?)(?: {2,}\S[^\n]*)?$/gm)].map((match) =>
    match[1]!.replace(/ > \S+$/, "").split(" "),
  );
}

describe("spec-kit graph --help", () => {
  it(
    "has examples that run on the repository's own bundle, each whole on its line",
    () => {
      const list = examples();
      expect(list.length).toBeGreaterThanOrEqual(5);
      for (const args of list) {
        const output = args.indexOf("-o");
        const run = runCli(output >= 0 ? [...args.slice(0, output), ...args.slice(output + 2)] : args);
        expect(run.stderr, args.join(" ")).toBe("");
        expect(run.code, args.join(" ")).toBe(0);
        expect(run.stdout.length, args.join(" ")).toBeGreaterThan(100);
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
