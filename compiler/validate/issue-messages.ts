import { formatMessage } from "../diagnostics.js";

/**
 * Every sentence a schema issue is worded with, keyed by id; `{{name}}` placeholders are
 * filled with already-quoted text (keys and strings quoted, paths written as people do).
 */
export const ISSUE_MESSAGES = {
  missingRootKey: "missing required key {{key}}",
  missingKey: "missing required key {{key}} in {{where}}",
  missingDependentKey: "missing key {{key}} in {{where}} (required when {{property}} is present)",
  unknownRootKey: "unknown key {{key}} ({{owner}} allows exactly: {{allowed}})",
  unknownRootKeyNear: "unknown key {{key}}; did you mean {{suggestion}}? ({{owner}} allows exactly: {{allowed}})",
  unknownRootKeyUnlisted: "unknown key {{key}}",
  unknownKey: "unknown key {{key}} in {{where}}",
  unknownKeyNear: "unknown key {{key}} in {{where}}; did you mean {{suggestion}}?",
  keyPattern: "key {{key}} in {{where}} must match the pattern {{pattern}}",
  keyNotAllowed: "key {{key}} in {{where}} is not allowed",
  wrongType: "{{where}} must be {{expected}}, got {{got}}",
  notInEnum: "{{where}} must be one of {{choices}}, got {{got}}",
  notConst: "{{where}} must be {{expected}}, got {{got}}",
  noPatternMatch: "{{where}} must match the pattern {{pattern}}, got {{got}}",
  badFormat: "{{where}} must be a valid {{format}}, got {{got}}",
  empty: "{{where}} must not be empty",
  tooFew: "{{where}} must have at least {{limit}}, got {{actual}}",
  tooMany: "{{where}} must have at most {{limit}}, got {{actual}}",
  outOfRange: "{{where}} must be {{comparison}} {{limit}}, got {{got}}",
  notMultiple: "{{where}} must be a multiple of {{factor}}, got {{got}}",
  repeatedItem: "{{item}} repeats {{earlier}}; {{where}} must not list an item twice",
  noAlternative: "{{where}} must be {{alternatives}}, got {{got}}",
  severalAlternatives: "{{where}} matches more than one of the allowed shapes; it must be exactly {{alternatives}}",
  forbidden: "{{where}} is not allowed here",
  otherKeyword: "{{where}} {{detail}}",
} as const;

/** The id of a schema issue sentence. */
export type IssueMessageId = keyof typeof ISSUE_MESSAGES;

/** Words an issue with the sentence of the given id. */
export function issueMessage(id: IssueMessageId, data: Readonly<Record<string, string | number>>): string {
  return formatMessage(ISSUE_MESSAGES[id], data);
}
