/**
 * Reads acceptance criteria such as "lease validation latency p99 <= 5 ms" as
 * `metric comparator threshold unit`, so that rules can tell measurable criteria from prose
 * and generated tests can assert them against metrics. A hand-written scanner: linear in the
 * length of the text, no backtracking regular expressions.
 */

/** A comparator in canonical form. */
export type Comparator = "<" | "<=" | ">" | ">=" | "=" | "!=";

/** An acceptance criterion read as `metric comparator threshold unit`. */
export interface AcceptanceCriterion {
  /** What is measured, as written: "lease validation latency p99". */
  metric: string;
  comparator: Comparator;
  threshold: number;
  /** The threshold's unit as written ("ms", "minutes", "%", "requests per second"); "" for a plain number. */
  unit: string;
}

type TokenKind = "word" | "number" | "symbol" | "punct";

interface Token {
  kind: TokenKind;
  /** The source text; lower-cased for words. */
  text: string;
  start: number;
  end: number;
  /** The numeric value of a number token. */
  value?: number;
}

const SYMBOL_COMPARATORS: Readonly<Record<string, Comparator>> = {
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  "=": "=",
  "==": "=",
  "!=": "!=",
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
};

/** Comparators written as words; the longest phrase starting at a word wins ("no more than" over "more than"). */
const WORD_COMPARATOR_TABLE: readonly (readonly [string, Comparator])[] = [
  ["less than or equal to", "<="],
  ["greater than or equal to", ">="],
  ["more than or equal to", ">="],
  ["at least", ">="],
  ["no less than", ">="],
  ["not less than", ">="],
  ["no fewer than", ">="],
  ["not fewer than", ">="],
  ["at or above", ">="],
  ["minimum of", ">="],
  ["at most", "<="],
  ["no more than", "<="],
  ["not more than", "<="],
  ["no greater than", "<="],
  ["not exceeding", "<="],
  ["does not exceed", "<="],
  ["do not exceed", "<="],
  ["at or below", "<="],
  ["maximum of", "<="],
  ["up to", "<="],
  ["within", "<="],
  ["less than", "<"],
  ["fewer than", "<"],
  ["lower than", "<"],
  ["under", "<"],
  ["below", "<"],
  ["more than", ">"],
  ["greater than", ">"],
  ["higher than", ">"],
  ["above", ">"],
  ["over", ">"],
  ["exceeds", ">"],
  ["exceed", ">"],
  ["not equal to", "!="],
  ["equal to", "="],
  ["equals", "="],
  ["exactly", "="],
];

type WordComparator = { words: readonly string[]; comparator: Comparator };

/** The word comparators by their first word, longest first. */
const WORD_COMPARATORS: ReadonlyMap<string, readonly WordComparator[]> = (() => {
  const groups = new Map<string, WordComparator[]>();
  for (const [phrase, comparator] of WORD_COMPARATOR_TABLE) {
    const words = phrase.split(" ");
    groups.set(words[0]!, [...(groups.get(words[0]!) ?? []), { words, comparator }]);
  }
  for (const group of groups.values()) group.sort((x, y) => y.words.length - x.words.length);
  return groups;
})();

/** The comparator that holds exactly when `comparator` does not: "no request takes > 5 s" is "<= 5 s". */
const NEGATED: Readonly<Record<Comparator, Comparator>> = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "=" };

/** Words read as a number. */
const NUMBER_WORDS: Readonly<Record<string, number>> = { zero: 0, none: 0 };

/** Words after a number that are not its unit. */
const NOT_UNITS = new Set([
  "a", "an", "the", "and", "or", "of", "for", "per", "in", "on", "at", "to", "by", "from", "with", "within", "across",
  "during", "over", "under", "above", "below", "when", "while", "after", "before", "than", "is", "are", "be", "if",
  "until", "via", "as", "each", "every", "all", "any", "no", "not",
]);

