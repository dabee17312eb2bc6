import type { CliIo } from "../cli-io.js";
import { applyEvidence } from "../evidence/apply-evidence.js";
import { indexFile, type OutputFile, type OutputRecord } from "../output-writer.js";
import type { CheckResult } from "../public-api.js";

/** The module specifier generated code imports the runtime from. */
export const RUNTIME_IMPORT = "spec-kit/runtime";

/** The files an apply writes (generated, the output record and evidence, sorted by path) and the emitters' notes as lines. */
export interface Emission {
  files: OutputFile[];
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
 * needs), adds the output record (.spec-kit-output.json, holding `inputDigest` and the notes),
 * then the evidence files (evidence/manifest.json) attesting every generated file and the record.
 */
export async function emitOutput(result: CheckResult, context: EvidenceContext, inputDigest: string): Promise<Emission> {
  const { emitBundle, prepareContractTypes } = await import("../../compiler/emit/index.js");
  const bundle = result.bundle!;
  // json-schema-to-typescript renders asynchronously: the contract types are made before the pure emit stage.
  const contractTypes = await prepareContractTypes(bundle);
  const output = emitBundle({ bundle, graph: result.graph!, runtimeImport: RUNTIME_IMPORT, contractTypes });
  const notes = output.notes.map((note) => `${note.emitter}: ${note.message}`);
  const record: OutputRecord = { inputDigest, notes };
  const generated = [...output.files, indexFile(output.files, record)];
  const evidence = applyEvidence({ bundleDir: context.bundleDir, outDir: context.out, bundle, files: generated, diagnostics: result.diagnostics, signKey: context.signKey, env: context.env });
  return { files: sortFiles([...generated, ...evidence]), notes };
}

/** Files sorted by path (code unit order). */
export function sortFiles<T extends { path: string }>(files: readonly T[]): T[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
