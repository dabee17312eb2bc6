import { readFileSync } from "node:fs";

/** The canonical valid phase report, as YAML text (52 lines). */
export const VALID_YAML = readFileSync(new URL("../fixtures/phases/valid.yaml", import.meta.url), "utf8");

/** A fresh, mutable copy of the canonical valid phase report as data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture the tests mutate at any depth
export function validPhase(): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  return JSON.parse(readFileSync(new URL("../fixtures/phases/valid.json", import.meta.url), "utf8")) as Record<string, any>;
}

/** JSON text laid out like the JSON fixture (2-space indent), so that line numbers are predictable. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Replaces exactly one occurrence of `from`; throws otherwise, so that a changed fixture cannot pass silently. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** A minimal valid manifest, for bundles. */
export const MANIFEST_YAML = "specKit: 1\nname: demo\n";
