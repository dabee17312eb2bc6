import { ALL_RULES, type Rule } from "../public-api.js";
import { ExitCode } from "../exit-code.js";
import { defineCommand } from "./command.js";

/** Output formats of `spec-kit rules`. */
export const RULES_FORMATS = ["stylish", "json"] as const;

/** What `spec-kit rules --format json` prints for each rule. */
export interface RuleListing {
  id: string;
  defaultSeverity: string;
  doc: string;
}

/** The listing of every shipped rule, in id order. */
export function listRules(rules: readonly Rule[] = ALL_RULES): RuleListing[] {
  return rules
    .map((rule) => ({ id: rule.id, defaultSeverity: rule.defaultSeverity, doc: rule.doc }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Renders the listing as an aligned table: id, default severity, one-line doc. */
export function formatRuleTable(listing: readonly RuleListing[]): string {
  const idWidth = Math.max(2, ...listing.map((rule) => rule.id.length));
  const rows = [["ID", "DEFAULT", "DESCRIPTION"], ...listing.map((rule) => [rule.id, rule.defaultSeverity, rule.doc])];
  return rows.map(([id, severity, doc]) => `${id!.padEnd(idWidth)}  ${severity!.padEnd(7)}  ${doc}`.trimEnd()).join("\n") + "\n";
}

/** `spec-kit rules`: list every rule with its default severity and one-line doc. */
export const rulesCommand = defineCommand({
  command: "rules",
  describe: "list every rule: id, default severity and what it checks",
  builder: (argv) =>
    argv
      .option("format", {
        alias: "f",
        choices: RULES_FORMATS,
        default: RULES_FORMATS[0],
        describe: "stylish = an aligned table; json = {\"rules\":[{id, defaultSeverity, doc}]}",
        type: "string",
      })
      .example("$0 rules", "list the rules")
      .example("$0 rules --format json", "list the rules for tools"),
  run: (args, io) => {
    const listing = listRules();
    io.stdout.write(args.format === "json" ? `${JSON.stringify({ rules: listing }, null, 2)}\n` : formatRuleTable(listing));
    return ExitCode.ok;
  },
});
