/**
 * Renders each planned contract's TypeScript type with json-schema-to-typescript, at apply
 * time. Its `compile` is asynchronous, so `apply` awaits this before the (synchronous, pure)
 * emit stage and hands the texts over in `EmitInput.contractTypes`. Every option is pinned, and
 * `$ref` resolution is limited to the schema itself: no file or network is read, and the same
 * schemas give the same bytes on any machine.
 */
import type { JSONSchema, Options } from "json-schema-to-typescript";
import type { PlannedContract } from "./contract-plan.js";

/** The options every contract type is rendered with (deliberately all of them, so a new default cannot change the output). */
export const CONTRACT_TYPE_OPTIONS: Partial<Options> = {
  bannerComment: "",
  cwd: "/",
  additionalProperties: false,
  declareExternallyReferenced: true,
  enableConstEnums: true,
  format: true,
  ignoreMinAndMaxItems: false,
  inferStringEnumKeysFromValues: false,
  maxItems: 20,
  strictIndexSignatures: false,
  unknownAny: true,
  unreachableDefinitions: false,
  style: { bracketSpacing: true, printWidth: 110, semi: true, singleQuote: false, tabWidth: 2, trailingComma: "all", useTabs: false, endOfLine: "lf" },
  $refOptions: { resolve: { external: false } },
};

/** The TypeScript of each planned contract, by contract name (without a header; the emitter adds it). */
export async function renderContractTypes(contracts: readonly PlannedContract[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (contracts.length === 0) return out;
  const { compile } = await import("json-schema-to-typescript");
  for (const contract of contracts) {
    // The root type is named by `title`: the identifier, so that the type is exported under the name index.ts imports.
    const schema = { ...contract.schema, title: contract.identifier } as JSONSchema;
    delete schema.$id;
    const text = await compile(schema, contract.identifier, CONTRACT_TYPE_OPTIONS);
    out.set(contract.name, text.replace(/^\s+/, ""));
  }
  return out;
}
