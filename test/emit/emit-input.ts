import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { bindGraph } from "../../compiler/bind/bind-graph.js";
import type { Bundle, LoadedDocument } from "../../compiler/bundle.js";
import { START_OF_FILE } from "../../compiler/diagnostics.js";
import type { EmitInput } from "../../compiler/emit/emitter.js";
import { prepareContractTypes } from "../../compiler/emit/index.js";
import { loadBundle } from "../../compiler/validate/validate-bundle.js";
import type { PhaseReport } from "../../compiler/types/phase-report.js";
import { memoryHost, type MemoryFiles } from "../helpers/memory-host.js";

/** The repository root, for reading fixtures and specs. */
export const REPO_ROOT = join(import.meta.dirname, "..", "..");

const MANIFEST = "specKit: 1\nname: emit-fixture\n";

/** An emit input from in-memory files (a minimal manifest is added); throws when a phase document does not load valid. */
export function emitInputFromFiles(files: MemoryFiles, runtimeImport = "spec-kit/runtime"): EmitInput {
  const host = memoryHost({ "spec-kit.yaml": MANIFEST, ...files });
  const { bundle, findings } = loadBundle(host);
  if (!bundle) throw new Error(`the fixture bundle did not load: ${JSON.stringify(findings)}`);
  const invalid = bundle.phases.filter((phase) => !phase.valid);
  if (invalid.length > 0) throw new Error(`invalid fixture phases: ${JSON.stringify(invalid.map((p) => p.schemaIssues))}`);
  return { bundle, graph: bindGraph(bundle), runtimeImport };
}

/** An emit input holding one phase document given as YAML or JSON text. */
export function emitInputFromPhase(name: string, text: string, runtimeImport?: string): EmitInput {
  return emitInputFromFiles({ [`phases/${name}`]: text }, runtimeImport);
}

/** The text of a fixture under test/fixtures. */
export function readFixture(path: string): string {
  return readFileSync(join(REPO_ROOT, "test", "fixtures", path), "utf8");
}

/** The emit input of the project's own bundle under specs/. */
export function specsEmitInput(runtimeImport?: string): EmitInput {
  const root = join(REPO_ROOT, "specs");
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else files[rel] = readFileSync(join(dir, entry.name), "utf8");
    }
  };
  walk(root, "");
  const host = memoryHost(files);
  const { bundle, findings } = loadBundle(host);
  if (!bundle) throw new Error(`specs/ did not load: ${JSON.stringify(findings)}`);
  return { bundle, graph: bindGraph(bundle), runtimeImport: runtimeImport ?? "spec-kit/runtime" };
}

/** A phase report and the path it pretends to come from. */
export interface PhaseSource {
  file: string;
  report: PhaseReport;
}

/**
 * An emit input built from phase reports in memory, bypassing the parser: lets tests feed
 * strings no YAML or JSON file can hold (lone surrogates) straight to the emitters.
 */
export function emitInputFromReports(sources: readonly PhaseSource[], runtimeImport = "spec-kit/runtime"): EmitInput {
  const base = emitInputFromFiles({});
  const phases: LoadedDocument<PhaseReport>[] = sources.map(({ file, report }) => ({
    document: { file, format: "json", text: "", value: report, locate: () => ({ ...START_OF_FILE }) },
    kind: "phase",
    data: report,
    valid: true,
    schemaIssues: [],
  }));
  const bundle: Bundle = { ...base.bundle, phases, fileCount: phases.length + 1 };
  return { bundle, graph: bindGraph(bundle), runtimeImport };
}

/** The input with its contract types rendered, as `apply` prepares it before the emit stage. */
export async function withContractTypes(input: EmitInput): Promise<EmitInput> {
  return { ...input, contractTypes: await prepareContractTypes(input.bundle) };
}
