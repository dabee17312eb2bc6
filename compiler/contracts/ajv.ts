import { createRequire } from "node:module";
import type { Ajv2020, Options } from "ajv/dist/2020.js";

/**
 * A draft 2020-12 ajv with ajv-formats' formats (uuid, uri, date-time, ...). Loaded through
 * `require` when first asked for: `check` pays for ajv's compiler only when a bundle has a
 * contract written as a JSON Schema, and `apply` when it writes validators.
 */
export function createAjv(options: Options): Ajv2020 {
  const require = createRequire(import.meta.url);
  const Ajv = (require("ajv/dist/2020.js") as { default: new (options: Options) => Ajv2020 }).default;
  const addFormats = (require("ajv-formats") as { default: (ajv: Ajv2020) => void }).default;
  const ajv = new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** ajv's standalone code generator. */
export function standaloneCode(ajv: Ajv2020, refs: Record<string, string>): string {
  const require = createRequire(import.meta.url);
  const generate = (require("ajv/dist/standalone/index.js") as { default: (ajv: Ajv2020, refs: Record<string, string>) => string }).default;
  return generate(ajv, refs);
}
