import { readFileSync } from "node:fs";

/** The canonical valid phase report as YAML text. */
export const VALID_YAML = readFileSync(new URL("../../fixtures/phases/valid.yaml", import.meta.url), "utf8");

const VALID_JSON = readFileSync(new URL("../../fixtures/phases/valid.json", import.meta.url), "utf8");

/** A fresh copy of the canonical valid phase report as data, to mutate for JSON cases. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture the tests mutate at any depth
export function validPhase(): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture the tests mutate at any depth
  return JSON.parse(VALID_JSON) as Record<string, any>;
}

/** Serializes a phase the way the JSON fixture is written (2-space indent, final newline), so line numbers stay predictable. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Replaces the one occurrence of `from`; throws when it is absent or repeated, so a stale fixture cannot pass silently. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The object with its keys in the given order (keys not named keep their place after them). */
export function reorder(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out)) out[key] = value[key];
  return out;
}

/** The YAML text with its top-level blocks (a key line and the indented lines under it) in the given key order. */
export function reorderYaml(text: string, keys: readonly string[]): string {
  const blocks = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.replace(/\n$/, "").split("\n")) {
    if (/^[^\s#]/.test(line)) {
      current = [];
      blocks.set(line.slice(0, line.indexOf(":")), current);
    }
    current?.push(line);
  }
  const order = [...keys, ...[...blocks.keys()].filter((key) => !keys.includes(key))];
  return `${order.flatMap((key) => blocks.get(key) ?? []).join("\n")}\n`;
}
