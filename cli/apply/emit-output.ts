import type { GeneratedFile } from "../../compiler/emit/emitter.js";
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
  return emitWithEvidence(result, (files) =>
    applyEvidence({ bundleDir: context.bundleDir, outDir: context.out, bundle: result.bundle!, files, diagnostics: result.diagnostics, signKey: context.signKey, env: context.env }),
  );
}

/**
 * The emission of a checked bundle (which must have a bundle and a graph), with the evidence
 * files `evidence` makes for the generated ones. `emitOutput` reads the bundle and the old
 * evidence from disk; `spec-kit serve` passes a bundle held in memory.
 */
export async function emitWithEvidence(result: CheckResult, evidence: (files: readonly GeneratedFile[]) => GeneratedFile[]): Promise<Emission> {
  const { emitBundle } = await import("../../compiler/emit/index.js");
  const output = emitBundle({ bundle: result.bundle!, graph: result.graph!, runtimeImport: RUNTIME_IMPORT });
  const files = [...output.files, ...evidence(output.files)].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes: output.notes.map((note) => `${note.emitter}: ${note.message}`) };
}
