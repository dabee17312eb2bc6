/**
 * The text printed for an exception that is a bug of spec-kit's, not the user's: one line,
 * plus the stack only when debugging (SPEC_KIT_DEBUG=1).
 */
export function formatInternalError(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split(/\r?\n/)[0] || (error instanceof Error ? error.name : "unknown error");
  const stack = debug && error instanceof Error && error.stack ? `${error.stack}\n` : "";
  return `spec-kit: internal error: ${first}\n${stack}`;
}
