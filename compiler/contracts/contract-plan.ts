import type { Bundle } from "../bundle.js";
import { bundleContracts, contractsByName } from "./bundle-contracts.js";
import { contractIdentifiers } from "./contract-names.js";
import type { ContractDefinition } from "./document-contracts.js";
import type { JsonSchema } from "./notation.js";

/** One contract as `apply` writes it. */
export interface PlannedContract {
  /** The name in the spec. */
  name: string;
  /** Its TypeScript identifier and file stem. */
  identifier: string;
  /** The schema document written to contracts/<identifier>.schema.json (draft 2020-12, with `$id`). */
  schema: JsonSchema;
  /** True for an append-only data model of kind event: it gets `append<Identifier>(log, record)`. */
  appendable: boolean;
  /** The declaration the contract is generated from (the first of its name, by file). */
  definition: ContractDefinition;
}

/** The base of every contract's `$id`. */
export const CONTRACT_ID_BASE = "https://spec-kit.dev/contracts/";

/** The `$id` of a contract of a bundle. */
export function contractId(bundleName: string, identifier: string): string {
  return `${CONTRACT_ID_BASE}${encodeURIComponent(bundleName)}/${identifier}.schema.json`;
}

function describe(definition: ContractDefinition): string {
  const what = definition.origin === "contract" ? "Data contract" : `Data model (${definition.model?.kind ?? "model"})`;
  return `${what} ${definition.name}, declared in ${definition.document.file}.`;
}

/**
 * The contracts `apply` writes for a bundle: one per name (the first declaration that compiled;
 * contract/conflict makes sure the others agree), sorted by identifier. Pure.
 */
export function planContracts(bundle: Bundle): PlannedContract[] {
  const bundleName = bundle.manifest.valid && typeof bundle.manifest.data.name === "string" ? bundle.manifest.data.name : "bundle";
  const groups = contractsByName(bundleContracts(bundle));
  const chosen = new Map<string, ContractDefinition>();
  for (const [name, group] of groups) {
    const first = group.find((definition) => definition.schema !== undefined);
    if (first) chosen.set(name, first);
  }
  const identifiers = contractIdentifiers(chosen.keys());
  const planned: PlannedContract[] = [];
  for (const [name, definition] of chosen) {
    const identifier = identifiers.get(name)!;
    const schema: JsonSchema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: contractId(bundleName, identifier),
      title: name,
      ...(typeof definition.schema!.description === "string" ? {} : { description: describe(definition) }),
      ...definition.schema!,
    };
    const model = definition.model;
    planned.push({ name, identifier, schema, appendable: definition.origin === "model" && model?.kind === "event" && model.appendOnly, definition });
  }
  return planned.sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
}
