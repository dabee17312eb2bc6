/** A one-line description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return `thrown: ${String(error)}`;
  } catch {
    return "thrown: (unprintable value)";
  }
}
