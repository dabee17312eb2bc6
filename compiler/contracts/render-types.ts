/**
 * Renders each planned contract's TypeScript type with json-schema-to-typescript, at apply
 * time. Its `compile` is asynchronous, so `apply` awaits this before the (synchronous, pure)
 * emit stage and hands the texts over in `EmitInput.contractTypes`. Every option is pinned, and
 * `$ref` resolution is limited to the schema itself: no file or network is read, and the same
 * schemas give the same bytes on any machine.
 */
import type { JSONSchema, Options } from "json-schema-to-typescript";
import type { PlannedContract } from "./contract-plan.js";
import { validationKey } from "./schema-identity.js";

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

/** A rendered type that is one interface under its doc comment, and nothing else. */
const SINGLE_INTERFACE = /^\/\*\*\n \* ([^\n]*)\n \*\/\nexport interface ([A-Za-z0-9]+) \{\n([^]*)\}\n$/u;
/** A description json-schema-to-typescript writes as one doc-comment line as it is: no line break, `*`, `\\` or `@`, no space at either end. */
const PLAIN_DESCRIPTION = /^(?:[^\s*\\@\u2028\u2029]|[^\s*\\@\u2028\u2029][^\n\r*\\@\u2028\u2029]*[^\s*\\@\u2028\u2029])$/u;
/** An identifier json-schema-to-typescript keeps as the type's name (it capitalises a letter after a digit). */
const PLAIN_IDENTIFIER = /^[A-Z](?:[A-Za-z]|[0-9](?![a-z]))*$/u;

function plainContract(contract: PlannedContract): boolean {
  const { description } = contract.schema;
  return PLAIN_IDENTIFIER.test(contract.identifier) && typeof description === "string" && PLAIN_DESCRIPTION.test(description);
}

/**
 * The type of `contract` made from `first`'s, when their schemas differ only in `$id`, `title`
 * and `description` (the same validation key), both are plain, and `first`'s type is a single
 * interface: the same interface under the other name and doc comment, which is what rendering it
 * gives (a single interface names no type after the root). Undefined when any of that fails.
 */
function sameShapeType(first: PlannedContract, firstText: string, contract: PlannedContract): string | undefined {
  if (!plainContract(first) || !plainContract(contract)) return undefined;
  const match = SINGLE_INTERFACE.exec(firstText);
  if (!match || match[1] !== first.schema.description || match[2] !== first.identifier || match[3]!.includes("export ")) return undefined;
  return `/**\n * ${contract.schema.description as string}\n */\nexport interface ${contract.identifier} {\n${match[3]!}}\n`;
}

async function unformattedType(compile: typeof import("json-schema-to-typescript").compile, contract: PlannedContract): Promise<string> {
  // The root type is named by `title`: the identifier, so that the type is exported under the name index.ts imports.
  const schema = { ...contract.schema, title: contract.identifier } as JSONSchema;
  delete schema.$id;
  return compile(schema, contract.identifier, { ...CONTRACT_TYPE_OPTIONS, format: false });
}

/**
 * The TypeScript of each planned contract, by contract name (without a header; the emitter adds
 * it). A contract whose schema repeats an earlier one's but for `$id`, `title` and `description`
 * (data models with the same keys) takes that one's interface under its own name and doc comment
 * when the interface stands alone (see sameShapeType); every other is rendered.
 */
export async function renderContractTypes(contracts: readonly PlannedContract[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (contracts.length === 0) return out;
  const { compile } = await import("json-schema-to-typescript");
  const prettier = (await import("prettier")) as unknown as Prettier;
  const firstOfKey = new Map<string, PlannedContract>();
  const rendered: PlannedContract[] = [];
  const repeats: [PlannedContract, PlannedContract][] = [];
  for (const contract of contracts) {
    const key = validationKey(contract.schema);
    const first = key === undefined ? undefined : firstOfKey.get(key);
    if (first !== undefined) repeats.push([contract, first]);
    else {
      if (key !== undefined) firstOfKey.set(key, contract);
      rendered.push(contract);
    }
  }
  const render = async (batch: readonly PlannedContract[]): Promise<void> => {
    const unformatted: string[] = [];
    for (const contract of batch) unformatted.push(await unformattedType(compile, contract));
    const formatted = await formatAll(prettier, unformatted);
    batch.forEach((contract, i) => out.set(contract.name, formatted[i]!.replace(/^\s+/, "")));
  };
  await render(rendered);
  const unshared: PlannedContract[] = [];
  for (const [contract, first] of repeats) {
    const text = sameShapeType(first, out.get(first.name)!, contract);
    if (text === undefined) unshared.push(contract);
    else out.set(contract.name, text);
  }
  if (unshared.length > 0) await render(unshared);
  return out;
}
