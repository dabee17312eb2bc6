import { IncrementalChecker, type IncrementalResult } from "../../compiler/incremental.js";
import type { RuleSeverity } from "../../compiler/diagnostics.js";
import type { CliIo } from "../cli-io.js";
import { createCodeInput } from "../code-host.js";
import type { ReportOptions } from "../diagnostic-options.js";
import { ExitCode } from "../exit-code.js";
import { formatInternalError } from "../internal-error.js";
import { createNodeHost } from "../node-host.js";
import { bundlePolicyOptions } from "../policy/policy-host.js";
import { ALL_RULES } from "../public-api.js";
import { printReport } from "../report.js";
import { watchTree, type TreeWatcher } from "./directory-watcher.js";

/** Clears a terminal and its scrollback, and puts the cursor home. */
const CLEAR_SCREEN = "\u001b[2J\u001b[3J\u001b[H";

/** How long the file system must be quiet before a batch of changes is checked. */
export const WATCH_DEBOUNCE_MS = 20;

/** What `check --watch` needs. */
export interface WatchCheckOptions {
  /** The bundle folder. */
  dir: string;
  /** The bundle folder as printed before each file. */
  basePath: string;
  report: ReportOptions;
  severities: Readonly<Record<string, RuleSeverity>>;
  /** `--policy` paths, evaluated with the manifest's policies on every re-check. */
  policy?: readonly string[];
  /** Resolves to stop watching (the CLI passes SIGINT; tests may pass their own). */
  stop?: Promise<void>;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The one-line summary after each report. */
export function watchSummary(result: IncrementalResult, elapsedMs: number): string {
  const { errors, warnings, files } = result.summary;
  const work = result.stats.rebuilt ? "checked" : `re-checked (${plural(result.stats.reparsed, "file")} re-parsed)`;
  return `watch: ${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}; ${work} in ${Math.round(elapsedMs)} ms; waiting for changes (Ctrl-C to stop)\n`;
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for them. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}

/**
 * `spec-kit check --watch`: checks the bundle, then re-checks it after each batch of file
 * changes through the incremental engine (only changed files are parsed again), printing
 * the diagnostics and a one-line summary with the time taken each time. The screen is
 * cleared first only on a terminal. Resolves with exit status 0 when stopped (Ctrl-C).
 */
export async function watchCheck(options: WatchCheckOptions, io: CliIo): Promise<number> {
  const host = createNodeHost(options.dir);
  const engine = new IncrementalChecker(host, {
    rules: ALL_RULES,
    severities: options.severities,
    // Code rules run when the manifest has a code section, as in `check`; so do policies.
    code: createCodeInput(options.dir),
    policies: bundlePolicyOptions(options.dir, host, options.policy ?? []),
  });
  // Machine formats keep stdout to the reports; the summary line goes to stderr.
  const summaryTo = options.report.format === "stylish" && options.report.output === undefined ? io.stdout : io.stderr;
  const run = (changed?: readonly string[]): void => {
    const start = performance.now();
    let result: IncrementalResult;
    try {
      result = engine.update(changed);
    } catch (error) {
      io.stderr.write(formatInternalError(error, io.env["SPEC_KIT_DEBUG"] === "1"));
      return;
    }
    if (io.stdout.isTTY === true && options.report.output === undefined) io.stdout.write(CLEAR_SCREEN);
    printReport(result, options.report, options.basePath, io);
    summaryTo.write(watchSummary(result, performance.now() - start));
  };

  const stop = options.stop ?? interrupted();
  let watcher: TreeWatcher | undefined;
  try {
    // Watching starts before the first check, so that an edit made during it is not lost.
    watcher = watchTree(options.dir, (paths) => run(paths), { debounceMs: WATCH_DEBOUNCE_MS });
    run();
    await stop;
  } finally {
    watcher?.close();
  }
  return ExitCode.ok;
}
