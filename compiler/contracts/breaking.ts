/**
 * Breaking changes between two versions of a bundle's contracts and data models (`check
 * --against REV`). Modelled on buf's WIRE_JSON category: what breaks data already written, or
 * readers of it, counts (a field removed or renamed, a type changed or narrowed, an optional
 * field made required or a required one added, an enum value removed, a tenant key dropped, an
 * append-only model made mutable, a contract removed); additions and widenings do not. A new
 * version goes in a new version namespace (`MissionPrompt.v2` beside `MissionPrompt`, AutoLoop's
 * rule): a new name, so nothing is compared, and a contract whose successor exists may go. Pure:
 * both bundles are already loaded; each change points at the new text and names the old one.
 */
import type { Bundle } from "../bundle.js";
import { START_OF_FILE, type MessageData } from "../diagnostics.js";
import { bundleContracts, contractsByName, contractTenancy, isTenantScoped, siteText, type ContractTenancy } from "./bundle-contracts.js";
import type { ContractDefinition, ContractSite } from "./document-contracts.js";
import { BREAKING_KINDS, diffShapes, fieldText, type ShapeChange, type ShapeChangeKind } from "./schema-diff.js";

const KEEP = "keep the old shape, or make the change in a new version namespace such as {{next}}";

/** The messages of `contract/breaking`, keyed by id. */
export const BREAKING_MESSAGES = {
  contractRemoved: `contract "{{name}}" was removed (it was at {{was}}); its readers still expect it: keep it, or declare its successor {{next}}`,
  fieldRemoved: `field "{{field}}" of {{name}} was removed (it was at {{was}}); readers still expect it: ${KEEP}`,
  fieldRenamed: `field "{{field}}" of {{name}} was renamed to "{{to}}" (it was at {{was}}); data written before has the old name: ${KEEP}`,
  typeChanged: `field "{{field}}" of {{name}} changed type from {{from}} to {{to}} (it was at {{was}}): ${KEEP}`,
  typeNarrowed: `field "{{field}}" of {{name}} was narrowed from {{from}} to {{to}} (it was at {{was}}); data valid before is refused now: ${KEEP}`,
  optionalMadeRequired: `field "{{field}}" of {{name}} was optional and is required now (it was at {{was}}); data written before may lack it: ${KEEP}`,
  requiredFieldAdded: `field "{{field}}" of {{name}} is new and required (the contract was at {{was}}); data written before lacks it: make it optional, or ${KEEP.slice("keep the old shape, or ".length)}`,
  enumValueRemoved: `value {{value}} of field "{{field}}" of {{name}} was removed (it was at {{was}}); data written before may hold it: ${KEEP}`,
  constraintsChanged: `field "{{field}}" of {{name}} changed its constraints (it was at {{was}}); data valid before may be refused now: ${KEEP}`,
  tenantKeyDropped: `data model {{name}} dropped its tenant key {{key}} (it was at {{was}}); its records can no longer be kept apart by tenant: ${KEEP}`,
  appendOnlyMadeMutable: `data model {{name}} was append-only and is mutable now (it was at {{was}}); its recorded history could be rewritten: ${KEEP}`,
} as const;

/** The id of a breaking-change message. */
export type BreakingMessageId = keyof typeof BREAKING_MESSAGES;

const MESSAGE_OF: Partial<Record<ShapeChangeKind, BreakingMessageId>> = {
  "field-removed": "fieldRemoved",
  "field-renamed": "fieldRenamed",
  "type-changed": "typeChanged",
  "type-narrowed": "typeNarrowed",
  "optional-made-required": "optionalMadeRequired",
  "required-field-added": "requiredFieldAdded",
  "enum-value-removed": "enumValueRemoved",
  "constraints-changed": "constraintsChanged",
};

/** The version namespace of a name: `MissionPrompt.v2` is version 2 of `MissionPrompt`, a plain name version 1. */
export function versionOf(name: string): { base: string; version: number } {
  const match = /^(.+)\.v([1-9]\d{0,8})$/.exec(name);
  return match ? { base: match[1]!, version: Number(match[2]) } : { base: name, version: 1 };
}

/** The name of the next version of a contract. */
export function nextVersion(name: string): string {
  const { base, version } = versionOf(name);
  return `${base}.v${version + 1}`;
}

/** One breaking change: a message of {@link BREAKING_MESSAGES} and where it shows in the new text. */
export interface BreakingChange {
  messageId: BreakingMessageId;
  data: MessageData;
  /** A site in the new bundle; for a contract whose file is gone, its old file, at the start. */
  site: ContractSite;
}

