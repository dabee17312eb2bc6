import type { ErrorObject } from "ajv";
import type { SchemaIssue } from "../bundle.js";
import type { DocumentKind } from "../constants.js";
import { compareStrings, formatPath, type JsonPath } from "../diagnostics.js";
import { describeType, describeValue, quote, showChoices, showValue } from "./describe-value.js";
import { comparePaths, pointerToPath } from "./instance-path.js";
import { issueMessage, type IssueMessageId } from "./issue-messages.js";
import { foldCase, nearestName } from "../suggest.js";

/** Who sets the rules for a document's top-level keys, as the unknown-key message names it. */
const ROOT_NOUN: Readonly<Record<DocumentKind, string>> = {
  phase: "the protocol",
  manifest: "the manifest",
  mission: "a mission document",
  trajectory: "a trajectory",
  "evidence-bundle": "an evidence bundle",
};

/** Keywords that say a value is of the wrong kind altogether, not merely wrong inside. */
const SHAPE_KEYWORDS = new Set(["type", "const", "enum", "false schema", "anyOf", "oneOf"]);

type AjvError = ErrorObject<string, Record<string, unknown>, unknown>;

/**
 * Turns ajv's errors (from a validator built with `allErrors` and `verbose`) into schema
 * issues worded for people: one issue per problem, at the exact path, without the
 * duplicates that alternatives (`anyOf`, `oneOf`) and `propertyNames` produce, sorted by path
 * and then message.
 */
export function toSchemaIssues(errors: readonly ErrorObject[], root: unknown, kind: DocumentKind): SchemaIssue[] {
  const unique = new Map<string, SchemaIssue>();
  for (const error of resolveAlternatives(errors as readonly AjvError[])) {
    const issue = describeError(error, errors as readonly AjvError[], root, kind);
    if (!issue) continue;
    const id = JSON.stringify([issue.kind, issue.path, issue.on, issue.message]);
    if (!unique.has(id)) unique.set(id, issue);
  }
  return [...unique.values()].sort((a, b) => comparePaths(a.path, b.path) || compareStrings(a.message, b.message));
}

/**
 * Keeps, for each failed `anyOf`/`oneOf`, the errors of the alternative the value was
 * evidently meant to be (the one it fits at the top, with the fewest errors there), or else
 * the composite error alone, to be worded as a choice between the alternatives.
 */
function resolveAlternatives(errors: readonly AjvError[]): AjvError[] {
  const dropped = new Set<AjvError>();
  const composites = errors
    .filter((e) => (e.keyword === "anyOf" || e.keyword === "oneOf") && !matchedSeveral(e))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const composite of composites) {
    if (dropped.has(composite)) continue;
    const branches = new Map<string, AjvError[]>();
    for (const error of errors) {
      if (dropped.has(error) || !isAtOrBelow(error.instancePath, composite.instancePath)) continue;
      const branch = branchOf(error, composite);
      if (branch !== undefined) branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const atTop = (list: readonly AjvError[]) => list.filter((e) => e.instancePath === composite.instancePath);
    const fitting = [...branches.values()].filter((list) => !atTop(list).some((e) => SHAPE_KEYWORDS.has(e.keyword)));
    const best = fitting
      .map((list, order) => ({ list, order, top: atTop(list).length }))
      .sort((a, b) => a.top - b.top || a.list.length - b.list.length || a.order - b.order)[0];
    const keepBranch = best !== undefined && (best.top === 0 || fitting.length === 1);
    for (const list of branches.values()) {
      if (keepBranch && list === best.list) continue;
      for (const error of list) dropped.add(error);
    }
    if (keepBranch) dropped.add(composite);
  }
  return errors.filter((e) => !dropped.has(e));
}

/**
 * The alternative of `composite` that reported `error`: the branch index under the composite's
 * schema path or, for a branch that is a `$ref`, the one whose target the error's schema path is
 * under (ajv reports errors of a referenced schema at the target's path, not the branch's).
 */
