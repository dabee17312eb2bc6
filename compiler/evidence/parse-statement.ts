import { isSha256Hex } from "./digest.js";
import { PREDICATE_TYPE, STATEMENT_TYPE, bundleIdOf, serializeStatement, type EvidenceStatement } from "./statement.js";

/** A statement read back from text: checked in shape, or why it is not one of ours. */
export type ParsedStatement = { ok: true; statement: EvidenceStatement } | { ok: false; reason: string };

/**
 * Reads a spec-kit evidence statement: JSON, the in-toto Statement v1 type, our predicate
 * type, and subjects each with a name and a lowercase hex SHA-256. Never throws.
 */
export function parseStatement(text: string): ParsedStatement {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "is not a JSON object" };
  const v = value as Record<string, unknown>;
  if (v._type !== STATEMENT_TYPE) return { ok: false, reason: `_type is not ${STATEMENT_TYPE}` };
  if (v.predicateType !== PREDICATE_TYPE) return { ok: false, reason: `predicateType is not ${PREDICATE_TYPE}` };
  if (!Array.isArray(v.subject)) return { ok: false, reason: "subject is not a list" };
  for (const [index, subject] of v.subject.entries()) {
    const s = (typeof subject === "object" && subject !== null ? subject : {}) as Record<string, unknown>;
    const digest = (typeof s.digest === "object" && s.digest !== null ? s.digest : {}) as Record<string, unknown>;
    if (typeof s.name !== "string" || s.name === "") return { ok: false, reason: `subject[${index}] has no name` };
    if (!isSha256Hex(digest.sha256)) return { ok: false, reason: `subject[${index}] (${s.name}) has no sha256 digest` };
  }
  if (typeof v.predicate !== "object" || v.predicate === null) return { ok: false, reason: "predicate is missing" };
  return { ok: true, statement: value as EvidenceStatement };
}

/**
 * True when `text` is exactly what spec-kit writes for a statement (canonical bytes, and a
 * bundle id that matches its content): a hand-edited statement is never mistaken for ours.
 */
export function isPristineStatement(text: string): boolean {
  const parsed = parseStatement(text);
  if (!parsed.ok) return false;
  try {
    return serializeStatement(parsed.statement) === text && parsed.statement.predicate.bundle_id === bundleIdOf(parsed.statement);
  } catch {
    return false;
  }
}
