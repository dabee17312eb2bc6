import type { CliIo } from "../cli-io.js";
import { applyEvidence } from "../evidence/apply-evidence.js";
import type { CheckResult } from "../public-api.js";

/** The module specifier generated code imports the runtime from. */
export const RUNTIME_IMPORT = "spec-kit/runtime";

/** The files an apply writes (generated and evidence, sorted by path) and the emitters' notes as lines. */
export interface Emission {
  files: { path: string; content: string }[];
  notes: string[];
}

/** Where and how the evidence of an emission is made. */
export interface EvidenceContext {
  bundleDir: string;
  out: string;
  signKey: string | undefined;
  env: CliIo["env"];
}

/**
 * Runs the emit stage, loaded only now (it brings in ts-morph, which a no-op apply never
 * needs), then appends the evidence files (evidence/manifest.json) attesting every generated file.
 */
export async function emitOutput(result: CheckResult, context: EvidenceContext): Promise<Emission> {
  const { emitBundle, prepareContractTypes } = await import("../../compiler/emit/index.js");
  const bundle = result.bundle!;
  const contractTypes = await prepareContractTypes(bundle);
  const output = emitBundle({ bundle, graph: result.graph!, runtimeImport: RUNTIME_IMPORT, contractTypes });
  const evidence = applyEvidence({ bundleDir: context.bundleDir, outDir: context.out, bundle, files: output.files, diagnostics: result.diagnostics, signKey: context.signKey, env: context.env });
  const files = [...output.files, ...evidence].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes: output.notes.map((note) => `${note.emitter}: ${note.message}`) };
}