/** Words between a metric and its comparator that carry no meaning of their own. */
const FILLER = new Set([
  "is", "are", "be", "been", "being", "must", "should", "shall", "will", "can", "may", "stays", "stay", "remains",
  "remain", "kept", "keep", "has", "have", "always", "to", "of", "at",
]);

/** Fillers that turn the comparator around: "latency never exceeds 5 ms". */
const NEGATING_FILLER = new Set(["never", "not"]);

/** "5 ms or less" and "3 replicas or more". */
const TRAILING_COMPARATORS: Readonly<Record<string, Comparator>> = {
  less: "<=",
  fewer: "<=",
  lower: "<=",
  below: "<=",
  under: "<=",
  more: ">=",
  greater: ">=",
  higher: ">=",
  above: ">=",
  over: ">=",
};

const COMPARATOR_CHARS = "<>=!≤≥≠";

const LETTER = /[\p{L}\p{M}]/u;

function isLetter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return LETTER.test(ch);
}

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || (ch.charCodeAt(0) >= 0x80 && /\s/u.test(ch));
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function isWordContinuation(text: string, i: number): boolean {
  const ch = text[i]!;
  if (isDigit(ch) || ch === "_" || isLetter(ch)) return true;
  // Joiners stay inside a word only between word characters: "cross-tenant", "req/s".
  if (ch === "-" || ch === "/" || ch === "'" || ch === ".") {
    const next = text[i + 1];
    return next !== undefined && (isLetter(next) || (ch !== "." && isDigit(next)));
  }
  return false;
}

/** Splits text into words, numbers, comparator symbols and single punctuation characters. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const start = i;
    if (isSpace(ch)) {
      i++;
    } else if (isDigit(ch) || (ch === "-" && isDigit(text[i + 1]) && signAllowedAt(text, i))) {
      if (ch === "-") i++;
      while (isDigit(text[i])) i++;
      // Thousands separators: "10,000".
      while (text[i] === "," && isDigit(text[i + 1]) && isDigit(text[i + 2]) && isDigit(text[i + 3]) && !isDigit(text[i + 4])) i += 4;
      if (text[i] === "." && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      const literal = text.slice(start, i);
      tokens.push({ kind: "number", text: literal, start, end: i, value: Number(literal.replaceAll(",", "")) });
    } else if (isLetter(ch)) {
      i++;
      while (i < text.length && isWordContinuation(text, i)) i++;
      tokens.push({ kind: "word", text: text.slice(start, i).toLowerCase(), start, end: i });
    } else if (COMPARATOR_CHARS.includes(ch)) {
      while (i < text.length && COMPARATOR_CHARS.includes(text[i]!)) i++;
      tokens.push({ kind: "symbol", text: text.slice(start, i), start, end: i });
    } else {
      i++;
      tokens.push({ kind: "punct", text: ch, start, end: i });
    }
  }
  return tokens;
}

/** Whether a `-` at `i` can be a minus sign: not a hyphen ("10%-30%") nor part of an arrow. */
function signAllowedAt(text: string, i: number): boolean {
  const before = text[i - 1];
  return before === undefined || isSpace(before) || "(<>=≤≥≠".includes(before);
}

/** The comparator starting at token `i`, and the index after it. */
function comparatorAt(tokens: readonly Token[], i: number): { comparator: Comparator; next: number } | undefined {
  const token = tokens[i]!;
  if (token.kind === "symbol") {
    const comparator = SYMBOL_COMPARATORS[token.text];
    // "->" and "=>" are arrows, not comparisons.
    const arrow = tokens[i - 1]?.kind === "punct" && tokens[i - 1]!.text === "-" && tokens[i - 1]!.end === token.start;
    return comparator && !arrow ? { comparator, next: i + 1 } : undefined;
  }
  if (token.kind !== "word") return undefined;
  for (const { words, comparator } of WORD_COMPARATORS.get(token.text) ?? []) {
    if (words.every((word, k) => tokens[i + k]?.kind === "word" && tokens[i + k]!.text === word)) {
      return { comparator, next: i + words.length };
    }
  }
  return undefined;
}

