// Which entrypoints of a compiled policy `check` evaluates, and what their results mean:
// conftest's conventions, so that policies written for conftest run unchanged.

/** How an entrypoint's results are read: `deny` and `violation` are errors, `warn` warnings. */
export type EntrypointKind = "deny" | "warn" | "violation";

const KINDS: readonly EntrypointKind[] = ["deny", "violation", "warn"];

/**
 * The kind of an entrypoint (`package/path/rule`) by its rule name: `deny`, `warn`,
 * `violation`, or one of them followed by `_` and more (`deny_unapproved`); undefined for
 * any other rule, such as a gate's `allow`.
 */
export function entrypointKind(entrypoint: string): EntrypointKind | undefined {
  const name = entrypoint.slice(entrypoint.lastIndexOf("/") + 1);
  return KINDS.find((kind) => name === kind || name.startsWith(`${kind}_`));
}

/** The entrypoints to evaluate, or why there are none. */
export type EntrypointSelection =
  | { ok: true; selected: string[] }
  | { ok: false; kind: "missing-entrypoint" | "not-a-rule"; entrypoint: string }
  | { ok: false; kind: "no-rules" };

/**
 * Picks the entrypoints to evaluate from those a policy has: the `requested` ones, each of
 * which must exist and be a deny, warn or violation rule; else every such entrypoint, sorted.
 * A policy with none to evaluate is refused rather than passed: it would check nothing.
 */
export function selectEntrypoints(available: readonly string[], requested?: readonly string[]): EntrypointSelection {
  if (requested !== undefined && requested.length > 0) {
    for (const entrypoint of requested) {
      if (!available.includes(entrypoint)) return { ok: false, kind: "missing-entrypoint", entrypoint };
      if (entrypointKind(entrypoint) === undefined) return { ok: false, kind: "not-a-rule", entrypoint };
    }
    return { ok: true, selected: [...requested] };
  }
  const selected = available.filter((entrypoint) => entrypointKind(entrypoint) !== undefined).sort();
  return selected.length > 0 ? { ok: true, selected } : { ok: false, kind: "no-rules" };
}
