import type { ErrorObject } from "ajv";
import type { DocumentKind } from "../constants.js";

/** A validation function as ajv's standalone code defines it (built with `verbose`, so errors carry data and schema). */
export interface StandaloneValidate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The generated validators, by document kind; a kind without a schema has none. */
export type StandaloneValidators = Readonly<Partial<Record<DocumentKind, StandaloneValidate>>>;

/** Loads the generated validator of each document kind whose schema exists (each on its own, when first called). */
export type StandaloneValidatorLoaders = Readonly<Partial<Record<DocumentKind, () => StandaloneValidate>>>;
