import type { Bundle } from "../bundle.js";
import { buildCodeModel, emptyCodeModel } from "../code/build-code-model.js";
import type { CodeInput } from "../code/code-host.js";
import { CODE_SECTION_MESSAGES } from "../code/code-messages.js";
import { readCompilerOptions } from "../code/compiler-options.js";
import { joinPath } from "../code/paths.js";
import { stageFinding, type AnyFinding, type Finding } from "../diagnostics.js";
import { createLayerMap } from "../layers.js";
import type { Rule } from "./rule.js";
import { reporterFor } from "./run-rules.js";

/**
 * Runs the `code` rules when the manifest has a `code` section, the caller names a code root,
 * or a change set (`--diff`) is given (then without a code root the model is empty): builds
 * the code model (syntax and module resolution only; a rule that needs types builds its own
 * program) and hands it to each rule. A missing code root or an unusable tsconfig named by the
 * manifest is a finding of topic `manifest` at that key.
 */
export function runCodeRules(rules: readonly Rule[], bundle: Bundle, input: CodeInput): AnyFinding[] {
  const codeRules = rules.filter((rule) => rule.scope === "code");
  const section = bundle.manifest.data.code;
  const root = input.root ?? section?.root;
  if (codeRules.length === 0 || (root === undefined && input.changedFiles === undefined)) return [];
  const manifestFile = bundle.manifest.document.file;
  const findings: AnyFinding[] = [];
  const { host } = input;
  const rootDir = joinPath(host.bundleRoot, root ?? ".");
  if (root !== undefined && !host.directoryExists(rootDir)) {
    const at = input.root === undefined ? { path: ["code", "root"] } : {};
    return [stageFinding("manifest", CODE_SECTION_MESSAGES, "rootNotFolder", { file: manifestFile, ...at }, { root })];
  }
  const layers = createLayerMap(bundle.manifest.data);
  const typeOnlyCycles = section?.typeOnlyCycles === true;
  let code = emptyCodeModel(host, layers, typeOnlyCycles);
  if (root !== undefined) {
    const tsconfig = section?.tsconfig === undefined ? undefined : joinPath(host.bundleRoot, section.tsconfig);
    const compiler = readCompilerOptions(host, rootDir, tsconfig);
    if (compiler.error !== undefined && tsconfig !== undefined) {
      findings.push(stageFinding("manifest", CODE_SECTION_MESSAGES, "badTsconfig", { file: manifestFile, path: ["code", "tsconfig"] }, { error: compiler.error }));
    }
    code = buildCodeModel(host, { root, options: compiler.options, layers, typeOnlyCycles, ...(section?.exclude ? { exclude: section.exclude } : {}) });
  }
  const ruleFindings: Finding[] = [];
  const ruleInput = { code, bundle, ...(input.changedFiles ? { changedFiles: input.changedFiles } : {}), ...(input.phases ? { phases: input.phases } : {}) };
  for (const rule of codeRules) {
    if (rule.scope === "code") rule.check(ruleInput, reporterFor(rule, ruleFindings));
  }
  return [...findings, ...ruleFindings];
}
