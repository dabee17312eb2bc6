import type { OutputStream } from "../cli-io.js";
import { ExitCode } from "../exit-code.js";
import { INDEX_FILE, type OutputPlan } from "../output-writer.js";
import { displayPath } from "./out-folder.js";

/**
 * The `--dry-run` lines: `A`, `M` or `D` and the path, sorted by path. The output record is
 * listed only when it is all that differs (it changes with every generated file otherwise).
 */
export function planLines(plan: OutputPlan & { recordChanged?: boolean }): string[] {
  const marked = [
    ...plan.added.map((path) => ({ path, mark: "A" })),
    ...plan.changed.map((path) => ({ path, mark: "M" })),
    ...plan.removed.map((path) => ({ path, mark: "D" })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (marked.length === 0 && plan.recordChanged === true) marked.push({ path: INDEX_FILE, mark: "M" });
  return marked.map(({ path, mark }) => `${mark} ${path}`);
}

function countLine(plan: OutputPlan): string {
  return `${plan.added.length} to add, ${plan.changed.length} to change, ${plan.removed.length} to remove, ${plan.unchanged.length} unchanged`;
}

/** What an apply does with the output: write it, compare it (`--check`) or preview the change (`--dry-run`). */
export type ApplyMode = "write" | "check" | "dry-run";

/** Prints the emitters' notes, one line each. */
export function printNotes(stream: OutputStream, notes: readonly string[]): void {
  for (const note of notes) stream.write(`note ${note}\n`);
}

/** `--check` and `--dry-run` when the output may differ: emit, compare, report. */
export function reportPlan(mode: Exclude<ApplyMode, "write">, plan: OutputPlan & { recordChanged?: boolean }, out: string, stream: OutputStream): ExitCode {
  const lines = planLines(plan);
  if (mode === "dry-run") {
    for (const line of lines) stream.write(`${line}\n`);
    stream.write(`${countLine(plan)} in ${displayPath(out)} (dry run: nothing written)\n`);
    return ExitCode.ok;
  }
  if (lines.length === 0) {
    stream.write(`${displayPath(out)} is up to date (${plan.unchanged.length} files)\n`);
    return ExitCode.ok;
  }
  stream.write(`${displayPath(out)} is not what apply would write:\n`);
  for (const line of lines) stream.write(`  ${line}\n`);
  stream.write(`${countLine(plan)}; run "spec-kit apply" to update it\n`);
  return ExitCode.failure;
}
