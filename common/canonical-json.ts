/**
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, numbers and strings
 * written as `JSON.stringify` writes them. Two values that are equal as JSON give the same
 * text, so the text can be hashed.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, open: Set<object>): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold the number ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value !== "object") throw new TypeError(`canonical JSON cannot hold a value of type ${typeof value}`);
  if (open.has(value)) throw new TypeError("canonical JSON cannot hold a cycle");
  open.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item) => (item === undefined ? "null" : write(item, open))).join(",")}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError("canonical JSON holds only plain objects and arrays");
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], open)}`);
    return `{${members.join(",")}}`;
  } finally {
    open.delete(value);
  }
}