/** The number at token `i` (digits or "zero"). */
function numberAt(tokens: readonly Token[], i: number): number | undefined {
  const token = tokens[i];
  if (token?.kind === "number") return Number.isFinite(token.value) ? token.value : undefined;
  if (token?.kind === "word" && Object.prototype.hasOwnProperty.call(NUMBER_WORDS, token.text)) return NUMBER_WORDS[token.text];
  return undefined;
}

/** The unit after the number at `i - 1`: "%", "ms", "requests per second"; and the index after it. */
function unitAt(text: string, tokens: readonly Token[], i: number): { unit: string; next: number } {
  const token = tokens[i];
  if (!token) return { unit: "", next: i };
  if (token.kind === "punct" && token.text === "%") return { unit: "%", next: i + 1 };
  if (token.kind !== "word" || NOT_UNITS.has(token.text) || TRAILING_COMPARATORS[token.text] !== undefined) return { unit: "", next: i };
  if (token.text === "percent" || token.text === "pct") return { unit: "%", next: i + 1 };
  const per = tokens[i + 1];
  const denominator = tokens[i + 2];
  if (per?.kind === "word" && per.text === "per" && denominator?.kind === "word" && !NOT_UNITS.has(denominator.text)) {
    return { unit: text.slice(token.start, denominator.end), next: i + 3 };
  }
  return { unit: text.slice(token.start, token.end), next: i + 1 };
}

/** Trims punctuation and whitespace from both ends of a slice of the text. */
function trimPhrase(phrase: string): string {
  let start = 0;
  let end = phrase.length;
  while (start < end && /^[\s:,;(\-–—]$/u.test(phrase[start]!)) start++;
  while (end > start && /^[\s:,;(\-–—]$/u.test(phrase[end - 1]!)) end--;
  return phrase.slice(start, end);
}

/** The index after a leading "no", "zero" or "none of", or 0 when the text does not start with one. */
function leadingNone(tokens: readonly Token[]): number {
  const [first, second] = tokens;
  if (first?.kind !== "word" || !(first.text === "no" || first.text === "zero" || first.text === "none")) return 0;
  return second?.kind === "word" && second.text === "of" ? 2 : 1;
}

/**
 * The metric before token `end`: drops filler words such as "must be" at its end and a
 * leading "no"/"zero"/"none of", reporting whether either turned the comparison around.
 */
function metricBefore(text: string, tokens: readonly Token[], end: number): { metric: string; negated: boolean } {
  let negated = false;
  let last = end - 1;
  while (last >= 0 && tokens[last]!.kind === "word" && (FILLER.has(tokens[last]!.text) || NEGATING_FILLER.has(tokens[last]!.text))) {
    if (NEGATING_FILLER.has(tokens[last]!.text)) negated = !negated;
    last--;
  }
  const first = leadingNone(tokens);
  if (first > 0 && last >= first) negated = !negated;
  if (last < first) return { metric: "", negated };
  return { metric: trimPhrase(text.slice(tokens[first]!.start, tokens[last]!.end)), negated };
}

/** `comparator threshold unit` anywhere in the text: "p99 latency <= 5 ms", "MTTR under 15 minutes". */
function parseComparison(text: string, tokens: readonly Token[]): AcceptanceCriterion | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const found = comparatorAt(tokens, i);
    if (!found) continue;
    const threshold = numberAt(tokens, found.next);
    if (threshold === undefined) continue;
    const { unit, next } = unitAt(text, tokens, found.next + 1);
    const { metric, negated } = metricBefore(text, tokens, i);
    const comparator = negated ? NEGATED[found.comparator] : found.comparator;
    const from = tokens[next]?.kind === "word" && tokens[next]!.text === "of" ? next + 1 : next;
    const after = from < tokens.length ? trimPhrase(text.slice(tokens[from]!.start)) : "";
    const named = metric || after || unit;
    if (!named) return undefined;
    return { metric: named, comparator, threshold, unit };
  }
  return undefined;
}

