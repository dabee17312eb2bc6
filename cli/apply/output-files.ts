// What apply's emission and its replay of an unchanged output share, without the emitters.

/** The module specifier generated code imports the runtime from. */
export const RUNTIME_IMPORT = "spec-kit/runtime";

/** Files sorted by path (code unit order). */
export function sortFiles<T extends { path: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
