import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SuiteOutcome } from "../../compiler/evidence/contracts.js";
import { packageRoot } from "../package-info.js";
import { excerpt, type Verifier } from "./verifier.js";

/** How long the generated suites may run. */
const TIMEOUT_MS = 10 * 60 * 1000;

interface AssertionResult {
  ancestorTitles?: string[];
  title?: string;
  status?: string;
  failureMessages?: string[];
}

interface FileResult {
  name: string;
  status?: string;
  message?: string;
  assertionResults?: AssertionResult[];
}

/** An entry of this spec-kit's runtime (`index`, `testing`): the sources when running from them, else the build. */
function runtimeEntry(name: string): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), "..", "..", "runtime", `${name}${here.endsWith(".ts") ? ".ts" : ".js"}`);
}

/**
 * The generated artifact a suite verifies: `gates/<P>.ts` for `tests/<P>.test.ts`, `flows/<P>.ts`
 * for `tests/<P>.flows.test.ts`, when that file exists; else the suite itself.
 */
function suiteArtifact(outDir: string, path: string): string {
  const flows = /^tests\/(.+)\.flows\.test\.ts$/.exec(path)?.[1];
  const phase = /^tests\/(.+)\.test\.ts$/.exec(path)?.[1];
  const artifact = flows !== undefined ? `flows/${flows}.ts` : phase !== undefined ? `gates/${phase}.ts` : path;
  return existsSync(join(outDir, artifact)) ? artifact : path;
}

function hasTests(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).some((name) => name.endsWith(".test.ts"));
}

function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, env, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * The execution-based verifier: the generated vitest suites (`DIR/tests/**\/*.test.ts`) run
 * in a child process with spec-kit's own vitest and a configuration of our own (the output
 * folder's is never picked up). Its tally counts the test cases that ran, and apart from them
 * those only named (`it.todo`) and those skipped.
 */
export const testVerifier: Verifier = {
  name: "tests",
  slot: "execution_tests",
  async run(context) {
    const outDir = resolve(context.outDir);
    if (!hasTests(join(outDir, "tests"))) return { ok: true, tally: { run: false }, summary: "skipped (no generated suites)", diagnostics: [], suites: [] };
    const config = join(context.scratchDir, "vitest.config.mjs");
    const reportFile = join(context.scratchDir, "vitest-report.json");
    // Vite's cache goes to the scratch folder: the run must leave the output folder as it found it.
    // The generated code is tested against the runtime of the spec-kit that verifies it, wherever DIR is.
    const settings = {
      cacheDir: join(context.scratchDir, "vite-cache"),
      // The longer specifier comes first: an alias also matches specifiers that continue with "/".
      resolve: {
        alias: [
          { find: "spec-kit/runtime/testing", replacement: runtimeEntry("testing") },
          { find: "spec-kit/runtime", replacement: runtimeEntry("index") },
        ],
      },
      test: { include: ["tests/**/*.test.ts"], watch: false },
    };
    writeFileSync(config, `export default ${JSON.stringify(settings)};\n`);
    const vitest = join(packageRoot(), "node_modules", "vitest", "vitest.mjs");
    const env: NodeJS.ProcessEnv = { ...context.env, FORCE_COLOR: "0", NO_COLOR: "1" };
    const result = await run([vitest, "run", "--root", outDir, "--config", config, "--reporter=json", `--outputFile=${reportFile}`], outDir, env);
    let files: FileResult[];
    try {
      files = (JSON.parse(readFileSync(reportFile, "utf8")) as { testResults: FileResult[] }).testResults;
      if (!Array.isArray(files)) throw new TypeError("no testResults");
    } catch {
      return { ok: false, tally: { run: true, passed: 0, total: 1 }, summary: `vitest could not run (exit ${result.code})`, diagnostics: excerpt(result.output, 40), suites: [] };
    }
    let passed = 0;
    let total = 0;
    let todo = 0;
    let skipped = 0;
    const diagnostics: string[] = [];
    const suites: SuiteOutcome[] = [];
    for (const file of files) {
      const path = relative(outDir, file.name).split(sep).join("/");
      const cases = file.assertionResults ?? [];
      const ran = cases.filter((c) => c.status === "passed" || c.status === "failed");
      const failed = ran.filter((c) => c.status === "failed");
      const loadFailed = file.status === "failed" && failed.length === 0;
      passed += ran.length - failed.length;
      total += ran.length + (loadFailed ? 1 : 0);
      todo += cases.filter((c) => c.status === "todo").length;
      skipped += cases.filter((c) => c.status === "skipped" || c.status === "pending").length;
      for (const c of failed) diagnostics.push(`${path} › ${[...(c.ancestorTitles ?? []), c.title ?? ""].join(" › ")}: ${(c.failureMessages?.[0] ?? "failed").split("\n")[0]}`);
      if (loadFailed) diagnostics.push(`${path}: ${(file.message ?? "the suite failed to run").split("\n")[0]}`);
      suites.push({ suite: `vitest:${path}`, artifact: suiteArtifact(outDir, path), passed: failed.length === 0 && !loadFailed, coverage: cases.length === 0 ? 0 : Math.round((ran.length / cases.length) * 10000) / 10000 });
    }
    const ok = result.code === 0 && diagnostics.length === 0;
    if (!ok && diagnostics.length === 0) {
      // vitest failed outside any case (a setup error): one more failed check.
      total += 1;
      diagnostics.push(`vitest exited ${result.code}`, ...excerpt(result.output, 20));
    }
    const apart = `${todo} todo, ${skipped} skipped`;
    return {
      ok,
      tally: { run: true, passed, total, todo, skipped },
      summary: ok ? `${passed}/${total} tests passed; ${apart}` : `${total - passed} of ${total} tests failed; ${apart}`,
      diagnostics,
      suites,
    };
  },
};
