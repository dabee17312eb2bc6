/**
 * The emit stage: runs every emitter over a checked bundle, concatenates their files and notes,
 * sorts the files by path and refuses two files at one path. Pure, like the emitters.
 */
import type { Bundle } from "../bundle.js";
import { planContracts } from "../contracts/contract-plan.js";
import { renderContractTypes } from "../contracts/render-types.js";
import { compareStrings } from "../diagnostics.js";
import { contractsEmitter } from "./contracts-emitter.js";
import type { EmitInput, EmitNote, Emitter, GeneratedFile } from "./emitter.js";
import { gateEmitter } from "./gate-emitter.js";
import { graphEmitter } from "./graph-emitter.js";
import { stateMachineEmitter } from "./state-machine-emitter.js";
import { testEmitter } from "./test-emitter.js";
import { typesEmitter } from "./types-emitter.js";
import { validatorsEmitter } from "./validators-emitter.js";

export type { EmitInput, EmitNote, EmitResult, Emitter, GeneratedFile } from "./emitter.js";

/** Every emitter `apply` runs, in the order their notes are reported. Add an emitter by adding it here. */
export const EMITTERS: readonly Emitter[] = [gateEmitter, stateMachineEmitter, testEmitter, typesEmitter, validatorsEmitter, contractsEmitter, graphEmitter];

/**
 * Renders the TypeScript types of the bundle's contracts (json-schema-to-typescript, whose
 * compile is asynchronous), for `EmitInput.contractTypes`: run it before {@link emitBundle}.
 * Reads no file and no network (see compiler/contracts/render-types.ts).
 */
export function prepareContractTypes(bundle: Bundle): Promise<Map<string, string>> {
  return renderContractTypes(planContracts(bundle));
}

/** What the emit stage gives: every file sorted by path, and the emitters' notes in emitter order. */
export interface EmitOutput {
  files: GeneratedFile[];
  notes: EmitNote[];
}

/** Thrown when two emitters (or one emitter twice) claim the same path: a bug of ours, never of the input. */
export class DuplicateOutputError extends Error {
  override readonly name = "DuplicateOutputError";
}

/** Runs `emitters` (default: all) and merges their output. Throws {@link DuplicateOutputError} on a repeated path. */
export function emitBundle(input: EmitInput, emitters: readonly Emitter[] = EMITTERS): EmitOutput {
  const owners = new Map<string, string>();
  const files: GeneratedFile[] = [];
  const notes: EmitNote[] = [];
  for (const emitter of emitters) {
    const result = emitter.emit(input);
    for (const file of result.files) {
      const owner = owners.get(file.path);
      if (owner !== undefined) throw new DuplicateOutputError(`emitters "${owner}" and "${emitter.name}" both generate ${file.path}`);
      owners.set(file.path, emitter.name);
      files.push(file);
    }
    notes.push(...result.notes);
  }
  files.sort((a, b) => compareStrings(a.path, b.path));
  return { files, notes };
}