/** `threshold [words] or less|more`: "replay drift of 0.1% or less", "3 healthy replicas or more". */
function parseTrailingComparison(text: string, tokens: readonly Token[]): AcceptanceCriterion | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const threshold = numberAt(tokens, i);
    if (threshold === undefined) continue;
    const percent = tokens[i + 1]?.kind === "punct" && tokens[i + 1]!.text === "%";
    let or = percent ? i + 2 : i + 1;
    while (or < i + 5 && tokens[or]?.kind === "word" && tokens[or]!.text !== "or") or++;
    const orToken = tokens[or];
    const word = tokens[or + 1];
    if (orToken?.kind !== "word" || orToken.text !== "or" || word?.kind !== "word") continue;
    const found = TRAILING_COMPARATORS[word.text];
    if (!found) continue;
    const unit = percent ? "%" : or > i + 1 ? text.slice(tokens[i + 1]!.start, tokens[or - 1]!.end) : "";
    const { metric, negated } = metricBefore(text, tokens, i);
    const named = metric || unit;
    if (!named) return undefined;
    return { metric: named, comparator: negated ? NEGATED[found] : found, threshold, unit };
  }
  return undefined;
}

/** Quantifiers at the start: "zero cross-tenant leaks" (= 0), "all execution through the gate" (= 100 %). */
function parseQuantifier(text: string, tokens: readonly Token[]): AcceptanceCriterion | undefined {
  const [first, second, third] = tokens;
  // "no more than three retries" is a comparison without a number, not "= 0".
  if (!first || comparatorAt(tokens, 0)) return undefined;
  let rest: number;
  let threshold: number;
  let unit: string;
  if (leadingNone(tokens) > 0) {
    rest = leadingNone(tokens);
    threshold = 0;
    unit = "";
  } else if (first.kind === "word" && (first.text === "all" || first.text === "every")) {
    rest = second?.kind === "word" && second.text === "of" ? 2 : 1;
    threshold = 100;
    unit = "%";
  } else if (first.kind === "number" && first.value === 100 && second?.kind === "punct" && second.text === "%") {
    rest = third?.kind === "word" && third.text === "of" ? 3 : 2;
    threshold = 100;
    unit = "%";
  } else {
    return undefined;
  }
  const start = tokens[rest];
  if (!start) return undefined;
  const metric = trimPhrase(text.slice(start.start));
  return metric ? { metric, comparator: "=", threshold, unit } : undefined;
}

/**
 * Reads an acceptance criterion as `metric comparator threshold unit`, or undefined when it
 * states no comparison. Comparators may be symbols (`<=`, `≥`, `!=`) or words ("at least",
 * "under", "within", "no more than"); "zero …"/"no …" mean `= 0` and "all …"/"100% …" mean `= 100 %`.
 */
export function parseAcceptance(text: string): AcceptanceCriterion | undefined {
  if (typeof text !== "string") return undefined;
  const tokens = tokenize(text);
  return parseComparison(text, tokens) ?? parseTrailingComparison(text, tokens) ?? parseQuantifier(text, tokens);
}

/**
 * Whether a criterion can be checked by a measurement: it parses, or it at least names a
 * number and a comparator somewhere ("latency stays under the 5 ms budget").
 */
export function isMeasurable(text: string): boolean {
  if (typeof text !== "string") return false;
  const tokens = tokenize(text);
  if (parseComparison(text, tokens) ?? parseTrailingComparison(text, tokens) ?? parseQuantifier(text, tokens)) return true;
  let number = false;
  let comparator = false;
  for (let i = 0; i < tokens.length && !(number && comparator); i++) {
    if (numberAt(tokens, i) !== undefined) number = true;
    if (comparatorAt(tokens, i)) comparator = true;
  }
  return number && comparator;
}