function branchOf(error: AjvError, composite: AjvError): string | undefined {
  const prefix = `${composite.schemaPath}/`;
  if (error.schemaPath.startsWith(prefix)) return error.schemaPath.slice(prefix.length).split("/")[0]!;
  const index = asArray(composite.schema).findIndex((branch) => {
    const ref = typeof branch === "object" && branch !== null ? (branch as Record<string, unknown>)["$ref"] : undefined;
    return typeof ref === "string" && error.schemaPath.startsWith(`${ref}/`);
  });
  return index < 0 ? undefined : String(index);
}

function isAtOrBelow(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function matchedSeveral(error: AjvError): boolean {
  return Array.isArray(error.params["passingSchemas"]);
}

/** Words one ajv error; undefined for errors that only restate others. */
function describeError(error: AjvError, all: readonly AjvError[], root: unknown, kind: DocumentKind): SchemaIssue | undefined {
  if ((error as { propertyName?: string }).propertyName !== undefined || error.keyword === "if") return undefined;
  const path = pointerToPath(error.instancePath, root);
  const where = path.length === 0 ? "the document" : formatPath(path);
  const params = error.params;
  const got = showValue(error.data);
  const invalid = (id: IssueMessageId, data: Readonly<Record<string, string | number>> = {}, at: JsonPath = path): SchemaIssue => ({
    kind: "invalid",
    path: at,
    on: "value",
    message: issueMessage(id, { where, got, ...data }),
  });

  switch (error.keyword) {
    case "required": {
      const key = String(params["missingProperty"]);
      const message = issueMessage(path.length === 0 ? "missingRootKey" : "missingKey", { key: quote(key), where });
      return { kind: "required", path, on: "value", key, message };
    }
    case "dependentRequired": {
      const key = String(params["missingProperty"]);
      const message = issueMessage("missingDependentKey", { key: quote(key), where, property: quote(String(params["property"])) });
      return { kind: "required", path, on: "value", key, message };
    }
    case "additionalProperties":
    case "unevaluatedProperties": {
      const key = String(params["additionalProperty"] ?? params["unevaluatedProperty"]);
      return { kind: "unknown-key", path: [...path, key], on: "key", key, message: unknownKeyMessage(key, path, where, error, kind) };
    }
    case "propertyNames": {
      const key = String(params["propertyName"]);
      const inner = all.find((e) => (e as { propertyName?: string }).propertyName === key && e.schemaPath.startsWith(`${error.schemaPath}/`));
      const message =
        inner?.keyword === "pattern"
          ? issueMessage("keyPattern", { key: quote(key), where, pattern: String(inner.params["pattern"]) })
          : issueMessage("keyNotAllowed", { key: quote(key), where });
      return { kind: "invalid", path: [...path, key], on: "key", message };
    }
    case "type":
      return invalid("wrongType", { expected: describeType(params["type"]), got: describeValue(error.data) });
    case "enum":
      return invalid("notInEnum", { choices: showChoices(asArray(params["allowedValues"])) });
    case "const":
      return invalid("notConst", { expected: showValue(params["allowedValue"]) });
    case "pattern":
      return invalid("noPatternMatch", { pattern: String(params["pattern"]) });
    case "format":
      return invalid("badFormat", { format: String(params["format"]) });
    case "minLength":
    case "maxLength":
      return sizeIssue(error.keyword, Number(params["limit"]), "character", lengthOf(error.data), invalid);
    case "minItems":
    case "maxItems":
      return sizeIssue(error.keyword, Number(params["limit"]), "item", Array.isArray(error.data) ? error.data.length : 0, invalid);
    case "minProperties":
    case "maxProperties":
      return sizeIssue(error.keyword, Number(params["limit"]), "key", keyCount(error.data), invalid);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return invalid("outOfRange", { comparison: String(params["comparison"]), limit: String(params["limit"]) });
    case "multipleOf":
      return invalid("notMultiple", { factor: String(params["multipleOf"]) });
    case "uniqueItems": {
      const later = Math.max(Number(params["i"]), Number(params["j"]));
      const earlier = Math.min(Number(params["i"]), Number(params["j"]));
      const data = { item: formatPath([...path, later]), earlier: formatPath([...path, earlier]) };
      return invalid("repeatedItem", data, [...path, later]);
    }
    case "anyOf":
    case "oneOf":
      return matchedSeveral(error)
        ? invalid("severalAlternatives", { alternatives: alternatives(error, all) })
        : invalid("noAlternative", { alternatives: alternatives(error, all), got: describeValue(error.data) });
    case "false schema":
      return invalid("forbidden");
    default:
      return invalid("otherKeyword", { detail: error.message ?? `fails the schema's ${error.keyword} check` });
  }
}

function unknownKeyMessage(key: string, path: JsonPath, where: string, error: AjvError, kind: DocumentKind): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  // `$schema` (allowed in JSON documents, for editors) is no key of the protocol's to list or suggest.
  const allowed = properties ? Object.keys(properties).filter((name) => name !== "$schema") : [];
  const suggestion = nearestName(key, allowed, { fold: foldCase });
  if (path.length > 0) {
    return suggestion === undefined
      ? issueMessage("unknownKey", { key: quote(key), where })
      : issueMessage("unknownKeyNear", { key: quote(key), where, suggestion: quote(suggestion) });
  }
  if (allowed.length === 0) return issueMessage("unknownRootKeyUnlisted", { key: quote(key) });
  return suggestion === undefined
    ? issueMessage("unknownRootKey", { key: quote(key), owner: ROOT_NOUN[kind], allowed: allowed.join(", ") })
    : issueMessage("unknownRootKeyNear", { key: quote(key), owner: ROOT_NOUN[kind], allowed: allowed.join(", "), suggestion: quote(suggestion) });
}

