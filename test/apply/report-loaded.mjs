// Preloaded into a CLI run by test/apply: on exit, prints which heavy modules were loaded.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
process.on("exit", () => {
  const heavy = ["/typescript/", "/json-schema-to-typescript/", "/prettier/", "/eslint/"];
  const loaded = heavy.filter((part) => Object.keys(require.cache).some((path) => path.includes(part)));
  process.stderr.write(`loaded: ${loaded.length === 0 ? "none" : loaded.join(" ")}\n`);
});
