/** What decides whether output is coloured. */
export interface ColorContext {
  /** `--color` / `--no-color`, when given. */
  flag?: boolean;
  /** Whether the output goes to a terminal. */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

/**
 * Colour is used on a terminal unless NO_COLOR is set (no-color.org); FORCE_COLOR (other
 * than "0" or "false") forces it on, and an explicit `--color`/`--no-color` wins over both.
 */
export function shouldUseColor({ flag, isTTY, env }: ColorContext): boolean {
  if (flag !== undefined) return flag;
  const force = env["FORCE_COLOR"];
  if (isSet(force)) return force !== "0" && force !== "false";
  if (isSet(env["NO_COLOR"])) return false;
  return isTTY && env["TERM"] !== "dumb";
}
