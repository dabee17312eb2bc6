/**
 * Which schema a lone document (`spec-kit validate`) is checked against. One function decides,
 * so that a new kind or a new clue is added in one place: the `--kind` flag, then the
 * document's `$schema`, then its file name, then the top-level keys only one kind has, then its
 * folder, and a phase report when nothing tells.
 */
import { DOCUMENT_KINDS, type DocumentKind } from "../constants.js";

/** How a document's kind was decided. */
export type KindClue = "flag" | "$schema" | "file name" | "content" | "folder" | "default";

/** The kind of a document and what decided it. */
export interface DetectedKind {
  kind: DocumentKind;
  by: KindClue;
}

/** What identifies each kind. */
interface KindSignature {
  /** The `$id` of its schema under schemas/ (also matched by the schema's file name). */
  schemaId: string;
  /** Folder names whose files are of this kind. */
  folders: readonly string[];
  /** File name endings, before .json/.yaml/.yml (`x.trajectory.json`). */
  suffixes: readonly string[];
  /** Top-level keys that together say this kind (all must be present). */
  keys: readonly string[];
}

/** Every kind's clues; `validate --kind` takes these names. */
export const KIND_SIGNATURES: Readonly<Record<DocumentKind, KindSignature>> = {
  phase: { schemaId: "https://spec-kit.dev/schemas/phase-report.schema.json", folders: ["phases"], suffixes: ["phase"], keys: ["phase_meta"] },
  mission: { schemaId: "https://spec-kit.dev/schemas/mission.schema.json", folders: ["missions"], suffixes: ["mission"], keys: ["mission"] },
  manifest: { schemaId: "https://spec-kit.dev/schemas/manifest.schema.json", folders: [], suffixes: [], keys: ["specKit"] },
  trajectory: { schemaId: "https://spec-kit.dev/schemas/trajectory.schema.json", folders: ["trajectories"], suffixes: ["trajectory"], keys: ["steps", "outcome", "agent_id"] },
  "evidence-bundle": {
    schemaId: "https://spec-kit.dev/schemas/evidence-bundle.schema.json",
    folders: ["evidence-bundles"],
    suffixes: ["evidence-bundle"],
    keys: ["bundle_id", "governance_gate"],
  },
};

/** The kinds, in the order `--kind` lists them (compiler/constants.ts). */
export { DOCUMENT_KINDS };

const MANIFEST_FILE = /^spec-kit\.(ya?ml|json)$/;
const EXTENSION = /\.(json|ya?ml)$/i;

function kindOfSchema(value: unknown): DocumentKind | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const schema = Object.prototype.hasOwnProperty.call(value, "$schema") ? (value as Record<string, unknown>).$schema : undefined;
  if (typeof schema !== "string") return undefined;
  const base = schema.replace(/[?#].*$/, "").slice(schema.lastIndexOf("/") + 1);
  for (const kind of DOCUMENT_KINDS) {
    const id = KIND_SIGNATURES[kind].schemaId;
    if (schema === id || base === id.slice(id.lastIndexOf("/") + 1)) return kind;
  }
  return undefined;
}

function kindOfContent(value: unknown): DocumentKind | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);
  // A phase report wins over a stray "mission" key, as before.
  if (has("phase_meta")) return "phase";
  for (const kind of DOCUMENT_KINDS) {
    if (kind !== "phase" && KIND_SIGNATURES[kind].keys.every(has)) return kind;
  }
  return undefined;
}

/**
 * The kind of the document at `file` (relative or as given, `/` or `\` separators) whose parsed
 * value is `value` (undefined before parsing: then only the flag and the file name count).
 */
export function detectDocumentKind(file: string, value: unknown, forced?: DocumentKind): DetectedKind {
  if (forced) return { kind: forced, by: "flag" };
  const bySchema = kindOfSchema(value);
  if (bySchema) return { kind: bySchema, by: "$schema" };
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1] ?? "";
  if (MANIFEST_FILE.test(base)) return { kind: "manifest", by: "file name" };
  const stem = base.replace(EXTENSION, "");
  for (const kind of DOCUMENT_KINDS) {
    if (KIND_SIGNATURES[kind].suffixes.some((suffix) => stem === suffix || stem.endsWith(`.${suffix}`))) return { kind, by: "file name" };
  }
  const byContent = kindOfContent(value);
  if (byContent) return { kind: byContent, by: "content" };
  const folders = parts.slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) {
    const kind = DOCUMENT_KINDS.find((k) => KIND_SIGNATURES[k].folders.includes(folders[i]!));
    if (kind) return { kind, by: "folder" };
  }
  return { kind: "phase", by: "default" };
}
