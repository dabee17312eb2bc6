/**
 * When two contracts' schemas are the same but for the annotations each contract gets its own
 * (`$id`, `title`, `description`): their validators are the same code, and their types the same
 * but for the name and the doc comment. Pure.
 */
import type { JsonSchema } from "./notation.js";

/** Keywords that give a schema or a part of it an identity of its own: below the root, they make the validator depend on the root's `$id`. */
const IDENTITY_KEYWORDS = new Set(["$id", "$anchor", "$dynamicAnchor"]);

function declaresIdentity(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(declaresIdentity);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, item]) => IDENTITY_KEYWORDS.has(key) || declaresIdentity(item));
}

/**
 * What a contract's validator is made from: its schema without the root's `$id`, `title` and
 * `description`, the annotations planContracts gives every contract its own. Two contracts with
 * the same key are checked by the same code. Undefined (never shared) when a part of the schema
 * declares an identity of its own.
 */
export function validationKey(schema: JsonSchema): string | undefined {
  const { $id: id, title, description, ...rest } = schema;
  // ajv checks each schema it is given against the meta-schema: annotations it would refuse keep the contract compiled on its own.
  const plain = (value: unknown): boolean => value === undefined || typeof value === "string";
  if (!plain(id) || !plain(title) || !plain(description) || declaresIdentity(rest)) return undefined;
  return JSON.stringify(rest);
}
