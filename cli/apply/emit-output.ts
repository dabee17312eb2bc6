import type { GeneratedFile } from "../../compiler/emit/emitter.js";
import type { CliIo } from "../cli-io.js";
import { applyEvidence } from "../evidence/apply-evidence.js";
import { indexFile, type OutputRecord, type ReplayRecord } from "../output-writer.js";
import type { CheckResult } from "../public-api.js";
import type { EmitKind } from "./emit-kind.js";
import { RUNTIME_IMPORT, sortFiles } from "./output-files.js";

export { RUNTIME_IMPORT, sortFiles } from "./output-files.js";

/** The files an apply writes (generated, the output record and evidence, sorted by path) and the emitters' notes as lines. */
export interface Emission {
  files: GeneratedFile[];
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
 * Runs the emit stage, loaded only now (it brings in json-schema-to-typescript and prettier,
 * which a no-op apply never needs), adds the output record (.spec-kit-output.json, holding `inputDigest`, the notes and,
 * when the check allows it, `replay`: see cli/apply/replay-record.ts),
 * then the evidence files (evidence/manifest.json) attesting every generated file and the record.
 * With `emit` "js", the TypeScript files are compiled to JavaScript and declarations first.
 */
export async function emitOutput(result: CheckResult, context: EvidenceContext, inputDigest: string, emit: EmitKind = "ts", replay?: ReplayRecord): Promise<Emission> {
  const transform = emit === "js" ? (await import("./emit-js.js")).compileToJavaScript : undefined;
  return emitWithEvidence(
    result,
    inputDigest,
    (files) =>
      applyEvidence({
        bundleDir: context.bundleDir,
        outDir: context.out,
        bundle: result.bundle!,
        files,
        diagnostics: result.diagnostics,
        ...(result.policies ? { policies: result.policies } : {}),
        signKey: context.signKey,
        env: context.env,
      }),
    transform,
    replay,
  );
}

/**
 * The emission of a checked bundle (which must have a bundle and a graph): the generated files,
 * the output record (holding `inputDigest`, apply's digest of its inputs, and the notes) and the
 * evidence files `evidence` makes for both. `emitOutput` reads the bundle and the old evidence
 * from disk; `spec-kit serve` passes a bundle held in memory.
 */
export async function emitWithEvidence(
  result: CheckResult,
  inputDigest: string,
  evidence: (files: readonly GeneratedFile[]) => GeneratedFile[],
  transform?: (files: readonly GeneratedFile[]) => GeneratedFile[],
  replay?: ReplayRecord,
): Promise<Emission> {
  const { emitBundle, prepareContractTypes } = await import("../../compiler/emit/index.js");
  // json-schema-to-typescript renders asynchronously: the contract types are made before the pure emit stage.
  const contractTypes = await prepareContractTypes(result.bundle!);
  const output = emitBundle({ bundle: result.bundle!, graph: result.graph!, runtimeImport: RUNTIME_IMPORT, contractTypes });
  const notes = output.notes.map((note) => `${note.emitter}: ${note.message}`);
  const record: OutputRecord = { inputDigest, notes, ...(replay ? { replay } : {}) };
  const files = transform ? transform(output.files) : output.files;
  const generated = [...files, indexFile(files, record)];
  return { files: sortFiles([...generated, ...evidence(generated)]), notes };
}
