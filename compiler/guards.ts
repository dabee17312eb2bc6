/** Readers for data that may not match its schema: rules run on invalid documents too. */

/** The value as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The string items of an array with their indices; anything else yields nothing. */
export function stringItems(value: unknown): { value: string; index: number }[] {
  if (!Array.isArray(value)) return [];
  const out: { value: string; index: number }[] = [];
  value.forEach((item, index) => {
    if (typeof item === "string") out.push({ value: item, index });
  });
  return out;
}

/** The value at a key of a plain object, without touching inherited properties. */
export function own(value: unknown, key: string): unknown {
  const record = asRecord(value);
  return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A field that is a non-empty string, or undefined. */
export function textField(record: Record<string, unknown>, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
