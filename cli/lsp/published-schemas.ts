import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DocumentKind } from "../../compiler/constants.js";
import type { Schema } from "../../compiler/editor/schema-fields.js";
import { packageRoot } from "../package-info.js";

const FILES: Readonly<Record<DocumentKind, string>> = {
  phase: "phase-report.schema.json",
  manifest: "manifest.schema.json",
  mission: "mission.schema.json",
  trajectory: "trajectory.schema.json",
  "evidence-bundle": "evidence-bundle.schema.json",
};

const loaded = new Map<DocumentKind, Schema>();

/** The published schema of a document kind, read once from the package's schemas/. */
export function publishedSchema(kind: DocumentKind): Schema {
  let schema = loaded.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(publishedSchemaPath(FILES[kind]), "utf8")) as Schema;
    loaded.set(kind, schema);
  }
  return schema;
}

/** The path of a schema file the package publishes (a name as `publishedSchemaName` gives it). */
export function publishedSchemaPath(name: string): string {
  return join(packageRoot(), "schemas", name);
}
