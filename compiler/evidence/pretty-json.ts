/**
 * Pretty JSON with every object's keys sorted (by UTF-16 code unit, as canonical JSON sorts
 * them), two-space indent and a trailing newline: the byte form of every evidence file.
 * Written by hand because `JSON.stringify` puts integer-like keys first whatever the order.
 */
export function prettyJson(value: unknown): string {
  return `${write(value, "")}\n`;
}

function write(value: unknown, indent: string): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`evidence JSON cannot hold the number ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value !== "object") throw new TypeError(`evidence JSON cannot hold a value of type ${typeof value}`);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => inner + write(item ?? null, inner)).join(",\n")}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  if (keys.length === 0) return "{}";
  return `{\n${keys.map((key) => `${inner}${JSON.stringify(key)}: ${write(record[key], inner)}`).join(",\n")}\n${indent}}`;
}
