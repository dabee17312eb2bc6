import type { LoadedDocument } from "../bundle.js";
import { asRecord, own, textField } from "../guards.js";
import type { MissionDocument } from "../types/mission.js";

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

/**
 * One mission document as binding and the mission rules read it: every document, valid or
 * not, with its sections' object items (a missing section or a non-object item yields
 * nothing), so that a malformed document never stops the check.
 */
export interface MissionEntry {
  file: string;
  /** `mission.id`, when it is a non-empty string. */
  missionId?: string;
  /** The object items of a section, with their indices. */
  items(section: MissionSection): readonly SectionItem[];
}

/** Reads a mission document; its sections are read on first use. */
export function readMissionEntry(doc: LoadedDocument<unknown>): MissionEntry {
  const cache = new Map<MissionSection, readonly SectionItem[]>();
  const entry: MissionEntry = {
    file: doc.document.file,
    items(section) {
      let items = cache.get(section);
      if (!items) {
        items = sectionItems(doc.data, section);
        cache.set(section, items);
      }
      return items;
    },
  };
  const missionId = textField(asRecord(own(doc.data, "mission")) ?? {}, "id");
  if (missionId !== undefined) entry.missionId = missionId;
  return entry;
}

function sectionItems(data: unknown, section: MissionSection): SectionItem[] {
  const list = own(data, section);
  if (!Array.isArray(list)) return [];
  const out: SectionItem[] = [];
  list.forEach((item, index) => {
    const record = asRecord(item);
    if (record) out.push({ index, record });
  });
  return out;
}
