import { MANIFEST_PATH } from "../../compiler/evidence/paths.js";
import { excerpt, isUnknownCommand, type Verifier } from "./verifier.js";

interface LintReport {
  diagnostics: { file?: unknown; line?: unknown; column?: unknown; ruleId?: unknown; severity?: unknown; message?: unknown }[];
  summary: { files?: unknown };
}

function isLintReport(value: unknown): value is LintReport {
  const v = value as Partial<LintReport> | null;
  return typeof v === "object" && v !== null && Array.isArray(v.diagnostics) && typeof v.summary === "object" && v.summary !== null;
}

/**
 * The static-analysis verifier: `spec-kit lint DIR --format json` on the generated code.
 * Its tally counts files without an error. Recorded as `not run` when this spec-kit has no
 * lint command.
 */
export const lintVerifier: Verifier = {
  name: "lint",
  slot: "static_checks",
  async run(context) {
    const run = await context.cli(["lint", context.outDir, "--format", "json"]);
    if (isUnknownCommand(run, "lint")) return { ok: true, tally: { run: false }, summary: "skipped (no lint command)", diagnostics: [], suites: [] };
    let report: unknown;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      report = undefined;
    }
    if (!isLintReport(report)) {
      return { ok: false, tally: { run: true, passed: 0, total: 1 }, summary: `lint could not run (exit ${run.code})`, diagnostics: excerpt(run.stderr + run.stdout, 40), suites: [{ suite: "lint", artifact: MANIFEST_PATH, passed: false, coverage: 0 }] };
    }
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    const failedFiles = new Set(errors.map((d) => String(d.file)));
    const files = typeof report.summary.files === "number" ? Math.max(report.summary.files, failedFiles.size) : failedFiles.size;
    const ok = run.code === 0 && errors.length === 0;
    return {
      ok,
      tally: { run: true, passed: files - failedFiles.size, total: files },
      summary: ok ? `${files} files, no error` : `${errors.length} error(s) in ${failedFiles.size} file(s)`,
      diagnostics: errors.map((d) => `${String(d.file)}:${String(d.line)}:${String(d.column)} ${String(d.ruleId)} ${String(d.message)}`),
      suites: [{ suite: "lint", artifact: MANIFEST_PATH, passed: ok, coverage: 1 }],
    };
  },
};
