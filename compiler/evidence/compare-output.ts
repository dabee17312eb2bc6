import { compareStrings } from "../diagnostics.js";
import type { Subject } from "./statement.js";

/** How a folder differs from what was expected, each list sorted. */
export interface OutputDifference {
  missing: string[];
  extra: string[];
  changed: string[];
}

/** Compares expected subjects with actual ones (path and digest each). */
export function compareSubjects(expected: readonly Subject[], actual: readonly Subject[]): OutputDifference {
  const have = new Map(actual.map((s) => [s.name, s.digest.sha256]));
  const want = new Map(expected.map((s) => [s.name, s.digest.sha256]));
  const diff: OutputDifference = { missing: [], extra: [], changed: [] };
  for (const [name, sha] of want) {
    const found = have.get(name);
    if (found === undefined) diff.missing.push(name);
    else if (found !== sha) diff.changed.push(name);
  }
  for (const name of have.keys()) if (!want.has(name)) diff.extra.push(name);
  for (const list of Object.values(diff)) list.sort(compareStrings);
  return diff;
}

/** True when nothing differs. */
export function isSameOutput(diff: OutputDifference): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.changed.length === 0;
}

/** One line per difference: `missing: <path>`, `extra: <path>`, `changed: <path>`. */
export function describeDifference(diff: OutputDifference): string[] {
  return [...diff.missing.map((p) => `missing: ${p}`), ...diff.extra.map((p) => `extra: ${p}`), ...diff.changed.map((p) => `changed: ${p}`)];
}
