import { RENDERED_TYPES } from "./contract-artifacts.js";
import { generatedHeader, type Emitter, type EmitResult } from "./emitter.js";

/** Where the types of a schema are written, relative to the output folder. */
export function typesPath(module: string): string {
  return `types/${module}`;
}

/**
 * Emits `types/<schema>.ts`: the TypeScript types of every schema under `schemas/`, the data
 * contracts included. The types are rendered when spec-kit is built (see
 * scripts/build-contract-artifacts.mjs, the same json-schema-to-typescript rendering as
 * compiler/types/), so this emitter is pure and never compiles a schema; it adds the header.
 */
export const typesEmitter: Emitter = {
  name: "types",
  emit(): EmitResult {
    const files = RENDERED_TYPES.map((rendered) => ({
      path: typesPath(rendered.module),
      content: `${generatedHeader(`schemas/${rendered.schema}`)}\n\n${rendered.text}`,
    }));
    return { files, notes: [] };
  },
};
