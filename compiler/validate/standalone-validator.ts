import type { ErrorObject } from "ajv";
import type { DocumentKind } from "../constants.js";

/** A validation function as ajv's standalone code defines it (built with `verbose`, so errors carry data and schema). */
export interface StandaloneValidate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The generated validators, by document kind; a kind without a schema has none. */
export type StandaloneValidators = Readonly<Partial<Record<DocumentKind, StandaloneValidate>>>;
