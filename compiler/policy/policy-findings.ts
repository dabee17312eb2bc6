import { parseDottedPath } from "../check/suppressions.js";
import { stageFinding, type Finding, type FindingTarget, type JsonPath, type Severity, type StageFinding } from "../diagnostics.js";
import { asRecord, own } from "../guards.js";
import { entrypointKind } from "./entrypoints.js";
import type { PolicyFailure } from "./policy-host.js";
import { POLICY_EVAL_MESSAGES, POLICY_LOAD_MESSAGES, POLICY_RESULT_MESSAGE_ID, POLICY_RULE_PREFIX } from "./policy-messages.js";

/** Most results of one entrypoint reported; the rest are counted in one `policy/eval` finding. */
export const MAX_RESULTS_PER_ENTRYPOINT = 1000;

/** Longest message kept from a policy; longer ones are cut. */
const MAX_MESSAGE_LENGTH = 1000;

/** A rule name a result may give in `rule`, as Rego names rules (plus `-`). */
const RULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Where one policy's findings go, and how they name it. */
export interface PolicyPlace {
  /** The policy as messages name it: its path. */
  label: string;
  /** Where a finding that names no location of its own goes: the manifest entry, or the policy file. */
  fallback: { file: string; path?: JsonPath };
  /** The entrypoints the manifest entry lists, to point at the one a failure concerns. */
  requested?: readonly string[];
  /** Whether the entry names a data file (a data failure then points at it). */
  hasData?: boolean;
}

/** The bundle's documents a result may name: files, and phase files by phase id. */
export interface PolicyTargets {
  files: ReadonlySet<string>;
  phaseFiles: ReadonlyMap<string, string>;
}

/** The findings of one entrypoint's result set, and the rule ids they carry. */
export interface EntrypointFindings {
  findings: (Finding | StageFinding)[];
  ruleIds: string[];
}

function cut(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** `policy/<package>/<rule>`: the package from the entrypoint, the rule from the result or the entrypoint. */
export function policyRuleId(entrypoint: string, rule?: unknown): string {
  const slash = entrypoint.lastIndexOf("/");
  const name = typeof rule === "string" && RULE_NAME.test(rule) ? rule : entrypoint.slice(slash + 1);
  return `${POLICY_RULE_PREFIX}${slash < 0 ? "" : `${entrypoint.slice(0, slash)}/`}${name}`;
}

function resultPath(value: unknown): JsonPath | undefined {
  if (typeof value === "string") return parseDottedPath(value);
  if (Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === "string" || (Number.isInteger(part) && part >= 0))) return value as JsonPath;
  return undefined;
}

/** Where a result object points: the file it names, else its phase's file, each with its path; else the fallback. */
function locate(result: Record<string, unknown>, place: PolicyPlace, targets: PolicyTargets): { file: string; path?: JsonPath } {
  const file = own(result, "file");
  const phase = own(result, "phase");
  let target: string | undefined;
  let defaultPath: JsonPath = [];
  if (typeof file === "string" && targets.files.has(file)) target = file;
  else if (typeof phase === "string" && targets.phaseFiles.has(phase)) {
    target = targets.phaseFiles.get(phase);
    defaultPath = ["phase_meta", "phase_id"];
  }
  if (target === undefined) return place.fallback;
  return { file: target, path: resultPath(own(result, "path")) ?? defaultPath };
}

/**
 * Reads one entrypoint's result set the way conftest does: the rule's value is a set (an array
 * here) of messages, each a string or an object `{ msg, phase?, path?, file?, rule? }`; a single
 * string or object, or `true`, counts as one message, `false` or an undefined rule as none.
 * Each message becomes a finding `policy/<package>/<rule>` (an error for deny and violation
 * rules, a warning for warn rules; configuration may change either) located at the file or phase
 * it names and its path there, else at the policy's manifest entry. A value of another shape is
 * a `policy/eval` finding; so is a result set past {@link MAX_RESULTS_PER_ENTRYPOINT}.
 */
