/**
 * Reads acceptance criteria such as "lease validation latency p99 <= 5 ms" as clauses of
 * `metric comparator threshold unit [per N unit]`, so that rules can tell measurable criteria
 * from prose and generated tests can assert them against metrics (and, later, rollback
 * triggers against observed metrics). A criterion is read exactly or not at all: a number it
 * cannot take at its word (`1e309`, `1,00`, `1.2.3`, `5k`), a range, an "or" after a
 * comparison, or a clause without a threshold make it `inexact`, never a wrong threshold.
 * A hand-written scanner: linear in the length of the text, no backtracking regular expressions.
 */

/** A comparator in canonical form. */
export type Comparator = "<" | "<=" | ">" | ">=" | "=" | "!=";

/** The denominator of a rate: "per 1,000 requests" is `{ per: 1000, unit: "requests" }`, "per day" `{ per: 1, unit: "day" }`. */
export interface Rate {
  per: number;
  unit: string;
}

/** One comparison of a criterion: `metric comparator threshold unit`, and its rate when it states one. */
export interface CriterionClause {
  /** What is measured, as written: "lease validation latency p99". */
  metric: string;
  comparator: Comparator;
  threshold: number;
  /** The threshold's unit as written ("ms", "minutes", "%", "requests"); "" for a plain number. */
  unit: string;
  /** "5 errors per 1,000 requests": the measured value is a count per that many of `rate.unit`. */
  rate?: Rate;
}

/** A single-clause reading, as `parseAcceptance` returns it. */
export type AcceptanceCriterion = CriterionClause;

/** Why a criterion that states a comparison cannot be read exactly. */
export type InexactReason =
  /** A number too large (or too small) for a double: `1e309`. */
  | "overflow"
  /** A number with more digits than a double holds: `12345678901234567891`, `1e-400`. */
  | "imprecise"
  /** Digits that are not one number: `1,00`, `0,5`, `1__0`, `0x1G`, `1.2.3`. */
  | "ambiguous-number"
  /** A number with a multiplier suffix: `5k`, `2M`. */
  | "multiplier"
  /** "between 5 and 10 ms". */
  | "range"
  /** A comparison followed by "or": "latency < 5 ms or cached". */
  | "disjunction"
  /** A clause joined by "and" (or a second comparison in one clause) that cannot be read on its own. */
  | "clause"
  /** A number and a comparator that do not read as `metric comparator threshold`: "stays under the 5 ms budget". */
  | "unread";

/**
 * What a criterion says: `exact` clauses, all of which must hold; `inexact` when it states a
 * comparison that cannot be read exactly (`detail` quotes the number or phrase at fault); or
 * `none` when it states no comparison at all.
 */
export type CriterionReading =
  | { status: "exact"; clauses: CriterionClause[] }
  | { status: "inexact"; reason: InexactReason; detail: string }
  | { status: "none" };

type TokenKind = "word" | "number" | "symbol" | "punct";

/** A number literal that cannot be taken at its word, and why. */
type NumberProblem = Extract<InexactReason, "overflow" | "imprecise" | "ambiguous-number" | "multiplier">;

