import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../cli/public-api.js";
import type { CodeOptions } from "../../cli/code-host.js";

/** The code fixtures folder. */
export const CODE_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/code");

/** A code fixture bundle's absolute path. */
export function codeFixture(name: string): string {
  return join(CODE_FIXTURES, name);
}

/** A diagnostic cut down to what the tests compare: file, line:column-endLine:endColumn, message. */
export interface Brief {
  file: string;
  at: string;
  message: string;
}

/** Checks the bundle at `dir` and keeps the diagnostics of `ruleId`. */
export function diagnosticsOf(dir: string, ruleId: string, code: CodeOptions = {}): Brief[] {
  return check(dir, { code })
    .diagnostics.filter((d) => d.ruleId === ruleId)
    .map((d) => ({ file: d.file, at: `${d.line}:${d.column}-${d.endLine}:${d.endColumn}`, message: d.message }));
}

/** The range `at` of the `occurrence`-th (from 0) appearance of `needle` in a fixture file, as `Brief.at` spells it. */
export function rangeOfText(dir: string, file: string, needle: string, occurrence = 0): string {
  const text = readFileSync(join(dir, file), "utf8");
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${needle} is not in ${file} ${occurrence + 1} times`);
  }
  const before = text.slice(0, index).split("\n");
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  return `${line}:${column}-${line}:${column + needle.length}`;
}
