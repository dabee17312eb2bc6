import type { Formatter } from "./formatter.js";
import { github } from "./github.js";
import { json } from "./json.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";

export type { Formatter, FormatterInput, FormatterOptions } from "./formatter.js";

/** Every output format by its `--format` name; the first is the default. */
export const FORMATTERS = { stylish, json, sarif, github } as const satisfies Readonly<Record<string, Formatter>>;

/** A `--format` value. */
export type FormatName = keyof typeof FORMATTERS;

/** The `--format` choices, default first. */
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

/** One line per format for `--help`. */
export const FORMAT_DESCRIPTIONS: Readonly<Record<FormatName, string>> = {
  stylish: "grouped by file with code frames (for people)",
  json: "one JSON object: diagnostics (ruleId, severity, message, file, line, column) and summary",
  sarif: "SARIF 2.1.0 (GitHub code scanning and other SARIF viewers)",
  github: "GitHub Actions annotations (workflow commands)",
};
