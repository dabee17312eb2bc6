import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Generated suites import the runtime as users do; in this checkout it is the runtime's sources.
    // The longer specifier comes first: an alias also matches specifiers that continue with "/".
    alias: [
      { find: "spec-kit/runtime/testing", replacement: fileURLToPath(new URL("./runtime/testing.ts", import.meta.url)) },
      { find: "spec-kit/runtime", replacement: fileURLToPath(new URL("./runtime/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "generated/tests/**/*.test.ts"],
    testTimeout: 20_000,
    // Set-up and clean-up write and remove whole bundles; on a loaded 2-core machine that outlasts the 10 s default.
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./test/helpers/closing-line-reporter.ts"],
  },
});
