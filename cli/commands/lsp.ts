import { defineCommand } from "./command.js";
import { withExamples } from "./examples.js";

/** `spec-kit lsp`: the language server, over stdin and stdout. */
export const lspCommand = defineCommand({
  command: "lsp",
  describe: "run the language server over stdin/stdout: diagnostics as you type, hover, go to definition, completion, quick fixes",
  builder: (argv) =>
    withExamples(
      argv.option("stdio", { type: "boolean", default: true, describe: "talk over stdin and stdout (the only transport; accepted because editors pass it)" }),
      [["$0 lsp", "what an editor starts (see the README for VS Code, Neovim and Helix)"]],
    ),
  run: async () => {
    const { startLanguageServer } = await import("../lsp/server.js");
    startLanguageServer(process.stdin, process.stdout);
    // The connection ends the process itself, on the client's `exit` or when stdin closes.
    return new Promise<number>(() => undefined);
  },
});
