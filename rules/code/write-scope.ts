import { defineCodeRule } from "../../compiler/check/rule.js";
import { compareStrings, START_OF_FILE } from "../../compiler/diagnostics.js";
import { normalizeModulePath } from "../../compiler/layers.js";
import { own, stringItems } from "../../compiler/guards.js";
import { EXAMPLE_PHASE_YAML, manifestYaml, phaseBundle } from "../../compiler/check/rule-examples.js";

const MANIFEST = manifestYaml("code: {root: src}");

function isUnder(prefix: string, path: string): boolean {
  return prefix === "." || path === prefix || path.startsWith(`${prefix}/`);
}

/** code/write-scope: a file changed since `--diff REV` lies outside the write_modules of the phases in progress. */
export const writeScope = defineCodeRule({
  id: "code/write-scope",
  scope: "code",
  defaultSeverity: "error",
  doc: "A changed file lies outside the write_modules of the phases in progress.",
  details:
    "With `spec-kit check --diff REV`, the files changed since REV (git diff --name-only REV, plus untracked files git does not " +
    "ignore; the CLI runs git) must each lie under " +
    "a write_modules entry of the phases in progress (status.stage in_progress), or of the phases named with --phase. Each file " +
    "outside is reported once, at its first line; when no phase is in progress and none is named, every change is outside. " +
    "Without --diff this rule does nothing.",
  messages: {
    outside: "{{file}} changed outside the write_modules of {{phases}} ({{modules}})",
    noPhase: "{{file}} changed while no phase is in progress (name one with --phase)",
    unknownPhase: "--phase {{phase}} names no phase of the bundle",
  },
  examples: {
    failing: {
      description: "P7 (in progress) writes src/security; the change touched src/tools.",
      files: { ...phaseBundle(EXAMPLE_PHASE_YAML, MANIFEST), "src/tools/run.ts": "export const run = 1;\n" },
    },
    passing: {
      description: "The change touched only src/security.",
      files: { ...phaseBundle(EXAMPLE_PHASE_YAML, MANIFEST), "src/security/lease.ts": "export const lease = 1;\n" },
    },
  },
  check({ bundle, changedFiles, phases }, report) {
    if (changedFiles === undefined) return;
    const byId = new Map<string, (typeof bundle.phases)[number]>();
    for (const document of bundle.phases) {
      const id = own(own(document.data, "phase_meta"), "phase_id");
      if (typeof id === "string" && !byId.has(id)) byId.set(id, document);
    }
    const selected: string[] = [];
    if (phases && phases.length > 0) {
      for (const id of phases) {
        if (byId.has(id)) selected.push(id);
        else report("unknownPhase", { file: bundle.manifest.document.file, range: START_OF_FILE }, { phase: id });
      }
    } else {
      for (const [id, document] of byId) if (own(own(document.data, "status"), "stage") === "in_progress") selected.push(id);
    }
    selected.sort(compareStrings);
    const modules = new Set<string>();
    for (const id of selected) {
      for (const item of stringItems(own(own(byId.get(id)!.data, "module_scope"), "write_modules"))) modules.add(normalizeModulePath(item.value));
    }
    const prefixes = [...modules].filter((m) => m !== "").sort(compareStrings);
    for (const file of [...new Set(changedFiles)].sort(compareStrings)) {
      if (prefixes.some((prefix) => isUnder(prefix, file))) continue;
      const at = { file, range: START_OF_FILE };
      if (selected.length === 0) report("noPhase", at, { file });
      else report("outside", at, { file, phases: selected.join(", "), modules: prefixes.join(", ") || "none" });
    }
  },
});

export default writeScope;
