import type { Bundle } from "../bundle.js";
import type { Report, ReportTarget, Rule } from "../check/rule.js";
import { formatMessage, type Finding } from "../diagnostics.js";
import { createLayerMap } from "../layers.js";
import { buildCodeModel, emptyCodeModel } from "./build-code-model.js";
import type { CodeInput } from "./code-host.js";
import { readCompilerOptions } from "./compiler-options.js";
import { joinPath } from "./paths.js";

const MANIFEST_SCHEMA = "manifest/schema";

/**
 * Runs the `code` rules when the manifest has a `code` section, the caller names a code root,
 * or a change set (`--diff`) is given (then without a code root the model is empty): builds the code model (syntax and module resolution only; a rule that needs types
 * builds its own program) and hands it to each rule. A missing code root or an unusable
 * tsconfig named by the manifest is a `manifest/schema` finding at that key.
 */
export function runCodeRules(rules: readonly Rule[], bundle: Bundle, input: CodeInput): Finding[] {
  const codeRules = rules.filter((rule) => rule.scope === "code");
  const section = bundle.manifest.data.code;
  const root = input.root ?? section?.root;
  if (codeRules.length === 0 || (root === undefined && input.changedFiles === undefined)) return [];
  const manifestFile = bundle.manifest.document.file;
  const findings: Finding[] = [];
  const { host } = input;
  const rootDir = joinPath(host.bundleRoot, root ?? ".");
  if (root !== undefined && !host.directoryExists(rootDir)) {
    const at = input.root === undefined ? { path: ["code", "root"] } : {};
    return [{ ruleId: MANIFEST_SCHEMA, message: `code root ${root} is not a folder`, file: manifestFile, ...at }];
  }
  const layers = createLayerMap(bundle.manifest.data);
  const typeOnlyCycles = section?.typeOnlyCycles === true;
  let code = emptyCodeModel(host, layers, typeOnlyCycles);
  if (root !== undefined) {
    const tsconfig = section?.tsconfig === undefined ? undefined : joinPath(host.bundleRoot, section.tsconfig);
    const compiler = readCompilerOptions(host, rootDir, tsconfig);
    if (compiler.error !== undefined && tsconfig !== undefined) {
      findings.push({ ruleId: MANIFEST_SCHEMA, message: `code.tsconfig: ${compiler.error}`, file: manifestFile, path: ["code", "tsconfig"] });
    }
    code = buildCodeModel(host, { root, options: compiler.options, layers, typeOnlyCycles });
  }
  for (const rule of codeRules) {
    if (rule.scope !== "code") continue;
    const messages = rule.messages as Readonly<Record<string, string>>;
    const report: Report<string> = (messageId: string, at: ReportTarget, data?: Readonly<Record<string, string | number>>) => {
      const template = messages[messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id "${messageId}"`);
      findings.push({ ruleId: rule.id, message: formatMessage(template, data), ...at });
    };
    const ruleInput = { code, bundle, ...(input.changedFiles ? { changedFiles: input.changedFiles } : {}), ...(input.phases ? { phases: input.phases } : {}) };
    rule.check(ruleInput, report);
  }
  return findings;
}
