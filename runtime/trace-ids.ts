import { TRACE_ID_NAMES } from "../common/guardrail-vocabulary.js";

/** The five ids every audit record carries (seed 002 §7: no metric without trace ids). */
export const TRACE_ID_KEYS = TRACE_ID_NAMES;

/** One of the five trace id names. */
export type TraceIdKey = (typeof TRACE_ID_KEYS)[number];

/** The five trace ids of one unit of work. */
export type TraceIds = { readonly [K in TraceIdKey]: string };

/** Whether `value` is a string with at least one non-blank character. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** The names among `keys` whose value in `source` is missing, empty, blank or not a string. */
export function missingIds(source: Readonly<Record<string, unknown>>, keys: readonly string[]): string[] {
  return keys.filter((key) => !isNonEmptyString(source[key]));
}

/** The five trace ids read from `source`; an absent or non-string id reads as `""`. */
export function pickTraceIds(source: Readonly<Record<string, unknown>>): TraceIds {
  const read = (key: TraceIdKey): string => {
    const value = source[key];
    return typeof value === "string" ? value : "";
  };
  return {
    trace_id: read("trace_id"),
    session_id: read("session_id"),
    task_id: read("task_id"),
    capability_id: read("capability_id"),
    version: read("version"),
  };
}
