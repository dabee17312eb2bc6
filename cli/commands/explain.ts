import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-code.js";
import { ALL_RULES, checkFileMap, isManifestName, type Diagnostic, type Rule } from "../public-api.js";
import { defineCommand } from "./command.js";
import { isPolicyRuleId } from "../../compiler/policy/policy-messages.js";

/** Output formats of `spec-kit explain`. */
export const EXPLAIN_FORMATS = ["stylish", "json"] as const;

/** A binary example file (a compiled policy), as `explain --format json` prints it. */
export interface BinaryFile {
  bytes: number;
  base64: string;
}

/** One example of a rule with what checking it gives. */
export interface ExplainedExample {
  description: string;
  files: Readonly<Record<string, string | BinaryFile>>;
  diagnostics: Diagnostic[];
}

/** Everything `spec-kit explain` says about a rule. */
export interface Explanation {
  id: string;
  defaultSeverity: string;
  doc: string;
  details?: string;
  messages: Readonly<Record<string, string>>;
  examples?: { failing: ExplainedExample; passing: ExplainedExample };
}

/** Runs a rule's examples and gathers what `explain` prints. */
export function explainRule(rule: Rule): Explanation {
  const explanation: Explanation = {
    id: rule.id,
    defaultSeverity: rule.defaultSeverity,
    doc: rule.doc,
    messages: rule.messages as Readonly<Record<string, string>>,
  };
  if (rule.details !== undefined) explanation.details = rule.details;
  if (rule.examples) {
    const run = (example: { description: string; files: Readonly<Record<string, string | Uint8Array>> }): ExplainedExample => ({
      description: example.description,
      files: Object.fromEntries(
        Object.entries(example.files).map(([file, content]) => [file, typeof content === "string" ? content : { bytes: content.length, base64: Buffer.from(content).toString("base64") }]),
      ),
      diagnostics: checkFileMap(example.files).diagnostics,
    });
    explanation.examples = { failing: run(rule.examples.failing), passing: run(rule.examples.passing) };
  }
  return explanation;
}

function indent(text: string, prefix = "    "): string {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line === "" ? "" : prefix + line))
    .join("\n");
}

function renderExample(title: string, example: ExplainedExample): string[] {
  const lines = [`${title}: ${example.description}`];
  const isManifest = (file: string): number => (isManifestName(file) ? 0 : 1);
  const files = Object.keys(example.files).sort((a, b) => isManifest(a) - isManifest(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const file of files) {
    const content = example.files[file]!;
    lines.push(`  ${file}`, typeof content === "string" ? indent(content) : `    (binary, ${content.bytes} bytes)`, "");
  }
  if (example.diagnostics.length === 0) {
    lines.push("  gives no diagnostics");
  } else {
    lines.push("  gives:");
    for (const d of example.diagnostics) lines.push(`    ${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.ruleId}`);
  }
  return lines;
}

/** Renders an explanation as text: doc, details, messages, then the failing and passing examples. */
export function formatExplanation(explanation: Explanation): string {
  const lines = [`${explanation.id} (default: ${explanation.defaultSeverity})`, "", explanation.doc];
  if (explanation.details !== undefined) lines.push("", explanation.details);
  if (explanation.examples) {
    lines.push("", ...renderExample("Failing example", explanation.examples.failing));
    lines.push("", ...renderExample("Passing example", explanation.examples.passing));
  }
  return `${lines.join("\n")}\n`;
}

/** The suggestion for an unknown id: what a policy's rule id is, shipped ids sharing its area, or the listing command. */
function suggestionFor(id: string): string {
  if (isPolicyRuleId(id)) return "it has the shape of a policy's rule id (policy/<package>/<rule>): an OPA policy's results, documented by that policy; see spec-kit explain policy/load";
  const area = id.split("/")[0];
  const sameArea = ALL_RULES.filter((rule) => rule.id.split("/")[0] === area).map((rule) => rule.id).sort();
  return sameArea.length > 0 ? `rules in ${area}: ${sameArea.join(", ")}` : 'run "spec-kit rules" to list them';
}

/** `spec-kit explain <rule-id>`: what a rule checks, why, and its examples with their diagnostics. */
export const explainCommand = defineCommand({
  command: "explain <rule>",
  describe: "explain a rule: what it checks, its semantics, and a failing and a passing example",
  builder: (argv) =>
    argv
      .positional("rule", { type: "string", demandOption: true, describe: "a rule id, such as roles/least-privilege" })
      .option("format", {
        alias: "f",
        choices: EXPLAIN_FORMATS,
        default: EXPLAIN_FORMATS[0],
        describe: "stylish = text; json = the explanation and the examples' diagnostics as one object",
        type: "string",
      })
      .example("$0 explain roles/least-privilege", "show the capability-to-scope table and examples"),
  run: (args, io) => {
    const id = String(args.rule);
    const rule = ALL_RULES.find((candidate) => candidate.id === id);
    if (!rule) throw new CliError(`unknown rule "${id}"; ${suggestionFor(id)}`);
    const explanation = explainRule(rule);
    io.stdout.write(args.format === "json" ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
    return ExitCode.ok;
  },
});