interface Token {
  kind: TokenKind;
  /** The source text; lower-cased for words. */
  text: string;
  start: number;
  end: number;
  /** The numeric value of a number token. */
  value?: number;
  /** Set on a number token whose value is not exactly what its digits say. */
  problem?: NumberProblem;
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

/** Words that join the clauses of a criterion. */
const CONJUNCTIONS = new Set(["and"]);

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
      const number = scanNumber(text, i);
      i = number.end;
      const token: Token = { kind: "number", text: text.slice(start, i), start, end: i, value: number.value };
      if (number.problem) token.problem = number.problem;
      tokens.push(token);
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

const RADIX: Readonly<Record<string, { radix: number; digit: RegExp }>> = {
  x: { radix: 16, digit: /[0-9a-f]/i },
  o: { radix: 8, digit: /[0-7]/ },
  b: { radix: 2, digit: /[01]/ },
};

/** Whether `_` separators in a run of digits sit only between two digits, as in JavaScript. */
function wellSeparated(run: string): boolean {
  return !run.startsWith("_") && !run.endsWith("_") && !run.includes("__");
}

/**
 * Scans the number literal at `i` (after an optional minus): decimal with `_` or `,` thousands
 * separators, a fraction and an exponent (`1_000`, `1,000.5`, `1e3`), or `0x`, `0o`, `0b`
 * integers. Whatever runs on from the literal in digits, commas or dots is taken in, so that
 * `1,00` or `1.2.3` is one token marked ambiguous, never a shorter number.
 */
function scanNumber(text: string, i: number): { end: number; value: number; problem?: NumberProblem } {
  const negative = text[i] === "-";
  if (negative) i++;
  const prefix = text[i] === "0" ? RADIX[(text[i + 1] ?? "").toLowerCase()] : undefined;
  if (prefix && prefix.digit.test(text[i + 2] ?? "")) {
    i += 2;
    const from = i;
    while (i < text.length && (prefix.digit.test(text[i]!) || text[i] === "_")) i++;
    const run = text.slice(from, i);
    let problem: NumberProblem | undefined = wellSeparated(run) ? undefined : "ambiguous-number";
    // "0x1G", "0b102": the literal runs on in characters of no radix.
    while (i < text.length && /[0-9a-z_]/i.test(text[i]!)) {
      i++;
      problem = "ambiguous-number";
    }
    const magnitude = Number.parseInt(run.replaceAll("_", ""), prefix.radix);
    const value = negative ? -magnitude : magnitude;
    if (!problem && !Number.isSafeInteger(magnitude)) problem = Number.isFinite(magnitude) ? "imprecise" : "overflow";
    return problem ? { end: i, value, problem } : { end: i, value };
  }
  let ambiguous = false;
  const digitRun = (): string => {
    const from = i;
    while (i < text.length && (isDigit(text[i]) || text[i] === "_")) i++;
    const run = text.slice(from, i);
    if (!wellSeparated(run)) ambiguous = true;
    return run;
  };
  let integer = digitRun();
  // Thousands separators: "10,000" and "1,000,000"; any other digits after a comma ("1,00",
  // "0,5", "1,0000") make the literal ambiguous rather than a smaller number.
  if (text[i] === "," && isDigit(text[i + 1])) {
    const groups: string[] = [];
    while (text[i] === "," && isDigit(text[i + 1])) {
      i++;
      groups.push(digitRun());
    }
    if (integer.length > 3 || integer.includes("_") || groups.some((group) => group.length !== 3)) ambiguous = true;
    integer = [integer, ...groups].join("");
  }
  let fraction = "";
  if (text[i] === "." && isDigit(text[i + 1])) {
    i++;
    fraction = digitRun();
    // "1.2.3" is a version, "1.5,2" a list: neither is one number.
    while ((text[i] === "." || text[i] === ",") && isDigit(text[i + 1])) {
      i++;
      digitRun();
      ambiguous = true;
    }
  }
  let exponent = "";
  const sign = text[i + 1] === "+" || text[i + 1] === "-" ? 1 : 0;
  if ((text[i] === "e" || text[i] === "E") && isDigit(text[i + 1 + sign])) {
    const from = i + 1;
    i += 1 + sign;
    digitRun();
    exponent = text.slice(from, i);
  }
  const literal = `${integer}${fraction ? `.${fraction}` : ""}${exponent ? `e${exponent}` : ""}`.replaceAll("_", "");
  const magnitude = Number(literal);
  const value = negative ? -magnitude : magnitude;
  // "1e1e1", "5x10", "2h30m": letters with digits run on from the literal, which is no one number.
  let after = i;
  while (after < text.length && (isLetter(text[after]!) || isDigit(text[after]))) after++;
  if (after > i && isLetter(text[i]!) && /[0-9]/u.test(text.slice(i, after))) return { end: after, value, problem: "ambiguous-number" };
  // "5k requests", "2M tokens": a multiplier, not a unit; written out it is exact.
  if ((text[i] === "k" || text[i] === "K" || text[i] === "M") && !isLetter(text[i + 1] ?? " ")) return { end: i + 1, value, problem: "multiplier" };
  if (ambiguous) return { end: i, value, problem: "ambiguous-number" };
  if (!Number.isFinite(magnitude)) return { end: i, value, problem: "overflow" };
  if (!sameDecimal(literal, magnitude)) return { end: i, value, problem: "imprecise" };
  return { end: i, value };
}

/** A decimal literal (no sign, no separators) as its significant digits and a power of ten, with no zeros to spare. */
function decimalParts(literal: string): { digits: string; exponent: number } {
  const [mantissa = "", power = "0"] = literal.toLowerCase().split("e");
  const [integer = "", fraction = ""] = mantissa.split(".");
  let digits = `${integer}${fraction}`.replace(/^0+/u, "");
  let exponent = Number.parseInt(power, 10) - fraction.length;
  const trimmed = digits.replace(/0+$/u, "");
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  return digits === "" ? { digits: "0", exponent: 0 } : { digits, exponent };
}

/** Whether the double `value` is exactly the decimal `literal` says, digit for digit (its shortest form equals it). */
function sameDecimal(literal: string, value: number): boolean {
  const a = decimalParts(literal);
  const b = decimalParts(String(value));
  return a.digits === b.digits && a.exponent === b.exponent;
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

/** Whether token `i` is a number (digits, or "zero"/"none"). */
function isNumberAt(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  return token?.kind === "number" || (token?.kind === "word" && Object.prototype.hasOwnProperty.call(NUMBER_WORDS, token.text));
}

/** The value of the number at token `i`, which {@link isNumberAt}. */
function numberValue(token: Token): number {
  return token.kind === "number" ? token.value! : NUMBER_WORDS[token.text]!;
}

/** A clause as read, with the number tokens it took its threshold and rate from (to check their problems). */
interface ReadClause {
  clause: CriterionClause;
  numbers: Token[];
  /** The token after the last one the clause consumed (its unit, rate or trailing comparator). */
  end: number;
}

/**
 * The unit after the number at `i - 1` ("%", "ms", "requests") and its rate ("per 1,000
 * requests", "per second"), and the index after them.
 */
function unitAt(text: string, tokens: readonly Token[], i: number): { unit: string; rate?: { rate: Rate; number?: Token }; next: number } {
  const token = tokens[i];
  let unit = "";
  let next = i;
  if (token?.kind === "punct" && token.text === "%") {
    unit = "%";
    next = i + 1;
  } else if (token?.kind === "word" && (token.text === "percent" || token.text === "pct")) {
    unit = "%";
    next = i + 1;
  } else if (token?.kind === "word" && !NOT_UNITS.has(token.text) && TRAILING_COMPARATORS[token.text] === undefined) {
    unit = text.slice(token.start, token.end);
    next = i + 1;
  }
  const per = tokens[next];
  if (per?.kind !== "word" || per.text !== "per") return { unit, next };
  const count = tokens[next + 1];
  const counted = count?.kind === "number";
  const denominator = tokens[next + (counted ? 2 : 1)];
  if (denominator?.kind !== "word" || NOT_UNITS.has(denominator.text)) {
    // "5 per 1,000" names no unit of the rate; "per" followed by neither is not a rate.
    return counted ? { unit, rate: { rate: { per: count.value!, unit: "" }, number: count }, next: next + 2 } : { unit, next };
  }
  const rate: Rate = { per: counted ? count.value! : 1, unit: text.slice(denominator.start, denominator.end) };
  return { unit, rate: counted ? { rate, number: count } : { rate }, next: next + (counted ? 3 : 2) };
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

/** Where `comparator threshold` first occurs: the comparator's token, and the threshold's. */
function firstComparison(tokens: readonly Token[], from = 0): { at: number; comparator: Comparator; number: number } | undefined {
  for (let i = from; i < tokens.length; i++) {
    const found = comparatorAt(tokens, i);
    if (found && isNumberAt(tokens, found.next)) return { at: i, comparator: found.comparator, number: found.next };
  }
  return undefined;
}

/** `comparator threshold unit` anywhere in the text: "p99 latency <= 5 ms", "MTTR under 15 minutes". */
function parseComparison(text: string, tokens: readonly Token[]): ReadClause | undefined {
  const found = firstComparison(tokens);
  if (!found) return undefined;
  const thresholdToken = tokens[found.number]!;
  const { unit, rate, next } = unitAt(text, tokens, found.number + 1);
  const { metric, negated } = metricBefore(text, tokens, found.at);
  const comparator = negated ? NEGATED[found.comparator] : found.comparator;
  const from = tokens[next]?.kind === "word" && tokens[next]!.text === "of" ? next + 1 : next;
  const after = from < tokens.length ? trimPhrase(text.slice(tokens[from]!.start)) : "";
  const named = metric || after || unit;
  if (!named) return undefined;
  const clause: CriterionClause = { metric: named, comparator, threshold: numberValue(thresholdToken), unit };
  if (rate) clause.rate = rate.rate;
  return { clause, numbers: [thresholdToken, ...(rate?.number ? [rate.number] : [])], end: next };
}

/** `threshold [words] or less|more`: "replay drift of 0.1% or less", "3 healthy replicas or more". */
function parseTrailingComparison(text: string, tokens: readonly Token[]): ReadClause | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!isNumberAt(tokens, i)) continue;
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
    return { clause: { metric: named, comparator: negated ? NEGATED[found] : found, threshold: numberValue(tokens[i]!), unit }, numbers: [tokens[i]!], end: or + 2 };
  }
  return undefined;
}