/** The breaking changes from `before` to `after`; `prefix` names a file of `before` in messages (`main:specs/`). */
export function findBreakingChanges(before: Bundle, after: Bundle, prefix: string): BreakingChange[] {
  const changesFound: BreakingChange[] = [];
  const oldGroups = contractsByName(bundleContracts(before));
  const newGroups = contractsByName(bundleContracts(after));
  const oldTenancy = contractTenancy(before.manifest.valid ? before.manifest.data : undefined);
  const newTenancy = contractTenancy(after.manifest.valid ? after.manifest.data : undefined);
  const newFiles = new Set([...after.missions, ...after.phases].map((d) => d.document.file));
  const was = (definition: ContractDefinition, site: ContractSite): string => siteText(definition, site, prefix);

  for (const [name, olds] of oldGroups) {
    const old = olds.find((d) => d.schema !== undefined);
    if (!old) continue;
    const data = { name, next: nextVersion(name) };
    const news = newGroups.get(name);
    if (!news) {
      if (hasSuccessor(name, newGroups)) continue;
      const file = old.document.file;
      const section = old.origin === "contract" ? "contracts" : "data_models";
      const values = { ...data, was: was(old, { file, path: [...old.path, "name"] }) };
      changesFound.push({ messageId: "contractRemoved", data: values, site: newFiles.has(file) ? { file, path: [section] } : { file, path: [], range: () => ({ ...START_OF_FILE }) } });
      continue;
    }
    const current = news.find((d) => d.schema !== undefined);
    if (!current) continue;
    const report = (messageId: BreakingMessageId, site: ContractSite, values: Record<string, string>): void => {
      changesFound.push({ messageId, data: { ...data, ...values }, site });
    };

    let changes = diffShapes(old.schema!, current.schema!).filter((change) => BREAKING_KINDS.has(change.kind));
    const tenantKey = droppedTenantKey(old, current, oldTenancy, newTenancy);
    if (tenantKey !== undefined) {
      report("tenantKeyDropped", current.fieldSite(tenantKey), { key: tenantKey, was: was(old, old.fieldSite(tenantKey)) });
      changes = changes.filter((change) => !(change.field.length === 1 && change.field[0] === tenantKey && (change.kind === "field-removed" || change.kind === "field-renamed")));
    }
    if (old.model?.appendOnly && current.model && !current.model.appendOnly) {
      report("appendOnlyMadeMutable", { file: current.document.file, path: [...current.path, "append_only"] }, { was: was(old, { file: old.document.file, path: [...old.path, "append_only"] }) });
    }
    for (const change of changes) {
      const messageId = MESSAGE_OF[change.kind];
      if (!messageId) continue;
      report(messageId, newSite(current, change), { field: fieldText(change.field), from: change.from ?? "", to: change.to ?? "", value: change.value ?? "", was: was(old, oldSite(old, change)) });
    }
  }
  return changesFound;
}

/** Whether the new bundle holds a later version of `name` in its namespace. */
function hasSuccessor(name: string, groups: ReadonlyMap<string, unknown>): boolean {
  const { base, version } = versionOf(name);
  for (const candidate of groups.keys()) {
    const other = versionOf(candidate);
    if (other.base === base && other.version > version) return true;
  }
  return false;
}

/** The tenant key a tenant-scoped model carried before and no longer does (its field gone, or the model made global). */
function droppedTenantKey(old: ContractDefinition, current: ContractDefinition, before: ContractTenancy | undefined, after: ContractTenancy | undefined): string | undefined {
  if (!isTenantScoped(old, before)) return undefined;
  const key = before.key;
  if (!Object.prototype.hasOwnProperty.call((old.schema!.properties as object | undefined) ?? {}, key)) return undefined;
  const stillScoped = isTenantScoped(current, after) && after.key === key;
  const stillCarried = Object.prototype.hasOwnProperty.call((current.schema!.properties as object | undefined) ?? {}, key);
  return stillScoped && stillCarried ? undefined : key;
}

/** Where in the new text a change is shown: the field, or the shape when the field is gone. */
function newSite(current: ContractDefinition, change: ShapeChange): ContractSite {
  const top = change.field[0];
  if (change.kind === "field-renamed" && change.field.length === 1) return current.fieldSite(change.to!);
  if (top === undefined || (change.kind === "field-removed" && change.field.length === 1)) return { file: current.document.file, path: current.shapePath };
  return current.fieldSite(top);
}

/** Where in the old text the changed field was. */
function oldSite(old: ContractDefinition, change: ShapeChange): ContractSite {
  const top = change.field[0];
  if (top === undefined || change.kind === "required-field-added" && change.field.length === 1) return { file: old.document.file, path: old.shapePath };
  return old.fieldSite(top);
}
