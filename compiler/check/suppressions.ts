import type { Bundle, LoadedDocument } from "../bundle.js";
import { stageFinding, type AnyFinding, type Finding, type JsonPath } from "../diagnostics.js";
import { asRecord, own } from "../guards.js";

/** Messages of the suppression pass's findings (topic `suppression`), keyed by message id (`suppression/unused` takes this table). */
export const SUPPRESSION_MESSAGES = {
  unused: "suppression of {{rule}}{{scope}} matches no diagnostic; remove it",
  badPath: 'suppression of {{rule}} has path "{{path}}", which is not a dotted path such as module_scope.write_modules[0]',
} as const;

/** Shortest reason a suppression must give (the schemas enforce the same). */
const MIN_REASON_LENGTH = 10;

/** A suppression as declared in a document. */
export interface Suppression {
  file: string;
  rule: string;
  /** Only findings at or below this path are dropped; absent means the whole file. */
  path?: JsonPath;
  /** The path as written. */
  pathText?: string;
  /** Where the suppression is declared in its document. */
  at: JsonPath;
}

/**
 * Parses a dotted path as `formatPath` prints it: keys joined by `.`, array indices in brackets,
 * odd keys as bracketed JSON strings (`a.b[0]`, `x["odd key"]`). Undefined when malformed.
 */
export function parseDottedPath(text: string): JsonPath | undefined {
  const path: (string | number)[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    const index = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    const key = (first ? /^([^.[\]]+)/ : /^\.([^.[\]]+)/).exec(rest);
    if (index) {
      path.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (quoted) {
      try {
        path.push(JSON.parse(quoted[1]!) as string);
      } catch {
        return undefined;
      }
      rest = rest.slice(quoted[0].length);
    } else if (key) {
      path.push(key[1]!);
      rest = rest.slice(key[0].length);
    } else {
      return undefined;
    }
    first = false;
  }
  return path.length > 0 ? path : undefined;
}

/** Reads the suppressions of one document from the list at `listPath`; malformed entries are left to the schema. */
function suppressionsAt(document: LoadedDocument<unknown>, listPath: JsonPath): Suppression[] {
  let list: unknown = document.data;
  for (const key of listPath) list = own(list, String(key));
  if (!Array.isArray(list)) return [];
  const out: Suppression[] = [];
  list.forEach((item, index) => {
    const rule = own(item, "rule");
    const reason = own(item, "reason");
    const path = own(item, "path");
    if (!asRecord(item) || typeof rule !== "string" || typeof reason !== "string" || reason.length < MIN_REASON_LENGTH) return;
    if (path !== undefined && typeof path !== "string") return;
    const suppression: Suppression = { file: document.document.file, rule, at: [...listPath, index] };
    if (path !== undefined) suppression.pathText = path;
    out.push(suppression);
  });
  return out;
}

/** The documents that may declare suppressions. */
export interface SuppressingDocuments {
  phases: readonly LoadedDocument<unknown>[];
  missions: readonly LoadedDocument<unknown>[];
}

/** Every suppression the documents declare: `phase_meta.suppressions` of phases, `suppressions` of missions. */
export function collectSuppressions(documents: SuppressingDocuments): Suppression[] {
  return [
    ...documents.phases.flatMap((phase) => suppressionsAt(phase, ["phase_meta", "suppressions"])),
    ...documents.missions.flatMap((mission) => suppressionsAt(mission, ["suppressions"])),
  ];
}

function startsWith(path: JsonPath | undefined, prefix: JsonPath): boolean {
  return path !== undefined && prefix.length <= path.length && prefix.every((part, i) => path[i] === part);
}

function matches(suppression: Suppression, finding: Finding): boolean {
  return (
    finding.file === suppression.file &&
    finding.ruleId === suppression.rule &&
    (suppression.path === undefined || startsWith(finding.path, suppression.path))
  );
}

/**
 * Drops the findings a document suppresses: same file, same rule, and at or below the
 * suppression's path when it gives one. Each suppression that drops nothing, or whose path
 * cannot be parsed, becomes a warning of topic `suppression` at the suppression.
 */
export function applySuppressions(findings: readonly Finding[], bundle: Bundle | undefined): AnyFinding[] {
  return bundle ? applyDocumentSuppressions(findings, bundle, { reportUnused: true }) : [...findings];
}

/**
 * The same over loose documents. `validate` runs no bundle rules, so it passes
 * `reportUnused: false`: a suppression of a bundle rule is not stale just because that rule
 * did not run. A malformed path is reported either way.
 */
export function applyDocumentSuppressions(
  findings: readonly Finding[],
  documents: SuppressingDocuments,
  options: { reportUnused: boolean },
): AnyFinding[] {
  const suppressions = collectSuppressions(documents);
  if (suppressions.length === 0) return [...findings];
  const problems: AnyFinding[] = [];
  const active: Suppression[] = [];
  for (const suppression of suppressions) {
    if (suppression.pathText === undefined) {
      active.push(suppression);
      continue;
    }
    const path = parseDottedPath(suppression.pathText);
    if (path) {
      active.push({ ...suppression, path });
    } else {
      problems.push(unusedFinding(suppression, "badPath", { rule: suppression.rule, path: suppression.pathText }));
    }
  }
  const used = new Set<Suppression>();
  const kept = findings.filter((finding) => {
    const hits = active.filter((suppression) => matches(suppression, finding));
    for (const hit of hits) used.add(hit);
    return hits.length === 0;
  });
  for (const suppression of active) {
    if (used.has(suppression) || !options.reportUnused) continue;
    const scope = suppression.pathText !== undefined ? ` at ${suppression.pathText}` : "";
    problems.push(unusedFinding(suppression, "unused", { rule: suppression.rule, scope }));
  }
  return [...kept, ...problems];
}

function unusedFinding(
  suppression: Suppression,
  messageId: keyof typeof SUPPRESSION_MESSAGES,
  data: Readonly<Record<string, string>>,
): AnyFinding {
  return stageFinding("suppression", SUPPRESSION_MESSAGES, messageId, { file: suppression.file, path: suppression.at, severity: "warning" }, data);
}