/** Quantifiers at the start: "zero cross-tenant leaks" (= 0), "all execution through the gate" (= 100 %). */
function parseQuantifier(text: string, tokens: readonly Token[]): ReadClause | undefined {
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
  } else if (first.kind === "number" && first.value === 100 && !first.problem && second?.kind === "punct" && second.text === "%") {
    rest = third?.kind === "word" && third.text === "of" ? 3 : 2;
    threshold = 100;
    unit = "%";
  } else {
    return undefined;
  }
  const start = tokens[rest];
  if (!start) return undefined;
  const metric = trimPhrase(text.slice(start.start));
  return metric ? { clause: { metric, comparator: "=", threshold, unit }, numbers: [], end: tokens.length } : undefined;
}

/** Whether tokens `[from, to)` hold a digit number or a comparator: a part that means to state a threshold. */
function anchored(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (tokens[i]!.kind === "number" || comparatorAt(tokens, i)) return true;
  return false;
}

/** Whether the text names a number and a comparator somewhere, in any order. */
function hasNumberAndComparator(tokens: readonly Token[]): boolean {
  let number = false;
  let comparator = false;
  for (let i = 0; i < tokens.length && !(number && comparator); i++) {
    if (isNumberAt(tokens, i)) number = true;
    if (comparatorAt(tokens, i)) comparator = true;
  }
  return number && comparator;
}

