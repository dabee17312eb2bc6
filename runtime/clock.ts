/** The injected clock: the runtime never reads the system time itself. */
export type Now = () => Date | number;

/** An opaque handle returned by a {@link SetTimer}. */
export type TimerHandle = unknown;

/** Schedules `callback` after `ms` milliseconds; injected so tests can drive time. */
export type SetTimer = (callback: () => void, ms: number) => TimerHandle;

/** Cancels a timer scheduled by the matching {@link SetTimer}. */
export type ClearTimer = (handle: TimerHandle) => void;

/**
 * Timers that read `globalThis` at call time, so vitest fake timers installed after import
 * still take effect.
 */
export const globalSetTimer: SetTimer = (callback, ms) => globalThis.setTimeout(callback, ms);

/** Counterpart of {@link globalSetTimer}. */
export const globalClearTimer: ClearTimer = (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);

/** Milliseconds since the epoch from an injected clock reading; throws on an invalid reading. */
export function toMillis(reading: Date | number): number {
  const ms = typeof reading === "number" ? reading : reading.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("the injected clock returned an invalid time");
  return ms;
}

/** ISO 8601 (UTC, milliseconds) text of an epoch time. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), or
 * `undefined` for anything else; local times are refused because their instant depends on the host.
 */
export function parseIsoInstant(text: unknown): number | undefined {
  if (typeof text !== "string" || !ISO_INSTANT.test(text)) return undefined;
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
