import type { JsonPath } from "../diagnostics.js";

/**
 * Turns an ajv instance path (a JSON pointer such as `/module_scope/write_modules/1`) into a
 * JSON path, walking the validated value so that array indices become numbers while an
 * object key that merely looks like a number stays a string.
 */
export function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(token)) {
      const index = Number(token);
      path.push(index);
      current = current[index];
    } else {
      path.push(token);
      current =
        typeof current === "object" && current !== null && Object.prototype.hasOwnProperty.call(current, token)
          ? (current as Record<string, unknown>)[token]
          : undefined;
    }
  }
  return path;
}

/** Orders JSON paths element by element: indices numerically, keys by code unit, a prefix first. */
export function comparePaths(a: JsonPath, b: JsonPath): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