/** A top-level part of the text, between "and", ";" and "&&": its offsets and whether it is {@link anchored}. */
interface Part {
  start: number;
  end: number;
  anchored: boolean;
}

/** Whether tokens `[from, to)` hold no word and no number: punctuation at most, as after a dangling "and". */
function blank(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (tokens[i]!.kind === "word" || tokens[i]!.kind === "number") return false;
  return true;
}

function splitParts(text: string, tokens: readonly Token[]): Part[] {
  const parts: Part[] = [];
  let from = 0;
  let fromToken = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const ampersands = token.kind === "punct" && token.text === "&" && tokens[i + 1]?.text === "&" && tokens[i + 1]!.start === token.end;
    const joint = (token.kind === "word" && CONJUNCTIONS.has(token.text)) || (token.kind === "punct" && token.text === ";") || ampersands;
    if (!joint) continue;
    if (!blank(tokens, fromToken, i)) parts.push({ start: from, end: token.start, anchored: anchored(tokens, fromToken, i) });
    if (ampersands) i++;
    from = tokens[i]!.end;
    fromToken = i + 1;
  }
  if (!blank(tokens, fromToken, tokens.length) || parts.length === 0) parts.push({ start: from, end: text.length, anchored: anchored(tokens, fromToken, tokens.length) });
  return parts;
}

/**
 * The clauses of the text as slices: each part that states a comparator or a number, with the
 * words-only parts before it ("reads and writes < 5 ms" is one clause); words-only parts at the
 * end join the last clause. Without any such part, parts that each read as a quantifier ("zero
 * leaks and no bypass") are clauses of their own, else the whole text is one.
 */
function clauseTexts(text: string, tokens: readonly Token[]): string[] {
  const parts = splitParts(text, tokens);
  if (!parts.some((part) => part.anchored)) {
    const slices = parts.map((part) => text.slice(part.start, part.end));
    return slices.length > 1 && slices.every((slice) => parseQuantifier(slice, tokenize(slice))) ? slices : [text];
  }
  const ranges: { start: number; end: number }[] = [];
  let pending: number | undefined;
  for (const part of parts) {
    if (!part.anchored) {
      pending ??= part.start;
      continue;
    }
    ranges.push({ start: pending ?? part.start, end: part.end });
    pending = undefined;
  }
  const texts = ranges.map((range) => text.slice(range.start, range.end));
  if (pending === undefined) return texts;
  // Words after "and" that follow a complete comparison ("latency < 5 ms and audited") are a
  // clause of their own; after words that qualify it ("… for reads and writes") they go on.
  const last = texts[texts.length - 1]!;
  const lastTokens = tokenize(last);
  const read = parseComparison(last, lastTokens) ?? parseTrailingComparison(last, lastTokens);
  if (read && !lastTokens.slice(read.end).some((token) => token.kind === "word")) return [...texts, text.slice(pending)];
  texts[texts.length - 1] = text.slice(ranges[ranges.length - 1]!.start);
  return texts;
}