export function entrypointFindings(entrypoint: string, resultSet: unknown, place: PolicyPlace, targets: PolicyTargets): EntrypointFindings {
  const severity: Severity = entrypointKind(entrypoint) === "warn" ? "warning" : "error";
  const findings: (Finding | StageFinding)[] = [];
  const ruleIds = new Set<string>();
  const values = Array.isArray(resultSet) ? resultSet.map((item) => own(item, "result")).filter((value) => value !== undefined) : [resultSet];
  const messages = values.flatMap((value) => (Array.isArray(value) ? value : value === false ? [] : [value]));
  let bad: unknown;
  let valid = 0;
  for (const message of messages) {
    const record = asRecord(message);
    const msg = own(record, "msg");
    const text = message === true ? `${entrypoint} is true` : typeof message === "string" ? message : typeof msg === "string" ? msg : undefined;
    if (text === undefined) {
      bad ??= message;
      continue;
    }
    if (++valid > MAX_RESULTS_PER_ENTRYPOINT) continue;
    const ruleId = policyRuleId(entrypoint, own(record, "rule"));
    ruleIds.add(ruleId);
    const at = record ? locate(record, place, targets) : place.fallback;
    const finding: Finding = { ruleId, messageId: POLICY_RESULT_MESSAGE_ID, message: cut(text.trim() || entrypoint), file: at.file, severity };
    if (at.path) finding.path = at.path;
    findings.push(finding);
  }
  const evalFinding = (messageId: "badResult" | "tooMany", data: Record<string, string | number>): StageFinding =>
    stageFinding("policy-eval", POLICY_EVAL_MESSAGES, messageId, entryTarget(place, entrypoint), { policy: place.label, entrypoint, ...data });
  if (bad !== undefined) findings.push(evalFinding("badResult", { value: describeValue(bad) }));
  if (valid > MAX_RESULTS_PER_ENTRYPOINT) findings.push(evalFinding("tooMany", { count: valid, max: MAX_RESULTS_PER_ENTRYPOINT }));
  return { findings, ruleIds: [...ruleIds].sort() };
}

/** The manifest entry's place for a failure about `entrypoint` (its item in `entrypoints` when listed) or about a part. */
function entryTarget(place: PolicyPlace, entrypoint?: string, part?: "path" | "data"): FindingTarget {
  const base = place.fallback;
  if (base.path === undefined) return { file: base.file };
  const index = entrypoint === undefined ? -1 : (place.requested ?? []).indexOf(entrypoint);
  if (index >= 0) return { file: base.file, path: [...base.path, "entrypoints", index] };
  if (part === "data" && place.hasData) return { file: base.file, path: [...base.path, "data"] };
  if (part !== undefined) return { file: base.file, path: [...base.path, "path"] };
  return { file: base.file, path: base.path };
}

/** The finding a policy's failure becomes: topic `policy-load` before any result was possible, else `policy-eval`. */
export function failureFinding(failure: PolicyFailure, place: PolicyPlace): StageFinding {
  const available = failure.available;
  const data = { policy: place.label, detail: failure.detail, entrypoint: failure.entrypoint ?? "" };
  const load = (messageId: keyof typeof POLICY_LOAD_MESSAGES, part?: "path" | "data", extra: Record<string, string> = {}): StageFinding =>
    stageFinding("policy-load", POLICY_LOAD_MESSAGES, messageId, entryTarget(place, failure.entrypoint, part), { ...data, ...extra });
  const has = available && available.length > 0 ? ` (it has ${available.join(", ")})` : "";
  switch (failure.kind) {
    case "unreadable":
      return load("unreadable", "path");
    case "refused":
      return load("refused", "path");
    case "data":
      return load("data", "data");
    case "missing-entrypoint":
      return load("missingEntrypoint", undefined, { detail: has });
    case "not-a-rule":
      return load("notARule");
    case "no-rules":
      return load("noRules", undefined, { detail: has });
    case "failed":
      return stageFinding("policy-eval", POLICY_EVAL_MESSAGES, "failed", entryTarget(place, failure.entrypoint), { ...data, entrypoint: failure.entrypoint ?? "loading its data" });
    case "stopped":
      return stageFinding("policy-eval", POLICY_EVAL_MESSAGES, "stopped", entryTarget(place, failure.entrypoint), {
        ...data,
        entrypoint: failure.entrypoint === undefined ? "" : ` in ${failure.entrypoint}`,
      });
  }
}
