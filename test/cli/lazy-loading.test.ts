// `validate` and `check` start fast because they never load what other commands need: the
// TypeScript compiler, ESLint, and `yaml` (used only to locate a diagnostic in a
// YAML file). A probe preloaded into the CLI process records every module it loads, through
// the ESM loader hooks and the CommonJS cache.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TEST_TIMEOUT_MS, runCli } from "./spawn-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "spec-kit-lazy-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HOOKS = join(scratch, "hooks.mjs");
const PROBE = join(scratch, "probe.mjs");
writeFileSync(
  HOOKS,
  `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (process.env.SPEC_KIT_LOAD_LOG) appendFileSync(process.env.SPEC_KIT_LOAD_LOG, url + "\\n");
  return next(url, context);
}
`,
);
writeFileSync(
  PROBE,
  `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
register(${JSON.stringify(pathToFileURL(HOOKS).href)});
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => appendFileSync(process.env.SPEC_KIT_LOAD_LOG, Object.keys(cache).join("\\n") + "\\n"));
`,
);

/** Packages that only `apply`, `lint`, `evidence`, code checks and policies (on their worker) need. */
const HEAVY = /node_modules\/(typescript|prettier|eslint|@eslint|typescript-eslint|@typescript-eslint|json-schema-to-typescript|@open-policy-agent|tar-stream)\//;
/** The `yaml` package: only for positions in YAML files that have a diagnostic. */
const YAML = /node_modules\/yaml\//;

/** The modules one CLI run loads. */
function modulesLoadedBy(name: string, args: string[]): { code: number | null; modules: string[] } {
  const log = join(scratch, `${name}.log`);
  writeFileSync(log, "");
  const run = runCli(args, { nodeArgs: ["--import", pathToFileURL(PROBE).href], env: { SPEC_KIT_LOAD_LOG: log } });
  const modules = readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => line.replaceAll("\\", "/"));
  return { code: run.code, modules };
}

describe("lazy loading", () => {
  it(
    "validate loads neither typescript, prettier, eslint nor yaml",
    () => {
      const { code, modules } = modulesLoadedBy("validate", ["validate", "test/fixtures/phases/valid.yaml"]);
      expect(code).toBe(0);
      expect(modules.some((m) => m.includes("js-yaml"))).toBe(true);
      expect(modules.filter((m) => HEAVY.test(m) || YAML.test(m))).toEqual([]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "check of a clean bundle loads neither typescript, prettier, eslint nor yaml",
    () => {
      const { code, modules } = modulesLoadedBy("check", ["check", "specs"]);
      expect(code).toBe(0);
      expect(modules.filter((m) => HEAVY.test(m) || YAML.test(m))).toEqual([]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "locates a diagnostic in plain YAML from the first parse, without yaml (the probe sees CommonJS loads)",
    () => {
      const bad = join(scratch, "plain.yaml");
      writeFileSync(bad, readFileSync("test/fixtures/phases/valid.yaml", "utf8").replace(/priority: \w+/, "priority: urgent").replace(/ *#.*$/gm, ""));
      const { code, modules } = modulesLoadedBy("plain", ["validate", bad]);
      expect(code).toBe(1);
      expect(modules.filter((m) => YAML.test(m))).toEqual([]);
      expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "loads yaml once a YAML file with a comment has a diagnostic to locate (the probe sees CommonJS loads)",
    () => {
      const bad = join(scratch, "bad.yaml");
      writeFileSync(bad, `# a comment keeps the yaml package as the locator\n${readFileSync("test/fixtures/phases/valid.yaml", "utf8").replace(/priority: \w+/, "priority: urgent")}`);
      const { code, modules } = modulesLoadedBy("located", ["validate", bad]);
      expect(code).toBe(1);
      expect(modules.some((m) => YAML.test(m))).toBe(true);
      expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "loads the schema validator of each document kind it meets, and no other kind's",
    () => {
      const validators = (modules: string[]): string[] =>
        modules.map((m) => /\/validate\/standalone\/([\w-]+)\.cjs$/.exec(m)?.[1]).filter((kind): kind is string => kind !== undefined).sort();
      // A report outside any bundle: no manifest to judge it under.
      const alone = join(scratch, "alone.yaml");
      writeFileSync(alone, readFileSync("test/fixtures/phases/valid.yaml", "utf8"));
      const one = modulesLoadedBy("validate-kinds", ["validate", alone]);
      expect(one.code).toBe(0);
      expect(validators(one.modules)).toEqual(["phase"]);
      const bundle = modulesLoadedBy("check-kinds", ["check", "specs"]);
      expect(bundle.code).toBe(0);
      expect(validators(bundle.modules)).toEqual(["manifest", "mission", "phase"]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    "a no-op apply answered from its output record loads no parser, no rule's package and no schema validator",
    () => {
      // What the check and the emitters would load: the parsers, ajv, the rules' fuzzy matcher.
      const CHECKER = /node_modules\/(js-yaml|yaml|micromark[^/]*|mdast[^/]*|ajv|ajv-formats|fastest-levenshtein)\//;
      const replayed = modulesLoadedBy("noop-apply", ["apply", "specs", "--check"]);
      expect(replayed.code).toBe(0);
      expect(replayed.modules.filter((m) => HEAVY.test(m) || CHECKER.test(m))).toEqual([]);
      // The same command with a --rule override checks in full, and loads the parsers.
      const full = modulesLoadedBy("full-apply", ["apply", "specs", "--check", "--rule", "graph/no-cycle=error"]);
      expect(full.code).toBe(0);
      expect(full.modules.some((m) => CHECKER.test(m))).toBe(true);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
