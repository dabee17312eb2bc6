import type { ChainRecord } from "../common/hash-chain.js";
import type { EventLog } from "./event-log.js";

/** One reason a value failed its contract: ajv's error object (`instancePath` is a JSON pointer into the value). */
export interface ContractError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled contract validator (ajv standalone code): a type guard whose `errors` lists the failures of its last call. */
export interface ContractValidator<T> {
  (data: unknown): data is T;
  errors?: ContractError[] | null;
}

/** How many errors a {@link ContractViolationError}'s message lists (all are in `errors`). */
const LISTED_ERRORS = 5;

function describeError(error: ContractError): string {
  const where = error.instancePath === "" ? "(root)" : error.instancePath;
  const extra =
    error.keyword === "additionalProperties" && typeof error.params.additionalProperty === "string"
      ? ` "${error.params.additionalProperty}"`
      : error.keyword === "enum" && Array.isArray(error.params.allowedValues)
        ? `: ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`
        : "";
  return `${where} ${error.message ?? `fails ${error.keyword}`}${extra}`;
}

/** Thrown when a value does not match its contract; `errors` are ajv's, each with the path of the offending value. */
export class ContractViolationError extends TypeError {
  override readonly name = "ContractViolationError";

  constructor(
    /** The contract's name. */
    readonly contract: string,
    readonly errors: readonly ContractError[],
  ) {
    const listed = errors.slice(0, LISTED_ERRORS).map(describeError);
    const more = errors.length > LISTED_ERRORS ? `; and ${errors.length - LISTED_ERRORS} more` : "";
    super(`not a valid ${contract}: ${listed.join("; ") || "rejected"}${more}`);
  }
}

/** Throws a {@link ContractViolationError} unless `value` passes `validate`. */
export function assertContract<T>(contract: string, validate: ContractValidator<T>, value: unknown): asserts value is T {
  if (validate(value)) return;
  throw new ContractViolationError(contract, [...(validate.errors ?? [])]);
}

/**
 * Validates `record` against its contract, then appends it to the hash-chained log. A record
 * that fails is never appended: the log stays as it was and a {@link ContractViolationError} says why.
 */
export function appendContract<T>(contract: string, validate: ContractValidator<T>, log: EventLog<T>, record: T): ChainRecord<T> {
  assertContract(contract, validate, record);
  return log.append(record);
}
