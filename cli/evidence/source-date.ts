import { CliError } from "../cli-error.js";

/**
 * The build time from SOURCE_DATE_EPOCH (reproducible-builds.org), as ISO 8601 in UTC
 * without milliseconds; undefined when unset or empty. A malformed value is a usage error.
 */
export function sourceDateTime(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env["SOURCE_DATE_EPOCH"];
  if (raw === undefined || raw.trim() === "") return undefined;
  const seconds = /^\d{1,12}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || Number.isNaN(date.getTime())) throw new CliError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not ${JSON.stringify(raw)}`);
  return date.toISOString().replace(/\.000Z$/, "Z");
}