/** "between 5 and 10": the phrase, when the text states a range. */
function rangeIn(text: string, tokens: readonly Token[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== "word" || token.text !== "between" || !isNumberAt(tokens, i + 1)) continue;
    const and = tokens[i + 2]?.kind === "punct" && tokens[i + 2]!.text === "%" ? i + 3 : i + 2;
    if (tokens[and]?.kind === "word" && tokens[and]!.text === "and" && isNumberAt(tokens, and + 1)) return text.slice(token.start, tokens[and + 1]!.end);
  }
  return undefined;
}

/** An "or" after the first comparison that is not part of a comparator ("5 ms or less", "less than or equal to"). */
function disjunctionIn(tokens: readonly Token[]): boolean {
  const first = firstComparison(tokens);
  if (!first) return false;
  for (let i = first.number + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "word" && token.text === "or" && TRAILING_COMPARATORS[tokens[i + 1]?.text ?? ""] === undefined) return true;
  }
  return false;
}

/** One clause's reading: the clause, or why it cannot be read exactly. */
function readClause(text: string): CriterionClause | { reason: InexactReason; detail: string } {
  const tokens = tokenize(text);
  const read = parseComparison(text, tokens) ?? parseTrailingComparison(text, tokens) ?? parseQuantifier(text, tokens);
  if (!read) return { reason: "unread", detail: trimPhrase(text) };
  for (const number of read.numbers) if (number.problem) return { reason: number.problem, detail: text.slice(number.start, number.end) };
  if (disjunctionIn(tokens)) return { reason: "disjunction", detail: trimPhrase(text) };
  const first = firstComparison(tokens);
  const second = first && firstComparison(tokens, first.number + 1);
  if (second) return { reason: "clause", detail: trimPhrase(text.slice(tokens[second.at]!.start)) };
  return read.clause;
}

/**
 * Reads a criterion into clauses, each `metric comparator threshold unit [per N unit]`, all of
 * which must hold ("p99 latency < 5 ms and error rate < 1%" has two). Comparators may be
 * symbols (`<=`, `≥`, `!=`) or words ("at least", "under", "within", "no more than");
 * "zero …"/"no …" mean `= 0` and "all …"/"100% …" mean `= 100 %`. Numbers may carry `_` or
 * `,` thousands separators, a fraction, an exponent, or be `0x`/`0o`/`0b` integers. A text
 * that names a number and a comparator but cannot be read exactly is `inexact`, with the
 * reason; one that states no comparison is `none`. Pure and linear in the length of the text.
 */
export function readCriterion(text: string): CriterionReading {
  if (typeof text !== "string") return { status: "none" };
  const known = readings.get(text);
  if (known) return known;
  if (readings.size >= MAX_READINGS) readings.clear();
  const reading = deepFreeze(readUncached(text));
  readings.set(text, reading);
  return reading;
}

/**
 * Readings by text: several rules (and the emitters) read the same criteria, and bundles
 * repeat criteria from phase to phase. Readings are frozen, since callers share them.
 */
const readings = new Map<string, CriterionReading>();
const MAX_READINGS = 100_000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

function readUncached(text: string): CriterionReading {
  const tokens = tokenize(text);
  const range = rangeIn(text, tokens);
  if (range !== undefined) return { status: "inexact", reason: "range", detail: range };
  const clauses: CriterionClause[] = [];
  const texts = clauseTexts(text, tokens);
  for (const clauseText of texts) {
    const read = readClause(clauseText);
    if (!("reason" in read)) {
      clauses.push(read);
      continue;
    }
    if (read.reason !== "unread") return { status: "inexact", reason: read.reason, detail: read.detail };
    // One clause of several that reads as nothing leaves the criterion half read.
    if (texts.length > 1) return { status: "inexact", reason: "clause", detail: read.detail };
    // A lone clause that reads as nothing states a comparison only when it names both parts.
    return hasNumberAndComparator(tokens) ? { status: "inexact", reason: "unread", detail: read.detail } : { status: "none" };
  }
  return { status: "exact", clauses };
}

/**
 * Reads a criterion of one clause as `metric comparator threshold unit`, or undefined when it
 * states no comparison, more than one, or one that cannot be read exactly (see {@link readCriterion}).
 */
export function parseAcceptance(text: string): AcceptanceCriterion | undefined {
  const reading = readCriterion(text);
  return reading.status === "exact" && reading.clauses.length === 1 ? reading.clauses[0] : undefined;
}

/**
 * Whether a criterion states a measurable comparison: it reads exactly, or it at least names
 * a number and a comparator somewhere ("latency stays under the 5 ms budget"), which makes
 * it `inexact` rather than `none`.
 */
export function isMeasurable(text: string): boolean {
  return readCriterion(text).status !== "none";
}
