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

/** The line that separates two contracts' types in the one text prettier formats (see {@link renderContractTypes}). */
const BOUNDARY = "// --- spec-kit contract boundary ---";

type Prettier = { format: (source: string, options: Record<string, unknown>) => Promise<string> };

/** What json-schema-to-typescript's own formatting step does with the texts (its formatter.js): prettier over TypeScript, with the pinned style. */
function formatOptions(): Record<string, unknown> {
  return { parser: "typescript", filepath: "schema.d.ts", ...CONTRACT_TYPE_OPTIONS.style };
}

/**
 * Formats every contract's type in one prettier run instead of one run per contract (each run
 * pays prettier's option normalisation and start-up, most of its cost on small types). The
 * texts are joined with a boundary comment line, which prettier keeps as it is between top-level
 * declarations, and split there again; prettier formats each top-level declaration on its own,
 * so every part is what formatting it alone gives. When a text holds the boundary, or the split
 * does not give one part per text, each is formatted alone.
 */
async function formatAll(prettier: Prettier, texts: readonly string[]): Promise<string[]> {
  const options = formatOptions();
  const alone = (): Promise<string[]> => Promise.all(texts.map((text) => prettier.format(text, options)));
  if (texts.length < 2 || texts.some((text) => text.includes(BOUNDARY))) return alone();
  const joined = await prettier.format(texts.join(`\n${BOUNDARY}\n`), options);
  const parts = joined.split(`\n${BOUNDARY}\n`);
  if (parts.length !== texts.length) return alone();
  // prettier ends a text in exactly one line break; a part before a boundary may end in a blank line.
  return parts.map((part) => `${part.replace(/\s+$/u, "")}\n`);
}

/** The TypeScript of each planned contract, by contract name (without a header; the emitter adds it). */
export async function renderContractTypes(contracts: readonly PlannedContract[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (contracts.length === 0) return out;
  const { compile } = await import("json-schema-to-typescript");
  const unformatted: string[] = [];
  for (const contract of contracts) {
    // The root type is named by `title`: the identifier, so that the type is exported under the name index.ts imports.
    const schema = { ...contract.schema, title: contract.identifier } as JSONSchema;
    delete schema.$id;
    unformatted.push(await compile(schema, contract.identifier, { ...CONTRACT_TYPE_OPTIONS, format: false }));
  }
  const prettier = (await import("prettier")) as unknown as Prettier;
  const formatted = await formatAll(prettier, unformatted);
  contracts.forEach((contract, i) => out.set(contract.name, formatted[i]!.replace(/^\s+/, "")));
  return out;
}
