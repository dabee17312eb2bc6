import type { Bundle, LoadedDocument } from "../bundle.js";
import { compareStrings, type SourceRange } from "../diagnostics.js";
import type { BundleManifest } from "../types/manifest.js";
import { documentContracts, type ContractDefinition, type ContractSite } from "./document-contracts.js";

/** The manifest's tenancy section as the contract checks read it. */
export interface ContractTenancy {
  key: string;
  globalModels: ReadonlySet<string>;
}

/** The tenancy of a manifest, when it has one. */
export function contractTenancy(manifest: BundleManifest | undefined): ContractTenancy | undefined {
  const tenancy = manifest?.tenancy;
  if (!tenancy || typeof tenancy.key !== "string") return undefined;
  return { key: tenancy.key, globalModels: new Set(Array.isArray(tenancy.global_models) ? tenancy.global_models : []) };
}

/** Whether a definition is a data model that must carry the tenant key. */
export function isTenantScoped(definition: ContractDefinition, tenancy: ContractTenancy | undefined): tenancy is ContractTenancy {
  return tenancy !== undefined && definition.origin === "model" && !tenancy.globalModels.has(definition.name);
}

/** Whether a data model is one that §7 of the protocol ("a metric without trace IDs is invalid") covers: an event, or a metric by name or kind. */
export function isMetricModel(definition: ContractDefinition): boolean {
  if (definition.origin !== "model") return false;
  const kind = definition.model?.kind ?? "";
  return kind === "event" || /metric/i.test(kind) || /metric/i.test(definition.name);
}

/** Every contract and data model of a bundle, mission documents and phase reports in file order. */
export function bundleContracts(bundle: Bundle): ContractDefinition[] {
  const documents: LoadedDocument<unknown>[] = [...bundle.missions, ...bundle.phases];
  documents.sort((a, b) => compareStrings(a.document.file, b.document.file));
  return documents.flatMap((document) => documentContracts(document).definitions);
}

/** The definitions grouped by name, each group in file order, the groups by name. */
export function contractsByName(definitions: readonly ContractDefinition[]): Map<string, ContractDefinition[]> {
  const groups = new Map<string, ContractDefinition[]>();
  for (const definition of definitions) {
    const group = groups.get(definition.name);
    if (group) group.push(definition);
    else groups.set(definition.name, [definition]);
  }
  return new Map([...groups].sort(([a], [b]) => compareStrings(a, b)));
}

/** The range of a site, resolving a site inside a string on demand. */
export function siteRange(definition: ContractDefinition, site: ContractSite): SourceRange {
  return site.range ? site.range() : definition.document.locate(site.path, site.on ?? "value");
}

/** A site as `file:line:column`, for messages that name a second location. */
export function siteText(definition: ContractDefinition, site: ContractSite, prefix = ""): string {
  const range = siteRange(definition, site);
  return `${prefix}${site.file}:${range.line}:${range.column}`;
}
