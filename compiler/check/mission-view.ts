import type { LoadedDocument } from "../bundle.js";
import type { MissionDocument } from "../types/mission.js";
import { asRecord, own } from "../guards.js";

/** The list-valued top-level keys of a mission document. */
export type MissionSection = {
  [K in keyof MissionDocument]-?: NonNullable<MissionDocument[K]> extends readonly unknown[] ? K : never;
}[keyof MissionDocument];

/**
 * One object item of a mission section with its index. Rules run on invalid documents too, so
 * `record` is read field by field through the guards rather than trusted as the schema type.
 */
export interface SectionItem {
  index: number;
  record: Record<string, unknown>;
}

/** The object items of a section; a missing section or a non-object item yields nothing. */
export function sectionItems(mission: LoadedDocument<unknown>, section: MissionSection): SectionItem[] {
  const list = own(mission.data, section);
  if (!Array.isArray(list)) return [];
  const out: SectionItem[] = [];
  list.forEach((item, index) => {
    const record = asRecord(item);
    if (record) out.push({ index, record });
  });
  return out;
}

/** A field that is a non-empty string, or undefined. */
export function textField(record: Record<string, unknown>, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
