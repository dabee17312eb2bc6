/** Longest string (in characters) quoted in a message before it is cut. */
const MAX_QUOTED = 40;

/** A string as a message quotes it: JSON-escaped, cut with an ellipsis when long. */
export function quote(text: string): string {
  const chars = [...text];
  return JSON.stringify(chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join("")}…` : text);
}

/** Names what a value is, for `got …`: `the string "high"`, `the number 3`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  switch (typeof value) {
    case "string":
      return `the string ${quote(value)}`;
    case "number":
      return `the number ${value}`;
    case "boolean":
      return `the boolean ${value}`;
    case "object":
      return "an object";
    default:
      return "nothing";
  }
}

/** A value written the short way: strings quoted, scalars as they are, containers named. */
export function showValue(value: unknown): string {
  if (typeof value === "string") return quote(value);
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

/** A list of allowed values: `highest, high, medium, low` when all are strings, else each shown. */
export function showChoices(values: readonly unknown[]): string {
  return values.every((v) => typeof v === "string") ? values.join(", ") : values.map(showValue).join(", ");
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  array: "an array",
  object: "an object",
  null: "null",
};

/** A JSON Schema `type` (one name or a list) in words: `a string or null`. */
export function describeType(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map((t) => TYPE_NAMES[String(t)] ?? String(t));
  return names.length <= 1 ? (names[0] ?? "something else") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}
