import { expect } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostics.js";
import { checkBundle, validateFiles, type CheckResult } from "../../compiler/program.js";
import { ALL_RULES } from "../../rules/index.js";
import { memoryHost, type MemoryFiles } from "./memory-host.js";

/** Checks an in-memory bundle with every shipped rule. */
export function checkFiles(files: MemoryFiles, severities: Record<string, "error" | "warning" | "off"> = {}): CheckResult {
  return checkBundle(memoryHost(files), { rules: ALL_RULES, severities });
}

/** Validates single in-memory documents (the `spec-kit validate` path). */
export function validateTexts(files: MemoryFiles): CheckResult {
  const encoder = new TextEncoder();
  return validateFiles(
    Object.entries(files).map(([file, content]) => ({
      file,
      read: { ok: true as const, bytes: typeof content === "string" ? encoder.encode(content) : content },
    })),
    { rules: ALL_RULES },
  );
}

/** The diagnostics of one rule id. */
export function only(result: CheckResult, ruleId: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.ruleId === ruleId);
}

/** An expected diagnostic: rule id and position always; its message id, or its message as an exact string or a pattern. */
export interface Expected {
  ruleId: string;
  messageId?: string;
  file?: string;
  line: number;
  column: number;
  message?: string | RegExp;
  severity?: "error" | "warning";
}

/** Asserts that `ruleId`'s diagnostics are exactly the expected ones, in order. */
export function expectDiagnostics(result: CheckResult, ruleId: string, expected: readonly Expected[]): void {
  const actual = only(result, ruleId);
  expect(
    actual.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`),
    `diagnostics of ${ruleId}: ${JSON.stringify(actual, null, 1)}`,
  ).toEqual(expected.map((e) => `${e.file ?? actual[0]?.file}:${e.line}:${e.column} ${e.ruleId}`));
  expected.forEach((e, i) => {
    const d = actual[i]!;
    if (e.messageId !== undefined) expect(d.messageId).toBe(e.messageId);
    if (typeof e.message === "string") expect(d.message).toBe(e.message);
    else if (e.message) expect(d.message).toMatch(e.message);
    if (e.severity) expect(d.severity).toBe(e.severity);
  });
}