function sizeIssue(
  keyword: string,
  limit: number,
  unit: string,
  actual: number,
  invalid: (id: IssueMessageId, data: Readonly<Record<string, string | number>>) => SchemaIssue,
): SchemaIssue {
  const counted = `${limit} ${unit}${limit === 1 ? "" : "s"}`;
  if (!keyword.startsWith("min")) return invalid("tooMany", { limit: counted, actual });
  return limit === 1 ? invalid("empty", {}) : invalid("tooFew", { limit: counted, actual });
}

/**
 * The alternatives of an `anyOf`/`oneOf` in words: their types when that tells them apart,
 * else each by the keys it requires, its title, or what it is.
 */
function alternatives(composite: AjvError, all: readonly AjvError[]): string {
  const branches = asArray(composite.schema).map((b) => (typeof b === "object" && b !== null ? (b as Record<string, unknown>) : {}));
  const types = branches.map((b) => b["type"] ?? referencedType(b["$ref"], composite, all));
  if (types.every((t) => typeof t === "string") && new Set(types).size === types.length) return describeType(types);
  const names = branches.map((b, i) => {
    const required = asArray(b["required"]).filter((k): k is string => typeof k === "string");
    if (required.length > 0) return `an object with ${required.map(quote).join(" and ")}`;
    // A string or number branch is told by its type, not by the title of its generated TypeScript type.
    const type = types[i];
    if (typeof type === "string" && type !== "object" && type !== "array") return describeType(type);
    if (typeof b["title"] === "string") return b["title"];
    if (typeof b["$ref"] === "string") return b["$ref"].slice(b["$ref"].lastIndexOf("/") + 1);
    if (b["const"] !== undefined) return showValue(b["const"]);
    return type !== undefined ? describeType(type) : `shape ${i + 1}`;
  });
  return names.length === 2 ? `either ${names[0]} or ${names[1]}` : `one of: ${names.join("; ")}`;
}

/** The type a `$ref` branch demands, read from the type error its target reported at the composite's value. */
function referencedType(ref: unknown, composite: AjvError, all: readonly AjvError[]): unknown {
  if (typeof ref !== "string") return undefined;
  const error = all.find((e) => e.keyword === "type" && e.schemaPath === `${ref}/type` && e.instancePath === composite.instancePath);
  return error?.params["type"];
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function lengthOf(value: unknown): number {
  return typeof value === "string" ? [...value].length : 0;
}

function keyCount(value: unknown): number {
  return typeof value === "object" && value !== null ? Object.keys(value).length : 0;
}

/** The message id schema rules report each kind of issue under. */
export const ISSUE_MESSAGE_ID = {
  required: "missingKey",
  "unknown-key": "unknownKey",
  invalid: "invalid",
} as const satisfies Readonly<Record<SchemaIssue["kind"], string>>;
